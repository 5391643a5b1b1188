package dev.meshstage.backend.sim.store;

import tools.jackson.databind.JsonNode;

/**
 * How long a deleted object may take to go, as the pod strategy of kube-apiserver decides: a pod on a node that
 * has not finished gets its grace period (the request's {@code gracePeriodSeconds}, else the pod's
 * {@code terminationGracePeriodSeconds}, 30 s when unset) and stays, Terminating, until its kubelet confirms with
 * a delete of grace 0; an unscheduled or finished pod, a grace of 0 ({@code --grace-period=0 --force}) and every
 * other kind go at once.
 */
public final class GracefulDeletion {

    static final long DEFAULT_SECONDS = 30;

    private GracefulDeletion() {
    }

    /** The grace period in seconds, or null when the object is removed at once. */
    public static Long seconds(ResourceType type, JsonNode object, Long requested) {
        if (!type.groupResource().equals("pods")) {
            return null;
        }
        String phase = object.path("status").path("phase").asString("");
        if (object.path("spec").path("nodeName").asString("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return null;
        }
        long grace = requested != null ? requested
                : object.path("spec").path("terminationGracePeriodSeconds").asLong(DEFAULT_SECONDS);
        return grace <= 0 ? null : grace;
    }
}
