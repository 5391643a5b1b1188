package dev.meshstage.step;

import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.Objects;

/**
 * Where a gateway Service answers, as what it is: a LoadBalancer's IP (or that it is still pending), or a NodePort
 * and the host port that reaches it through kind's extraPortMappings — never "pending" for a NodePort Service,
 * which never gets an external IP.
 *
 * @param ip       the LoadBalancer ingress IP, null when none (yet)
 * @param nodePort the node port of {@code port}, null when the Service has none
 * @param hostPort the host port kind maps to that node port, null when no node maps it
 */
public record GatewayAddress(String type, int port, String ip, Integer nodePort, Integer hostPort) {

    public static GatewayAddress of(Service service, int port, ClusterPlan cluster) {
        String type = service.getSpec().getType() == null ? "ClusterIP" : service.getSpec().getType();
        String ip = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null ? null
                : service.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).filter(Objects::nonNull)
                        .findFirst().orElse(null);
        Integer nodePort = service.getSpec().getPorts() == null ? null : service.getSpec().getPorts().stream()
                .filter(p -> p.getPort() != null && p.getPort() == port).map(ServicePort::getNodePort)
                .filter(Objects::nonNull).findFirst().orElse(null);
        Integer hostPort = nodePort == null ? null : cluster.nodes().stream().flatMap(n -> n.portMappings().stream())
                .filter(m -> m.containerPort() == nodePort).map(ClusterPlan.PortMapping::hostPort).findFirst().orElse(null);
        return new GatewayAddress(type, port, ip, nodePort, hostPort);
    }

    public boolean loadBalancer() {
        return "LoadBalancer".equals(type);
    }

    /** {@code 172.18.255.1 (LoadBalancer)}, {@code NodePort 30000 → localhost:80 (kind extraPortMappings)}, … */
    public String describe() {
        if (loadBalancer()) {
            String lb = ip == null ? "LoadBalancer <pending> (no external IP yet: is MetalLB installed? 'lb install')"
                    : ip + " (LoadBalancer)";
            return nodePort == null || hostPort == null ? lb : lb.replace(")", "") + "; NodePort " + nodePort + " → localhost:" + hostPort + ")";
        }
        if ("NodePort".equals(type)) {
            return "NodePort " + (nodePort == null ? "?" : nodePort) + (hostPort == null
                    ? " (no kind extraPortMappings maps it to a host port)"
                    : " → localhost:" + hostPort + " (kind extraPortMappings)");
        }
        return type + " (no address outside the cluster)";
    }
}
