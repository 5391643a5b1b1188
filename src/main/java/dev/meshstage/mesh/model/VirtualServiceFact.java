package dev.meshstage.mesh.model;

import java.util.List;

/** A VirtualService's http routes, in order (Envoy takes the first that matches). */
public record VirtualServiceFact(String namespace, String name, List<String> gateways, List<String> hosts,
        List<HttpRoute> http) {

    public VirtualServiceFact {
        gateways = List.copyOf(gateways);
        hosts = List.copyOf(hosts);
        http = List.copyOf(http);
    }

    /** @param matches {@code prefix:/api/products}, {@code exact:/}, {@code regex:…}; empty matches everything */
    public record HttpRoute(String name, List<String> matches, String destinationHost, int destinationPort) {
        public HttpRoute {
            matches = List.copyOf(matches);
        }
    }
}
