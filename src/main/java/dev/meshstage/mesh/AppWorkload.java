package dev.meshstage.mesh;

import java.util.List;

/**
 * One workload of the app in one cluster, as its pods show it.
 *
 * @param ready      pods ready
 * @param desired    pods wanted ({@code spec.replicas})
 * @param containers the containers of the pod shown ({@code 2/2} with a sidecar), ready over total
 * @param restarts   container restarts over all its pods
 * @param status     kubectl's STATUS of the least healthy pod ({@code Running}, {@code ImagePullBackOff}…)
 * @param sidecar    whether its pods carry istio-proxy (injected because the namespace is labelled)
 * @param image      the app container's image (the sidecar's is left out)
 * @param reasons    why pods are not ready, one line each; empty when all are
 */
public record AppWorkload(String cluster, String namespace, String name, String kind, int ready, int desired,
        String containers, int restarts, String status, boolean sidecar, String image, List<String> reasons) {

    public AppWorkload {
        reasons = List.copyOf(reasons);
    }

    public boolean isReady() {
        return desired > 0 && ready >= desired && reasons.isEmpty();
    }
}
