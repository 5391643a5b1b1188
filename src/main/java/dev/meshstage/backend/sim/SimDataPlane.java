package dev.meshstage.backend.sim;

import java.util.Map;

/**
 * The sim's network as requests see it: what a {@code curl} in a pod gets, what a pod's port answers
 * (port-forward), what Envoy's admin and istiod's debug endpoints say. Every answer in the sim goes through
 * this one interface, so the routing it follows is the mesh's one routing rule wherever it is implemented.
 */
public interface SimDataPlane {

    /** An HTTP answer; {@code status} 0 means the connection itself failed ({@code body} says how, as curl would). */
    record Response(int status, Map<String, String> headers, String body) {

        public static Response of(int status, String contentType, String body) {
            return new Response(status, Map.of("content-type", contentType), body);
        }

        /** The connection failed (refused, reset, no route): no HTTP at all. */
        public static Response unreachable(String why) {
            return new Response(0, Map.of(), why);
        }

        public boolean connected() {
            return status > 0;
        }
    }

    /**
     * A request sent from a pod to {@code host:port} (a ClusterIP, a pod IP, a Service's name already resolved by
     * the caller to {@code host}). {@code hostHeader} is the name the client used.
     */
    Response http(String fromCluster, String fromNamespace, String fromPod, String method, String host, int port,
            String path, String hostHeader);

    /** Whether something in the pod listens on {@code port}. */
    boolean listens(String cluster, String namespace, String pod, int port);

    /** What the pod's own listener on {@code port} answers (port-forward reaches it directly). */
    Response pod(String cluster, String namespace, String pod, int port, String method, String path);

    /** Envoy's admin interface of the pod's {@code istio-proxy} ({@code /clusters}, {@code /config_dump}, {@code /stats}). */
    Response envoyAdmin(String cluster, String namespace, String pod, String path);

    /** istiod's debug interface in {@code cluster} ({@code /debug/syncz}, {@code /debug/clusterz}, {@code /debug/endpointShardz}). */
    Response istiodDebug(String cluster, String path);
}
