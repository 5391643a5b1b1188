package dev.meshstage.mesh.model;

import java.util.List;
import java.util.Map;

/** An Istio {@code Gateway} resource: which gateway pods it configures and the servers it opens on them. */
public record IstioGatewayFact(String namespace, String name, Map<String, String> selector, List<Server> servers) {

    public IstioGatewayFact {
        selector = Map.copyOf(selector);
        servers = List.copyOf(servers);
    }

    /** @param tlsMode {@code AUTO_PASSTHROUGH}, {@code ISTIO_MUTUAL}…, null without TLS */
    public record Server(int port, String portName, String protocol, List<String> hosts, String tlsMode) {
        public Server {
            hosts = List.copyOf(hosts);
        }
    }
}
