package dev.meshstage.mesh.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A pod as {@code kubectl get pods -o wide} shows it, plus what the mesh needs from its metadata: whether istio's
 * injector gave it a sidecar, and the network label the injector copies from {@code ISTIO_META_NETWORK}.
 *
 * @param status   kubectl's STATUS column ({@code Running}, {@code ImagePullBackOff}, {@code Terminating}…)
 * @param ip       the pod IP, null before one is assigned
 * @param node     the node it is bound to, null while pending
 * @param metadata what the pod's metadata says; null when only the table's row was read (a snapshot at
 *                 {@code Depth.CLUSTER}, which {@code status} reads: the rows without metadata are a sixth of the
 *                 bytes) — then {@link #labels()}, {@link #sidecar()}, {@link #network()} and {@link #created()} fail
 *                 loudly instead of answering "none"
 * @param unready  its app containers that are not ready, with the kubelet's reason; empty when the pod is ready or
 *                 completed (both sources read them only then, so they agree)
 */
public record PodFact(String namespace, String name, int readyContainers, int containers, String status, int restarts,
        String ip, String node, Metadata metadata, List<ContainerIssue> unready) {

    public static final String SIDECAR_STATUS_ANNOTATION = "sidecar.istio.io/status";
    public static final String SIDECAR_CONTAINER = "istio-proxy";

    /**
     * @param sidecar  the injector's {@code sidecar.istio.io/status} annotation is there
     * @param network  the pod's {@code topology.istio.io/network} label, null without one
     * @param created  its creation time, null when the server gave none
     */
    public record Metadata(Map<String, String> labels, boolean sidecar, String network, Instant created) {
        public Metadata {
            labels = Map.copyOf(labels);
        }
    }

    public PodFact {
        unready = List.copyOf(unready);
    }

    /** A pod with its metadata whose containers' reasons are not known (yet), or not needed. */
    public PodFact(String namespace, String name, int readyContainers, int containers, String status, int restarts,
            boolean sidecar, String network, String ip, String node, Map<String, String> labels, Instant created) {
        this(namespace, name, readyContainers, containers, status, restarts, ip, node,
                new Metadata(labels, sidecar, network, created), List.of());
    }

    /** Only the table's row: what {@code status} shows. */
    public static PodFact row(String namespace, String name, int readyContainers, int containers, String status, int restarts,
            String ip, String node) {
        return new PodFact(namespace, name, readyContainers, containers, status, restarts, ip, node, null, List.of());
    }

    public PodFact withUnready(List<ContainerIssue> issues) {
        return new PodFact(namespace, name, readyContainers, containers, status, restarts, ip, node, metadata, issues);
    }

    public Map<String, String> labels() {
        return read().labels();
    }

    public boolean sidecar() {
        return read().sidecar();
    }

    /** The pod's {@code topology.istio.io/network} label, null without one. */
    public String network() {
        return read().network();
    }

    public Instant created() {
        return read().created();
    }

    private Metadata read() {
        if (metadata == null) {
            throw new IllegalStateException("pod " + namespace + "/" + name + " was read as a table row, without its metadata "
                    + "(read the model at Depth.APP or MESH for labels, sidecar, network and age)");
        }
        return metadata;
    }

    /** The containers' reasons matter: neither ready nor finished. */
    public boolean needsReasons() {
        return !ready() && !completed();
    }

    /** All containers ready and running: what {@code kubectl get pods} shows as {@code 2/2 Running}. */
    public boolean ready() {
        return containers > 0 && readyContainers == containers && "Running".equals(status);
    }

    public boolean completed() {
        return "Completed".equals(status);
    }

    public PodHealth health() {
        return PodHealth.of(this);
    }

    /** Why it is not ready, in kubectl's words ({@code Running, 1/2 ready}, {@code ImagePullBackOff}); null when ready. */
    public String notReadyReason() {
        if (ready() || completed()) {
            return null;
        }
        return "Running".equals(status) ? "Running, " + readyContainers + "/" + containers + " ready" : status;
    }

    /** The pod carries all of the selector's labels. */
    public boolean matches(Map<String, String> selector) {
        return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels().get(e.getKey())));
    }
}
