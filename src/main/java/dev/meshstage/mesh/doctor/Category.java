package dev.meshstage.mesh.doctor;

/** The headings of {@code doctor}, in the order the workshop builds things (a failure early explains later ones). */
public enum Category {
    TOOLS("tools and contexts"),
    CLUSTERS("clusters"),
    LOAD_BALANCER("load balancer"),
    TRUST("trust"),
    CONTROL_PLANE("control plane"),
    EAST_WEST("east-west"),
    REMOTE_DISCOVERY("remote discovery"),
    WORKLOADS("workloads"),
    APPLICATION("application");

    private final String title;

    Category(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
