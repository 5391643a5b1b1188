package dev.meshstage.mesh.trace;

import dev.meshstage.mesh.route.Candidate;
import dev.meshstage.mesh.route.Hop;
import dev.meshstage.mesh.route.RoutePlan;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A trace: who called what, the path the routing rule computes, and what a real request along it got, where the
 * backend could send one.
 *
 * @param request null when the backend cannot send a request (on kind: the workload container has no curl)
 * @param sidecar the endpoints of the outbound cluster as the caller's Envoy has them ({@code pilot-agent request GET
 *                clusters} in its sidecar); null when they were not asked for (the sim's data plane answers itself)
 */
public record TraceReport(Endpoints.Caller caller, Endpoints.Callee callee, RoutePlan plan, Request request,
        List<SidecarEndpoint> sidecar) {

    public TraceReport {
        sidecar = sidecar == null ? null : List.copyOf(sidecar);
    }

    public TraceReport(Endpoints.Caller caller, Endpoints.Callee callee, RoutePlan plan, Request request) {
        this(caller, callee, plan, request, null);
    }

    /** One host of the outbound cluster in Envoy's {@code /clusters}: its address and whether Envoy sees it healthy. */
    public record SidecarEndpoint(String address, boolean healthy) {
    }

    /** What a real request along the path got. {@code servedBy} is {@code cluster/pod}, null when nobody answered. */
    public record Request(int status, String flags, String body, String servedBy, String via) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /**
     * The computed path and the real request agree: both through, or both failed — or the path breaks behind one
     * endpoint and Envoy served the request through another ({@link #servedElsewhere()}).
     */
    public boolean agrees() {
        return request == null || request.ok() == plan.ok() || servedElsewhere();
    }

    /**
     * The request got through an endpoint other than the one the path shows while that path is broken: Envoy picks
     * endpoints by weight and retries a failed connection on another, so some requests get through and others fail.
     */
    public boolean servedElsewhere() {
        if (request == null || !request.ok() || plan.ok() || request.via() == null) {
            return false;
        }
        return plan.hops().stream().filter(h -> h.what() == Hop.Kind.ENDPOINT).findFirst()
                .map(h -> h.ok() && !request.via().equals(h.address())).orElse(false);
    }

    /** Envoy has exactly the endpoints the routing rule computes (true when it was not asked). */
    public boolean sidecarAgrees() {
        return sidecar == null || sidecarAddresses().equals(computedAddresses());
    }

    public Set<String> sidecarAddresses() {
        return sidecar == null ? Set.of() : sidecar.stream().map(SidecarEndpoint::address).collect(Collectors.toCollection(TreeSet::new));
    }

    public Set<String> computedAddresses() {
        return plan.endpoints().stream().map(Candidate::address).collect(Collectors.toCollection(TreeSet::new));
    }
}
