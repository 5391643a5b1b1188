package dev.meshstage.mesh.model;

import java.util.Map;

/** A namespace with the labels the mesh reads: sidecar injection and the network of istio-system. */
public record NamespaceFact(String name, Map<String, String> labels) {

    public static final String INJECTION = "istio-injection";
    public static final String REVISION = "istio.io/rev";
    public static final String NETWORK = "topology.istio.io/network";

    public NamespaceFact {
        labels = Map.copyOf(labels);
    }

    /** {@code istio-injection=enabled} or a revision label: new pods here get a sidecar. */
    public boolean injectionEnabled() {
        return "enabled".equals(labels.get(INJECTION)) || (labels.containsKey(REVISION) && !"disabled".equals(labels.get(INJECTION)));
    }

    public String network() {
        return labels.get(NETWORK);
    }
}
