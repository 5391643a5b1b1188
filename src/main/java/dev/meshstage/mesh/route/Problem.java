package dev.meshstage.mesh.route;

/**
 * Why a request cannot get past a hop: what is wrong in a user's words, how the real data plane fails because of it
 * (the sim fails its requests the same way), and the fix.
 */
public record Problem(Cause cause, String reason, String fix) {

    /** How Envoy ends a request that meets this problem. */
    public enum Failure {
        /** the name does not resolve: the client never sends */
        NO_DNS(0, "", "Could not resolve host"),
        /** 503 UH: the outbound cluster has no healthy endpoint */
        NO_HEALTHY_UPSTREAM(503, "UH", "no healthy upstream"),
        /** 503 UF: connecting to the endpoint timed out (an address nobody answers on) */
        CONNECT_TIMEOUT(503, "UF,URX", "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection timeout"),
        /** 503 UF: the connection was accepted and then closed (no filter chain for the SNI) */
        CONNECTION_TERMINATED(503, "UF,URX", "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection termination"),
        /** 503 UF,URX with the TLS error: the peer's certificate does not chain to a trusted root */
        TLS_VERIFY_FAILED(503, "UF,URX", "upstream connect error or disconnect/reset before headers. retried and the latest reset "
                + "reason: remote connection failure, transport failure reason: TLS error: 268435581:SSL routines:"
                + "OPENSSL_internal:CERTIFICATE_VERIFY_FAILED"),
        /** the destination pod is not serving */
        CONNECTION_REFUSED(503, "UF,URX", "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection failure"),
        /** no route for the request */
        NO_ROUTE(404, "NR", "");

        private final int status;
        private final String flags;
        private final String body;

        Failure(int status, String flags, String body) {
            this.status = status;
            this.flags = flags;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String flags() {
            return flags;
        }

        public String body() {
            return body;
        }
    }

    /** The failure modes of a multi-network mesh the routing rule recognises (workshop reference §6). */
    public enum Cause {
        NO_CALLER(Failure.NO_HEALTHY_UPSTREAM),
        CALLER_NOT_READY(Failure.CONNECTION_REFUSED),
        NO_SIDECAR_CROSS_NETWORK(Failure.NO_HEALTHY_UPSTREAM),
        NAME_DOES_NOT_RESOLVE(Failure.NO_DNS),
        NO_SUCH_PORT(Failure.NO_HEALTHY_UPSTREAM),
        HEADLESS_ACROSS_NETWORKS(Failure.CONNECT_TIMEOUT),
        NO_ENDPOINTS(Failure.NO_HEALTHY_UPSTREAM),
        REMOTE_NOT_DISCOVERED(Failure.NO_HEALTHY_UPSTREAM),
        REMOTE_ENDPOINTS_WITHOUT_SIDECAR(Failure.NO_HEALTHY_UPSTREAM),
        REMOTE_POD_IPS(Failure.CONNECT_TIMEOUT),
        GATEWAY_UNREACHABLE(Failure.CONNECT_TIMEOUT),
        GATEWAY_NOT_READY(Failure.CONNECTION_REFUSED),
        NO_PASSTHROUGH_LISTENER(Failure.CONNECTION_TERMINATED),
        DESTINATION_NOT_READY(Failure.CONNECTION_REFUSED),
        UNTRUSTED_PEER(Failure.TLS_VERIFY_FAILED),
        NO_ROUTE(Failure.NO_ROUTE);

        private final Failure failure;

        Cause(Failure failure) {
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }
}
