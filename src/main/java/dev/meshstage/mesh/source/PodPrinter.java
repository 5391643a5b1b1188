package dev.meshstage.mesh.source;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.List;

/**
 * kubectl's READY, STATUS and RESTARTS columns of a typed Pod, worked out the way the API server's table printer
 * does ({@code printPod} in kubernetes' {@code pkg/printers/internalversion}), so the live source (full objects from
 * watches) and the snapshot source (the server's own tables) agree.
 */
final class PodPrinter {

    record Printed(int ready, int total, String status, int restarts) {
    }

    private PodPrinter() {
    }

    static Printed print(Pod pod) {
        var spec = pod.getSpec();
        var status = pod.getStatus();
        int total = spec == null ? 0 : spec.getContainers().size();
        if (status == null) {
            return new Printed(0, total, pod.getMetadata().getDeletionTimestamp() != null ? "Terminating" : "Pending", 0);
        }
        String phase = status.getPhase();
        String reason = phase == null || phase.isEmpty() ? "Pending" : phase;
        if (status.getReason() != null && !status.getReason().isEmpty()) {
            reason = status.getReason();
        }
        List<PodCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        for (PodCondition c : conditions) {
            if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
                reason = "SchedulingGated";
            }
        }
        int restarts = 0;
        int ready = 0;
        boolean initializing = false;
        List<ContainerStatus> inits = status.getInitContainerStatuses() == null ? List.of() : status.getInitContainerStatuses();
        int nInit = spec == null ? 0 : spec.getInitContainers().size();
        for (int i = 0; i < inits.size(); i++) {
            ContainerStatus cs = inits.get(i);
            restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
            var term = cs.getState() == null ? null : cs.getState().getTerminated();
            var wait = cs.getState() == null ? null : cs.getState().getWaiting();
            if (term != null && (term.getExitCode() == null || term.getExitCode() == 0)) {
                continue;
            } else if (term != null) {
                if (term.getReason() == null || term.getReason().isEmpty()) {
                    int sig = term.getSignal() == null ? 0 : term.getSignal();
                    reason = sig != 0 ? "Init:Signal:" + sig : "Init:ExitCode:" + term.getExitCode();
                } else {
                    reason = "Init:" + term.getReason();
                }
            } else if (wait != null && wait.getReason() != null && !wait.getReason().isEmpty()
                    && !"PodInitializing".equals(wait.getReason())) {
                reason = "Init:" + wait.getReason();
            } else {
                reason = "Init:" + i + "/" + nInit;
            }
            initializing = true;
            break;
        }
        boolean initializedTrue = conditions.stream().anyMatch(c -> "Initialized".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean readyCondition = conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!initializing || initializedTrue) {
            restarts = 0;
            boolean hasRunning = false;
            List<ContainerStatus> css = status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
            for (int i = css.size() - 1; i >= 0; i--) {
                ContainerStatus cs = css.get(i);
                restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                var state = cs.getState();
                var term = state == null ? null : state.getTerminated();
                String waitReason = state == null || state.getWaiting() == null ? null : state.getWaiting().getReason();
                String termReason = term == null ? null : term.getReason();
                if (waitReason != null && !waitReason.isEmpty()) {
                    reason = waitReason;
                } else if (termReason != null && !termReason.isEmpty()) {
                    reason = termReason;
                } else if (term != null) {
                    int sig = term.getSignal() == null ? 0 : term.getSignal();
                    reason = sig != 0 ? "Signal:" + sig : "ExitCode:" + term.getExitCode();
                } else if (Boolean.TRUE.equals(cs.getReady()) && state != null && state.getRunning() != null) {
                    hasRunning = true;
                    ready++;
                }
            }
            if ("Completed".equals(reason) && hasRunning) {
                reason = readyCondition ? "Running" : "NotReady";
            }
        }
        boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
        if (pod.getMetadata().getDeletionTimestamp() != null && "NodeLost".equals(status.getReason())) {
            reason = "Unknown";
        } else if (pod.getMetadata().getDeletionTimestamp() != null && !terminal) {
            reason = "Terminating";
        }
        return new Printed(ready, total, reason, restarts);
    }
}
