package dev.meshstage.backend.sim;

import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.route.Candidate;
import dev.meshstage.mesh.route.Hop;
import dev.meshstage.mesh.route.Problem;
import dev.meshstage.mesh.route.RoutePlan;
import dev.meshstage.mesh.route.Router;

import java.util.ArrayList;
import java.util.List;

/**
 * How the caller's Envoy sends one request along the routing rule: it picks an endpoint of the outbound cluster by
 * weight (it cannot tell a reachable endpoint from one that is not), follows the path through it, and on a connect
 * failure retries on another endpoint — Istio's default retry policy: two retries on connect-failure, other hosts
 * first. What it meets on the last attempt is what the caller sees (503 with Envoy's flags and words).
 */
final class EnvoyAttempts {

    /** Istio's default: the first attempt and two retries. */
    static final int ATTEMPTS = 3;

    private EnvoyAttempts() {
    }

    /**
     * The outcome of one request.
     *
     * @param plan      the path of the last attempt (the trace's path when none was made)
     * @param servedBy  the endpoint that served it, null when it failed
     * @param servedPod the pod behind that endpoint that served it
     * @param tried     the endpoints tried, in order
     */
    record Outcome(int status, String flags, String body, RoutePlan plan, Candidate servedBy, String servedPod, List<Candidate> tried) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** One request; {@code n} is the caller's request counter, which turns the weighted round robin. */
    static Outcome send(MeshModel model, String fromCluster, PodFact from, String namespace, String service, int port,
            Router.Origin origin, long n) {
        RoutePlan shown = Router.route(model, fromCluster, from, namespace, service, port, origin);
        if (beforeEndpoints(shown) || shown.endpoints().isEmpty()) {
            return failed(shown, List.of());
        }
        List<Candidate> left = new ArrayList<>(shown.endpoints());
        List<Candidate> tried = new ArrayList<>();
        RoutePlan last = shown;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Candidate c = weighted(left.isEmpty() ? shown.endpoints() : left, n);
            tried.add(c);
            left.remove(c);
            last = Router.route(model, fromCluster, from, namespace, service, port, origin, c);
            if (last.ok()) {
                String pod = c.pods().get((int) Math.floorMod(n, (long) c.pods().size()));
                return new Outcome(200, "-", "", last, c, pod, tried);
            }
            if (!retried(last)) {
                break;
            }
        }
        return failed(last, tried);
    }

    private static Outcome failed(RoutePlan plan, List<Candidate> tried) {
        Problem.Failure f = plan.broken().map(h -> h.problem().cause().failure()).orElse(Problem.Failure.NO_HEALTHY_UPSTREAM);
        return new Outcome(f.status(), f.flags(), f.body(), plan, null, null, tried);
    }

    /** Broken before Envoy has endpoints to pick from: the caller, its sidecar, DNS, the outbound cluster. */
    private static boolean beforeEndpoints(RoutePlan plan) {
        return plan.broken().map(Hop::what).filter(k -> k == Hop.Kind.POD || k == Hop.Kind.SIDECAR || k == Hop.Kind.DNS
                || k == Hop.Kind.CLUSTER).isPresent();
    }

    /** A connect failure (UF) is retried; no healthy upstream, no route and no name are not. */
    private static boolean retried(RoutePlan plan) {
        return plan.broken().map(h -> h.problem().cause().failure().flags().contains("UF")).orElse(false);
    }

    /** Weighted round robin: a gateway standing for two pods is taken twice as often as one pod. */
    static Candidate weighted(List<Candidate> candidates, long n) {
        int total = candidates.stream().mapToInt(Candidate::weight).sum();
        long slot = Math.floorMod(n, (long) Math.max(total, 1));
        for (Candidate c : candidates) {
            slot -= c.weight();
            if (slot < 0) {
                return c;
            }
        }
        return candidates.get(0);
    }
}
