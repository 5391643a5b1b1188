package dev.meshstage.mesh.model;

/**
 * A container of a pod that is not ready, and why, in the kubelet's words: the waiting (or terminated) reason and
 * its message, e.g. {@code ImagePullBackOff} / {@code Back-off pulling image "…"}. Null reason: running, not ready.
 */
public record ContainerIssue(String name, String image, String reason, String message) {

    /** A reason worth naming: not the ordinary wait for the container's turn. */
    public boolean stuck() {
        return reason != null && !"ContainerCreating".equals(reason) && !"PodInitializing".equals(reason)
                && !"Running".equals(reason);
    }
}
