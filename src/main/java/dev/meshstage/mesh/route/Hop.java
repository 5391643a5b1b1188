package dev.meshstage.mesh.route;

/**
 * One step a request takes, as the trace shows it: where (cluster, network), what it is, the address it is at, and
 * whether the request gets past it.
 *
 * @param problem null when the request gets past this hop
 */
public record Hop(String cluster, String network, Kind what, String address, String detail, Problem problem) {

    public enum Kind {
        POD("pod"), SIDECAR("sidecar"), DNS("DNS"), CLUSTER("cluster"), ENDPOINT("endpoint"), GATEWAY("gateway"),
        LISTENER("listener"), MTLS("mTLS"), DESTINATION("pod");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public boolean ok() {
        return problem == null;
    }
}
