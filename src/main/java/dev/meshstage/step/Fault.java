package dev.meshstage.step;

import dev.meshstage.mesh.route.Problem;

/**
 * A failure mode of the workshop's mesh (workshop reference §6) that {@code sim fault} introduces on purpose, through
 * the cluster's API as a person with kubectl would, and {@code sim fault clear} undoes. What it breaks is said for
 * learners; the cause the routing rule then finds, and the request that shows it, are data for the tests.
 *
 * @param defaultCluster the cluster it acts on unless {@code --cluster} says otherwise (1-based, as in the workshop)
 * @param traceFrom      the workload whose request shows the fault ({@code cart}), with {@code traceTo}
 */
public enum Fault {
    REMOTE_SECRET_MISSING("remote-secret-missing", 1, "deletes the remote secret by which this cluster's istiod reads the other "
            + "cluster: it no longer learns the endpoints there, so calls to services that run only there fail (503 no healthy upstream)",
            Problem.Cause.REMOTE_NOT_DISCOVERED, "cart", "product"),
    REMOTE_SECRET_UNREACHABLE("remote-secret-unreachable", 1, "points the remote secret at an API address nobody answers on "
            + "(what a kind kubeconfig's 127.0.0.1 is from inside a cluster): istiod stays 'syncing', then 'timeout'",
            Problem.Cause.REMOTE_NOT_DISCOVERED, "cart", "product"),
    EASTWEST_GATEWAY_DOWN("eastwest-gateway-down", 2, "scales this cluster's east-west gateway to zero: its address still "
            + "answers ARP, but nothing accepts mTLS on 15443, so cross-network calls into this cluster fail",
            Problem.Cause.GATEWAY_NOT_READY, "cart", "product"),
    GATEWAY_NETWORK_LABEL_MISSING("gateway-network-label-missing", 2, "removes topology.istio.io/network from the east-west "
            + "gateway Service: istiod no longer knows it is this network's gateway and hands out raw pod IPs, which time out",
            Problem.Cause.REMOTE_POD_IPS, "cart", "product"),
    PASSTHROUGH_MISSING("passthrough-missing", 2, "deletes the cross-network Gateway (AUTO_PASSTHROUGH on 15443): the "
            + "east-west gateway has no filter chain for the SNI and closes every cross-network connection",
            Problem.Cause.NO_PASSTHROUGH_LISTENER, "cart", "product"),
    SIDECAR_MISSING("sidecar-missing", 2, "turns injection off in simple-buy and restarts product: its new pod has no "
            + "sidecar, so other networks drop it as an endpoint (mTLS through the gateway needs one)",
            Problem.Cause.REMOTE_ENDPOINTS_WITHOUT_SIDECAR, "cart", "product"),
    SECOND_ROOT("second-root", 2, "gives this cluster a CA of its own root (as two independent self-signed CAs would) and "
            + "restarts istiod and the workloads: the cross-cluster handshake fails with CERTIFICATE_VERIFY_FAILED",
            Problem.Cause.UNTRUSTED_PEER, "cart", "product"),
    STUB_SERVICE_MISSING("stub-service-missing", 2, "deletes the stub Service postgres in this cluster: product here can no "
            + "longer resolve postgres.simple-buy, whose pods run only in cluster1 (Istio's DNS proxying is off)",
            Problem.Cause.NAME_DOES_NOT_RESOLVE, "product", "postgres");

    private final String word;
    private final int defaultCluster;
    private final String breaks;
    private final Problem.Cause cause;
    private final String traceFrom;
    private final String traceTo;

    Fault(String word, int defaultCluster, String breaks, Problem.Cause cause, String traceFrom, String traceTo) {
        this.word = word;
        this.defaultCluster = defaultCluster;
        this.breaks = breaks;
        this.cause = cause;
        this.traceFrom = traceFrom;
        this.traceTo = traceTo;
    }

    public String word() {
        return word;
    }

    public int defaultCluster() {
        return defaultCluster;
    }

    public String breaks() {
        return breaks;
    }

    public Problem.Cause cause() {
        return cause;
    }

    public String traceFrom() {
        return traceFrom;
    }

    public String traceTo() {
        return traceTo;
    }

    public static java.util.Optional<Fault> of(String word) {
        for (Fault f : values()) {
            if (f.word.equals(word)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
