package dev.meshstage.mesh.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Service: its type, virtual IP (none when headless), selector, ports and the addresses a load balancer gave it.
 *
 * @param clusterIp        the ClusterIP, {@code None} when headless, null for ExternalName
 * @param loadBalancerIps  {@code status.loadBalancer.ingress[].ip}; empty while MetalLB has not assigned one
 */
public record ServiceFact(String namespace, String name, String type, String clusterIp, Map<String, String> selector,
        List<PortFact> ports, Map<String, String> labels, List<String> loadBalancerIps, List<String> externalIps) {

    public ServiceFact {
        selector = Map.copyOf(selector);
        ports = List.copyOf(ports);
        labels = Map.copyOf(labels);
        loadBalancerIps = List.copyOf(loadBalancerIps);
        externalIps = List.copyOf(externalIps);
    }

    /** One port of a Service; {@code nodePort} 0 when it has none. */
    public record PortFact(String name, int port, String targetPort, String protocol, int nodePort) {
    }

    public boolean headless() {
        return "None".equals(clusterIp);
    }

    public boolean loadBalancer() {
        return "LoadBalancer".equals(type);
    }

    public boolean nodePort() {
        return "NodePort".equals(type);
    }

    /** A LoadBalancer Service still waiting for its address ({@code EXTERNAL-IP <pending>}). */
    public boolean pending() {
        return loadBalancer() && loadBalancerIps.isEmpty();
    }

    public Optional<PortFact> port(int number) {
        return ports.stream().filter(p -> p.port() == number).findFirst();
    }

    public Optional<PortFact> port(String portName) {
        return ports.stream().filter(p -> portName.equals(p.name())).findFirst();
    }

    /** {@code product.simple-buy.svc.cluster.local}. */
    public String host() {
        return name + "." + namespace + ".svc.cluster.local";
    }

    public String network() {
        return labels.get(NamespaceFact.NETWORK);
    }
}
