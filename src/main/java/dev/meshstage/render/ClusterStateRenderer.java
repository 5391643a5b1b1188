package dev.meshstage.render;

import dev.meshstage.backend.ClusterState;

import java.util.List;

/** What a cluster step did to each cluster, and the cluster list. */
public final class ClusterStateRenderer {

    private ClusterStateRenderer() {
    }

    public record Row(String name, String context, boolean exists, int nodes, String network) {
    }

    public static String outcome(List<ClusterState> states, String done, String alreadyDone) {
        StringBuilder sb = new StringBuilder();
        for (ClusterState s : states) {
            String what = switch (s.outcome()) {
                case DONE -> done;
                case ALREADY_DONE -> alreadyDone;
                case FAILED -> "FAILED: " + s.detail();
                case NONE -> "";
            };
            sb.append(s.name()).append(": ").append(what);
            if (s.outcome() != ClusterState.Outcome.FAILED && !s.detail().isEmpty()) {
                sb.append(" (").append(s.detail()).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String list(List<Row> rows, String backend) {
        Table t = new Table("NAME", "CONTEXT", "EXISTS", "NODES", "NETWORK", "BACKEND");
        rows.forEach(r -> t.row(r.name(), r.context(), r.exists() ? "yes" : "no", r.nodes(), r.network(), backend));
        return t.render();
    }
}
