package dev.meshstage.render;

import dev.meshstage.backend.ClusterState;

import java.util.List;

/** What a cluster step did to each cluster, and the cluster list. */
public final class ClusterStateRenderer {

    private ClusterStateRenderer() {
    }

    /**
     * @param nodes  the nodes its kind config plans; null for an attached cluster (they are its own)
     * @param origin {@code sim} or {@code kind} (the workshop's configs, made by that backend) or {@code attached}
     */
    public record Row(String name, String context, boolean exists, Integer nodes, String network, String origin) {
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

    public static String list(List<Row> rows) {
        Table t = new Table("NAME", "CONTEXT", "EXISTS", "NODES", "NETWORK", "ORIGIN");
        rows.forEach(r -> t.row(r.name(), r.context(), r.exists() ? "yes" : "no", r.nodes() == null ? "-" : r.nodes(), r.network(),
                r.origin()));
        return t.render();
    }

    /** {@code cluster attach}: where the cluster is reached and on which network it joins. */
    public static String attached(String name, String context, String kubeconfig, String server, String version, String network,
            boolean networkFromCluster) {
        return name + ": attached (context " + context + " in " + kubeconfig + ", API " + server + ", " + version + ")\n"
                + "  network " + network + (networkFromCluster ? " (istio-system's topology.istio.io/network label)" : "") + "\n"
                + "  meshstage never creates or deletes it; 'cluster detach " + name + "' takes it out of the mesh\n";
    }

    public static String detached(String name, String context) {
        return name + ": detached; the cluster (context " + context + ") and everything in it are left as they are\n";
    }
}
