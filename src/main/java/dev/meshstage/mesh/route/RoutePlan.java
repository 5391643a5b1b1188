package dev.meshstage.mesh.route;

import java.util.List;
import java.util.Optional;

/**
 * The path a request takes from a workload to a service, as istiod and Envoy would make it: the hops in order, the
 * candidate endpoints with their weights, and the first hop the request does not get past.
 *
 * @param outboundCluster {@code outbound|9082||product.simple-buy.svc.cluster.local}
 * @param sni             the SNI towards a remote gateway, null on a local path
 */
public record RoutePlan(String fromCluster, String fromPod, String host, int port, String outboundCluster, String sni,
        List<Hop> hops, List<Candidate> endpoints) {

    public RoutePlan {
        hops = List.copyOf(hops);
        endpoints = List.copyOf(endpoints);
    }

    public boolean ok() {
        return hops.stream().allMatch(Hop::ok);
    }

    public Optional<Hop> broken() {
        return hops.stream().filter(h -> !h.ok()).findFirst();
    }
}
