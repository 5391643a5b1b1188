package dev.meshstage.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workshop state machine over the clusters' facts: per cluster the steps done and the step reached
 * (the last of an unbroken run from the first), what comes next and why, and what a step needs before it
 * can run. Pure: built from hand-made facts in tests, from the clusters' APIs in the shell.
 */
public final class WorkshopState {

    /** What a cluster has reached before its first step. */
    public static final String NOTHING = "not created";

    private final List<StepFacts> facts;
    private final List<ClusterProgress> progress;

    /** @param facts one per cluster in the workshop's order; the first is the app's home */
    public WorkshopState(List<StepFacts> facts) {
        if (facts.isEmpty()) {
            throw new IllegalArgumentException("a workshop has at least one cluster");
        }
        this.facts = List.copyOf(facts);
        List<String> names = facts.stream().map(StepFacts::cluster).toList();
        this.progress = facts.stream().map(f -> progress(f, names.stream().filter(n -> !n.equals(f.cluster())).toList()))
                .toList();
    }

    /**
     * One cluster's place in the workshop.
     *
     * @param done    every step whose effect the cluster shows, even out of order
     * @param reached how many steps are done in order from the first (0: nothing)
     */
    public record ClusterProgress(String cluster, List<Step> done, int reached, String problem) {

        public Optional<Step> reachedStep() {
            return reached == 0 ? Optional.empty() : Optional.of(Step.values()[reached - 1]);
        }

        /** The step this cluster does next, empty when it has done them all. */
        public Optional<Step> nextStep() {
            return reached < Step.values().length ? Optional.of(Step.values()[reached]) : Optional.empty();
        }

        public String reachedTitle() {
            if (problem != null) {
                return "unknown (" + problem + ")";
            }
            return reachedStep().map(Step::title).orElse(NOTHING);
        }

        public boolean hasReached(Step step) {
            return reached > step.ordinal();
        }
    }

    /**
     * What to run now: the least advanced cluster's next step (the first such cluster in the workshop's order).
     *
     * @param step    empty when every cluster has done every step
     * @param cluster the least advanced cluster
     * @param ahead   the clusters further along, with the step each has reached
     */
    public record Next(Optional<Step> step, String cluster, String command, String why, List<ClusterProgress> ahead) {
    }

    /** A step that cannot run yet: which cluster lacks what, and the command to run first (null: its API cannot be read). */
    public record Blocked(String command, String cluster, Step needed, String reached, String runFirst) {
        public String message() {
            if (runFirst == null) {
                return "'" + command + "' cannot tell where " + cluster + " stands: " + reached;
            }
            return "'" + command + "' needs " + cluster + " to have reached '" + needed.title() + "', but it is at '"
                    + reached + "': run '" + runFirst + "' first";
        }
    }

    public List<ClusterProgress> clusters() {
        return progress;
    }

    public ClusterProgress cluster(String name) {
        return progress.stream().filter(p -> p.cluster().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cluster " + name + " in the workshop"));
    }

    public String home() {
        return facts.get(0).cluster();
    }

    public Next next() {
        ClusterProgress least = progress.get(0);
        for (ClusterProgress p : progress) {
            if (p.reached() < least.reached()) {
                least = p;
            }
        }
        int level = least.reached();
        List<ClusterProgress> ahead = progress.stream().filter(p -> p.reached() > level).toList();
        Optional<Step> step = least.nextStep();
        if (step.isEmpty()) {
            return new Next(step, least.cluster(), "app status",
                    "every cluster has done every step: look at the app with 'app status', reach it with 'app open'", List.of());
        }
        return new Next(step, least.cluster(), command(step.get(), least.cluster()), why(step.get(), least.cluster()), ahead);
    }

    /** The command that does {@code step} for {@code cluster}: without --cluster when every cluster is ready for it. */
    public String command(Step step, String cluster) {
        return switch (step) {
            case LINKED -> step.command();
            case APP -> cluster.equals(home()) ? step.command() : step.command() + " --cluster " + cluster;
            case CLUSTERS, LOAD_BALANCER, MESH -> {
                boolean everyClusterAtIt = progress.stream().allMatch(p -> p.reached() == step.ordinal());
                if (everyClusterAtIt) {
                    yield step.command();
                }
                yield step == Step.CLUSTERS ? step.command() + " " + cluster : step.command() + " --cluster " + cluster;
            }
        };
    }

    public String why(Step step, String cluster) {
        return step == Step.APP && !cluster.equals(home()) ? Step.APP_ELSEWHERE_WHY.formatted(cluster, home()) : step.why();
    }

    /**
     * Whether {@code command} may run on {@code targets}: each must have reached {@code needed}. The first that
     * has not is named, with the command that brings it one step further.
     */
    public Optional<Blocked> blocked(String command, Step needed, List<String> targets) {
        for (String target : targets) {
            ClusterProgress p = cluster(target);
            if (p.problem() != null) {
                return Optional.of(new Blocked(command, target, needed, p.reachedTitle(), null));
            }
            if (!p.hasReached(needed)) {
                Step missing = p.nextStep().orElseThrow();
                return Optional.of(new Blocked(command, target, needed, p.reachedTitle(), command(missing, target)));
            }
        }
        return Optional.empty();
    }

    private static ClusterProgress progress(StepFacts f, List<String> peers) {
        List<Step> done = new ArrayList<>();
        int reached = 0;
        boolean unbroken = true;
        for (Step s : Step.values()) {
            if (s.doneOn(f, peers)) {
                done.add(s);
                if (unbroken) {
                    reached++;
                }
            } else {
                unbroken = false;
            }
        }
        return new ClusterProgress(f.cluster(), List.copyOf(done), reached, f.problem());
    }
}
