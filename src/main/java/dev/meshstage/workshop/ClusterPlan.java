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
 * @param kindConfig    the kind config file this plan came from; null for an attached cluster
 * @param attachment    how an attached cluster ({@code cluster attach}) is reached; null for the workshop's own
 */
public record ClusterPlan(
        String name,
        String podSubnet,
        String serviceSubnet,
        List<NodePlan> nodes,
        List<String> poolRanges,
        String network,
        String meshId,
        Path kindConfig,
        Attachment attachment) {

    /** A cluster of the workshop's configs, which the backend creates. */
    public ClusterPlan(String name, String podSubnet, String serviceSubnet, List<NodePlan> nodes, List<String> poolRanges,
            String network, String meshId, Path kindConfig) {
        this(name, podSubnet, serviceSubnet, nodes, poolRanges, network, meshId, kindConfig, null);
    }

    /** An existing cluster added with {@code cluster attach}: its subnets and nodes are its own, not a kind config's. */
    public static ClusterPlan attached(String name, String network, String meshId, Attachment attachment) {
        return new ClusterPlan(name, null, null, List.of(), List.of(), network, meshId, null, attachment);
    }

    public boolean isAttached() {
        return attachment != null;
    }

    /** The kubeconfig context: {@code kind-<name>} for the workshop's clusters, the one given for an attached one. */
    public String context() {
        return attachment != null ? attachment.context() : contextOf(name);
    }

    /** The one place that knows kind's context name for a cluster ({@code kind-<name>}), for when no plan is at hand. */
    public static String contextOf(String cluster) {
        return "kind-" + cluster;
    }

    /**
     * How meshstage reaches an attached cluster.
     *
     * @param kubeconfig the user's kubeconfig file holding the context (read where it is, never copied)
     * @param server     the context's API server URL as the kubeconfig names it
     * @param appPart    the workshop cluster whose share of the app it runs, by attach order ({@code cluster1}'s is
     *                   {@code sample-app/}, the second's {@code sample-app/cluster2-manifests/}); null past the
     *                   workshop's clusters
     * @param appHome    whether it runs the app's home share ({@code sample-app/} itself)
     */
    public record Attachment(String context, Path kubeconfig, String server, String appPart, boolean appHome) {
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
