package dev.meshstage.workshop;

import java.nio.file.Path;
import java.util.List;

/**
 * One cluster of the workshop as its config files describe it: the kind topology, the MetalLB pool and
 * the Istio network. Built by {@link WorkshopLoader} from configs/kind, configs/metallb and configs/istio.
 *
 * @param name          kind cluster name, e.g. {@code cluster1}; the kubeconfig context is {@code kind-<name>}
 * @param podSubnet     CIDR, e.g. {@code 10.244.0.0/16}
 * @param serviceSubnet CIDR, e.g. {@code 10.96.0.0/16}
 * @param nodes         in kind order: control-plane first, then workers
 * @param poolRanges    MetalLB IPAddressPool addresses as written in the file ({@code a-b} ranges or CIDRs)
 * @param network       Istio network ({@code values.global.network}), e.g. {@code network1}
 * @param meshId        Istio mesh ID ({@code values.global.meshID})
 * @param kindConfig    the kind config file this plan came from
 */
public record ClusterPlan(
        String name,
        String podSubnet,
        String serviceSubnet,
        List<NodePlan> nodes,
        List<String> poolRanges,
        String network,
        String meshId,
        Path kindConfig) {

    public String context() {
        return contextOf(name);
    }

    /** The one place that knows kind's context name for a cluster ({@code kind-<name>}), for when no plan is at hand. */
    public static String contextOf(String cluster) {
        return "kind-" + cluster;
    }

    /**
     * kind names nodes {@code <cluster>-control-plane}, {@code <cluster>-worker}, {@code <cluster>-worker2}…
     * {@code image} is empty when the config leaves the node image to kind's default.
     */
    public record NodePlan(String name, String role, String image, List<PortMapping> portMappings) {
        public boolean controlPlane() {
            return "control-plane".equals(role);
        }
    }

    public record PortMapping(int containerPort, int hostPort, String protocol) {
    }
}
