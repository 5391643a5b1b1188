package dev.meshstage.step;

/** The workshop's steps in order, each with the command that performs it. */
public enum WorkshopStep {
    NONE("not created", "cluster create"),
    CLUSTER("cluster created", "cluster create"),
    LOAD_BALANCER("MetalLB installed", "lb install"),
    MESH("Istio installed", "mesh install"),
    LINKED("clusters linked", "mesh link"),
    APP("app deployed", "app deploy");

    private final String description;
    private final String command;

    WorkshopStep(String description, String command) {
        this.description = description;
        this.command = command;
    }

    public String description() {
        return description;
    }

    /** The command that brings a cluster to this step. */
    public String command() {
        return command;
    }

    /** The step after this one, or null after the last. */
    public WorkshopStep next() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
    }
}
