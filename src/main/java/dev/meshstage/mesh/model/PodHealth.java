package dev.meshstage.mesh.model;

import java.util.Set;

/** How healthy a pod is, as the dashboard colours it and status groups it. */
public enum PodHealth {
    /** running and every container ready */
    READY,
    /** on its way: pending, creating, initialising, running but not yet ready */
    PROGRESSING,
    /** will not get better by itself: pull failures, crash loops, errors */
    FAILING,
    /** being deleted */
    TERMINATING,
    /** finished successfully (a Job's pod) */
    COMPLETED;

    private static final Set<String> FAILING_STATUSES = Set.of("ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff",
            "Error", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "OOMKilled",
            "ContainerStatusUnknown", "Unknown", "Evicted", "RunContainerError", "Failed");

    static PodHealth of(PodFact p) {
        String s = p.status() == null ? "" : p.status();
        if (s.equals("Terminating")) {
            return TERMINATING;
        }
        if (s.equals("Completed")) {
            return COMPLETED;
        }
        if (p.ready()) {
            return READY;
        }
        if (FAILING_STATUSES.contains(s) || s.startsWith("Init:") && (s.contains("BackOff") || s.contains("Error"))
                || s.startsWith("ExitCode:") || s.startsWith("Signal:")) {
            return FAILING;
        }
        return PROGRESSING;
    }
}
