package dev.meshstage.mesh;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/** A pod's state in the words kubectl's STATUS column uses, and whether it counts as ready. */
public final class PodStatusText {

    private PodStatusText() {
    }

    public static boolean ready(Pod pod) {
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Succeeded pods (finished Jobs) are done, not broken. */
    public static boolean completed(Pod pod) {
        return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
    }

    public static String reason(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        if (pod.getStatus() == null) {
            return "Pending";
        }
        List<ContainerStatus> init = pod.getStatus().getInitContainerStatuses();
        for (int i = 0; i < init.size(); i++) {
            ContainerStatus s = init.get(i);
            if (s.getState() != null && s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() == 0) {
                continue;
            }
            if (s.getState() != null && s.getState().getWaiting() != null
                    && !"PodInitializing".equals(s.getState().getWaiting().getReason())) {
                return "Init:" + s.getState().getWaiting().getReason();
            }
            return "Init:" + i + "/" + init.size();
        }
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (s.getState() != null && s.getState().getWaiting() != null && s.getState().getWaiting().getReason() != null) {
                return s.getState().getWaiting().getReason();
            }
            if (s.getState() != null && s.getState().getTerminated() != null && s.getState().getTerminated().getReason() != null) {
                return s.getState().getTerminated().getReason();
            }
        }
        if ("Pending".equals(pod.getStatus().getPhase())) {
            return pod.getStatus().getConditions().stream()
                    .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                    .map(c -> c.getReason() == null ? "Pending" : c.getReason()).findFirst().orElse("Pending");
        }
        if ("Running".equals(pod.getStatus().getPhase()) && !ready(pod)) {
            return "Running, not ready";
        }
        return pod.getStatus().getPhase();
    }
}
