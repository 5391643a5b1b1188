package dev.meshstage.workflow;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The workshop's steps in order, each with how to tell from a cluster's facts that it is done there, and
 * why it matters (what {@code next} says). Every hint, prerequisite, {@code next} and {@code status --steps}
 * read these; no command carries its own hint text.
 */
public enum Step {
    CLUSTERS("clusters", "cluster created", "cluster create",
            "every later step runs on the clusters' nodes: one kind cluster per network, from configs/kind/"),
    LOAD_BALANCER("lb", "MetalLB installed", "lb install",
            "kind has no cloud load balancer: without MetalLB the east-west gateway stays <pending> and the other"
                    + " clusters have no address to send cross-network traffic to"),
    MESH("mesh", "Istio installed", "mesh install",
            "istiod gives every pod a sidecar and an identity from the shared root CA, and the east-west gateway is"
                    + " the door between the networks"),
    LINKED("link", "clusters linked", "mesh link",
            "each istiod must be able to read every other cluster's API to learn its endpoints; without it, cart in"
                    + " cluster1 cannot find product in cluster2"),
    APP("app", "app deployed", "app deploy",
            "Simple Buy in its home cluster, every pod with a sidecar, served by the ingress gateway");

    /** Why the app goes to a cluster other than its home. */
    static final String APP_ELSEWHERE_WHY = "the part of Simple Buy that runs in %s (its app manifests), so calls between"
            + " %2$s and %1$s cross the networks through the east-west gateways";

    private final String id;
    private final String title;
    private final String command;
    private final String why;

    Step(String id, String title, String command, String why) {
        this.id = id;
        this.title = title;
        this.command = command;
        this.why = why;
    }

    /** The short name {@code explain} and completion take, e.g. {@code link}. */
    public String id() {
        return id;
    }

    /** What a cluster that has done this step has, e.g. "clusters linked". */
    public String title() {
        return title;
    }

    /** The command that performs the step (on every cluster, when given no --cluster). */
    public String command() {
        return command;
    }

    public String why() {
        return why;
    }

    /** The step this one needs first on the same cluster, if any. */
    public Optional<Step> needs() {
        return ordinal() == 0 ? Optional.empty() : Optional.of(values()[ordinal() - 1]);
    }

    /** The step after this one, if any. */
    public Optional<Step> following() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** Whether {@code facts} show this step done on its cluster; {@code peers} are the workshop's other clusters. */
    public boolean doneOn(StepFacts facts, List<String> peers) {
        return switch (this) {
            // a cluster the backend has but whose API cannot be read still exists; later steps are unknown
            case CLUSTERS -> facts.exists() && (facts.nodes() > 0 || facts.problem() != null);
            case LOAD_BALANCER -> facts.metallbReady();
            case MESH -> facts.istiodReady();
            case LINKED -> !peers.isEmpty() && facts.remoteClusters().containsAll(peers);
            case APP -> facts.appWorkloads() > 0;
        };
    }

    /** A step by its id, its command, or its enum name, ignoring case ({@code link}, {@code mesh link}, {@code LINKED}). */
    public static Optional<Step> find(String given) {
        String g = given.strip().toLowerCase(Locale.ROOT);
        for (Step s : values()) {
            if (s.id.equals(g) || s.command.equals(g) || s.name().toLowerCase(Locale.ROOT).equals(g)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
