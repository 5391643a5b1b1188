package dev.meshstage.backend;

/** A cluster as a backend sees it, and what the last step did to it. */
public record ClusterState(String name, String context, boolean exists, Outcome outcome, String detail) {

    public enum Outcome { DONE, ALREADY_DONE, FAILED, NONE }

    public static ClusterState listed(String name) {
        return new ClusterState(name, "kind-" + name, true, Outcome.NONE, "");
    }
}
