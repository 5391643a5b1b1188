package dev.meshstage.backend;

import dev.meshstage.workshop.ClusterPlan;

/** A cluster as a backend sees it, and what the last step did to it. */
public record ClusterState(String name, String context, boolean exists, Outcome outcome, String detail) {

    public enum Outcome { DONE, ALREADY_DONE, FAILED, NONE }

    public static ClusterState listed(String name) {
        return new ClusterState(name, ClusterPlan.contextOf(name), true, Outcome.NONE, "");
    }
}
