package dev.meshstage.render;

import dev.meshstage.workflow.Step;
import dev.meshstage.workflow.WorkshopState;

import java.util.List;
import java.util.stream.Collectors;

/** The workshop state machine for people: the one-line hint after a step, {@code next}, {@code status --steps}. */
public final class WorkshopRenderer {

    static final String DONE = "✔";
    static final String NEXT = "→";
    static final String NOT_YET = "·";

    private WorkshopRenderer() {
    }

    /** The line a step ends with: {@code next: mesh link — why}. */
    public static String hint(WorkshopState.Next next) {
        if (next.step().isEmpty()) {
            return "next: nothing left — " + next.why();
        }
        return "next: " + next.command() + " — " + next.why();
    }

    /** {@code next}: the command, why, where each cluster stands. */
    public static String next(WorkshopState state) {
        WorkshopState.Next next = state.next();
        StringBuilder sb = new StringBuilder(hint(next)).append('\n');
        if (next.step().isPresent()) {
            WorkshopState.ClusterProgress least = state.cluster(next.cluster());
            sb.append("  for ").append(next.cluster()).append(", at '").append(least.reachedTitle()).append("'");
            List<WorkshopState.ClusterProgress> level = state.clusters().stream()
                    .filter(p -> p.reached() == least.reached() && !p.cluster().equals(least.cluster())).toList();
            if (!level.isEmpty()) {
                sb.append(" (so is ").append(level.stream().map(WorkshopState.ClusterProgress::cluster)
                        .collect(Collectors.joining(", "))).append(')');
            }
            sb.append('\n');
            for (WorkshopState.ClusterProgress p : next.ahead()) {
                sb.append("  ").append(p.cluster()).append(" is ahead, at '").append(p.reachedTitle()).append("'\n");
            }
            sb.append("  then: ").append(next.step().get().following().map(Step::command).orElse("app status"))
                    .append("   (explain ").append(next.step().get().id()).append(": what this step does)\n");
        }
        return sb.toString();
    }

    /** {@code status}'s step line for one cluster: what it reached and the command it needs next. */
    public static String stepLine(WorkshopState state, String cluster) {
        WorkshopState.ClusterProgress p = state.cluster(cluster);
        return p.reachedTitle() + p.nextStep().map(s -> " (next: " + state.command(s, cluster) + ")").orElse("");
    }

    /** {@code status --steps}: the workshop as a checklist, ✔ per cluster and step, each cluster's next step marked. */
    public static String steps(WorkshopState state) {
        List<WorkshopState.ClusterProgress> clusters = state.clusters();
        String[] header = new String[clusters.size() + 2];
        header[0] = "STEP";
        header[1] = "COMMAND";
        for (int i = 0; i < clusters.size(); i++) {
            header[i + 2] = clusters.get(i).cluster().toUpperCase(java.util.Locale.ROOT);
        }
        Table table = new Table(header);
        WorkshopState.Next next = state.next();
        for (Step s : Step.values()) {
            String[] row = new String[header.length];
            boolean current = next.step().isPresent() && next.step().get() == s;
            row[0] = (current ? "▶ " : "  ") + (s.ordinal() + 1) + " " + s.title();
            row[1] = s.command();
            for (int i = 0; i < clusters.size(); i++) {
                WorkshopState.ClusterProgress p = clusters.get(i);
                row[i + 2] = p.done().contains(s) ? DONE : p.nextStep().filter(n -> n == s).isPresent() ? NEXT : NOT_YET;
            }
            table.row(row);
        }
        return table.render() + hint(next) + "\n";
    }
}
