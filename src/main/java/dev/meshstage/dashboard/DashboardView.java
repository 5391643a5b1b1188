package dev.meshstage.dashboard;

import dev.meshstage.mesh.PodDetails;
import dev.meshstage.mesh.model.PodHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the dashboard shows at one moment, as data: one column per cluster, the warning strip, and the state of the
 * controls (namespace, filter, focus, pause). Made by {@link DashboardState#view}; laid out by {@link FrameLayout}.
 *
 * @param now       when the view was made (ages and outages are measured at it)
 * @param namespace the namespace shown, null for all of them
 * @param filter    the filter every cluster's pods pass through, empty for none
 * @param editing   the filter is being typed
 * @param pending   changes that arrived while paused
 */
public record DashboardView(Instant now, List<ClusterColumn> columns, List<WarningRow> warnings, String namespace, String filter,
        boolean editing, boolean paused, int pending, int focus, Overlay overlay) {

    public DashboardView {
        columns = List.copyOf(columns);
        warnings = List.copyOf(warnings);
    }

    /** What is drawn over the columns: nothing, the keys, or the selected pod's details. */
    public sealed interface Overlay permits NoOverlay, HelpOverlay, DetailsOverlay {
    }

    public record NoOverlay() implements Overlay {
    }

    public record HelpOverlay() implements Overlay {
    }

    /** @param clusterNow the cluster's time, for the ages of the pod's events */
    public record DetailsOverlay(String cluster, PodDetails details, Instant clusterNow) implements Overlay {
    }

    /**
     * One cluster's column.
     *
     * @param answering the API answers now; when not, {@code problem} says why and {@code since} since when, and
     *                  the rows are the last ones seen ({@code stale})
     * @param waiting   nothing read yet
     * @param selected  index into {@code rows} of the selected pod, -1 when there is none
     */
    public record ClusterColumn(String name, String context, boolean answering, boolean waiting, String problem,
            Instant since, Duration down, int nodesReady, int nodes, Istiod istiod, String eastWest,
            List<Remote> remotes, List<Row> rows, int pods, int selected, boolean stale) {
        public ClusterColumn {
            remotes = List.copyOf(remotes);
            rows = List.copyOf(rows);
        }
    }

    /** istiod: absent, installed but not serving, or serving. */
    public enum Istiod { ABSENT, NOT_READY, READY }

    /** A remote cluster as this cluster's istiod sees it. */
    public record Remote(String cluster, boolean synced, String status) {
    }

    public sealed interface Row permits NamespaceRow, PodRow {
    }

    public record NamespaceRow(String namespace, int pods, int ready) implements Row {
    }

    public record PodRow(String namespace, String name, String ready, String status, PodHealth health, int restarts,
            Duration age, String node) implements Row {
    }

    /** A warning event with its cluster. */
    public record WarningRow(String cluster, String namespace, String object, String reason, String message, int count,
            Duration ago) {
    }
}
