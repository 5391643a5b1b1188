package dev.meshstage.dashboard;

import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.dashboard.DashboardView.ClusterColumn;
import dev.meshstage.dashboard.DashboardView.NamespaceRow;
import dev.meshstage.dashboard.DashboardView.PodRow;
import dev.meshstage.dashboard.DashboardView.Row;
import dev.meshstage.mesh.PodDetails;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.PodFact;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The dashboard's view-model: the latest model of the mesh and what the person did to the view (namespace, filter,
 * focus, selection, pause, overlays). Models come in through {@link #update}, keys through the other methods, and
 * {@link #view} gives what to draw. Knows nothing of screens; not thread-safe (the screen calls it under one lock).
 */
public final class DashboardState {

    private static final Comparator<PodFact> POD_ORDER = Comparator.comparing(PodFact::namespace, Namespaces.ORDER)
            .thenComparing(PodFact::name);

    private final List<String> clusters;
    private MeshModel shown = new MeshModel(List.of());
    private MeshModel arrived;
    private final Map<String, ClusterFacts> lastAnswered = new HashMap<>();
    private final Map<String, Selection> selections = new HashMap<>();
    private String namespace;
    private String filter = "";
    private boolean editing;
    private boolean paused;
    private int pending;
    private int focus;
    private DashboardView.Overlay overlay = new DashboardView.NoOverlay();
    private Map<String, Duration> clockOffsets = Map.of();

    /** The selected pod of one cluster: by name, and by position for when that pod goes away. */
    private static final class Selection {
        String key;
        int index;
    }

    /** A pod by cluster, namespace and name: what Enter shows. */
    public record PodKey(String cluster, String namespace, String name) {
    }

    /** @param clusters the clusters shown, in column order */
    public DashboardState(List<String> clusters) {
        this.clusters = List.copyOf(clusters);
    }

    /** Each cluster's clock minus ours: pod and event ages are on the cluster's clock, as kubectl shows them. */
    public void clockOffsets(Map<String, Duration> offsets) {
        clockOffsets = Map.copyOf(offsets);
    }

    private Instant clusterNow(String cluster, Instant now) {
        return now.plus(clockOffsets.getOrDefault(cluster, Duration.ZERO));
    }

    /** A new model of the mesh; held back while paused. */
    public void update(MeshModel model) {
        if (paused) {
            arrived = model;
            pending++;
            return;
        }
        apply(model);
    }

    private void apply(MeshModel model) {
        shown = model;
        for (ClusterFacts c : model.clusters()) {
            if (c.reachable()) {
                lastAnswered.put(c.name(), c);
            }
        }
    }

    public boolean paused() {
        return paused;
    }

    public void togglePause() {
        paused = !paused;
        if (!paused && arrived != null) {
            apply(arrived);
        }
        if (!paused) {
            arrived = null;
            pending = 0;
        }
    }

    public void focusNext() {
        focus = clusters.isEmpty() ? 0 : (focus + 1) % clusters.size();
    }

    public void focusPrevious() {
        focus = clusters.isEmpty() ? 0 : (focus + clusters.size() - 1) % clusters.size();
    }

    public void down() {
        move(1);
    }

    public void up() {
        move(-1);
    }

    private void move(int by) {
        if (clusters.isEmpty()) {
            return;
        }
        String cluster = clusters.get(focus);
        List<PodRow> pods = podRows(rows(cluster, null));
        Selection s = resolve(cluster, pods);
        if (pods.isEmpty()) {
            return;
        }
        s.index = Math.max(0, Math.min(pods.size() - 1, s.index + by));
        s.key = key(pods.get(s.index));
    }

    /** Namespaces that have pods in any cluster shown, in the dashboard's order. */
    public List<String> namespaces() {
        TreeSet<String> names = new TreeSet<>();
        for (String c : clusters) {
            facts(c).ifPresent(f -> f.pods().forEach(p -> names.add(p.namespace())));
        }
        return Namespaces.sorted(names);
    }

    /** all → the first namespace → … → the last → all. */
    public void nextNamespace() {
        List<String> all = namespaces();
        int at = namespace == null ? -1 : all.indexOf(namespace);
        namespace = at + 1 < all.size() ? all.get(at + 1) : null;
    }

    public String namespace() {
        return namespace;
    }

    public void startFilter() {
        editing = true;
    }

    public boolean editingFilter() {
        return editing;
    }

    public void type(char c) {
        filter = filter + c;
    }

    public void backspace() {
        if (!filter.isEmpty()) {
            filter = filter.substring(0, filter.length() - 1);
        }
    }

    /** Enter: keep the filter and go back to moving around. */
    public void acceptFilter() {
        editing = false;
    }

    /** Esc while typing: no filter. */
    public void clearFilter() {
        filter = "";
        editing = false;
    }

    public void setFilter(String text) {
        filter = text;
    }

    public String filter() {
        return filter;
    }

    public Optional<PodKey> selectedPod() {
        if (clusters.isEmpty()) {
            return Optional.empty();
        }
        String cluster = clusters.get(focus);
        List<PodRow> pods = podRows(rows(cluster, null));
        Selection s = resolve(cluster, pods);
        return pods.isEmpty() ? Optional.empty() : Optional.of(new PodKey(cluster, pods.get(s.index).namespace(), pods.get(s.index).name()));
    }

    public void showHelp() {
        overlay = new DashboardView.HelpOverlay();
    }

    public void showDetails(String cluster, PodDetails details) {
        overlay = new DashboardView.DetailsOverlay(cluster, details, null);
    }

    public void closeOverlay() {
        overlay = new DashboardView.NoOverlay();
    }

    public boolean overlayShown() {
        return !(overlay instanceof DashboardView.NoOverlay);
    }

    /** What to draw now; outages are measured at {@code now}, ages at each cluster's time then. */
    public DashboardView view(Instant now) {
        List<ClusterColumn> columns = new ArrayList<>();
        for (String c : clusters) {
            columns.add(column(c, now));
        }
        List<DashboardView.WarningRow> warnings = new ArrayList<>();
        for (String c : clusters) {
            Instant clusterNow = clusterNow(c, now);
            shown.cluster(c).ifPresent(f -> f.warnings().forEach(e -> warnings.add(new DashboardView.WarningRow(c, e.namespace(),
                    e.objectKind().toLowerCase(Locale.ROOT) + "/" + e.objectName(), e.reason(), e.message(), e.count(),
                    e.lastSeen() == null ? null : positive(Duration.between(e.lastSeen(), clusterNow))))));
        }
        warnings.sort(Comparator.comparing((DashboardView.WarningRow w) -> w.ago() == null ? Duration.ofDays(100_000) : w.ago())
                .thenComparing(DashboardView.WarningRow::cluster).thenComparing(DashboardView.WarningRow::object));
        DashboardView.Overlay shownOverlay = overlay instanceof DashboardView.DetailsOverlay d
                ? new DashboardView.DetailsOverlay(d.cluster(), d.details(), clusterNow(d.cluster(), now)) : overlay;
        return new DashboardView(now, columns, warnings, namespace, filter, editing, paused, pending, focus, shownOverlay);
    }

    private ClusterColumn column(String cluster, Instant now) {
        ClusterFacts facts = shown.cluster(cluster).orElse(null);
        boolean answering = facts != null && facts.reachable();
        boolean waiting = !answering && (facts == null || facts.reach().since() == null) && !lastAnswered.containsKey(cluster);
        ClusterFacts content = answering ? facts : lastAnswered.get(cluster);
        String context = facts != null ? facts.context() : content != null ? content.context() : ClusterPlan.contextOf(cluster);
        String problem = answering || facts == null ? null : facts.reach().problem();
        Instant since = answering || facts == null ? null : facts.reach().since();
        List<Row> rows = rows(cluster, clusterNow(cluster, now));
        List<PodRow> pods = podRows(rows);
        Selection s = resolve(cluster, pods);
        int selected = pods.isEmpty() ? -1 : rows.indexOf(pods.get(s.index));
        if (content == null) {
            return new ClusterColumn(cluster, context, answering, waiting, problem, since,
                    since == null ? null : positive(Duration.between(since, now)), 0, 0, DashboardView.Istiod.ABSENT, null,
                    List.of(), List.of(), 0, -1, false);
        }
        MeshParts mesh = content.mesh();
        DashboardView.Istiod istiod = mesh.istiod() == null ? DashboardView.Istiod.ABSENT
                : mesh.istiod().ready() ? DashboardView.Istiod.READY : DashboardView.Istiod.NOT_READY;
        String eastWest = mesh.eastWestGateway() == null ? null : mesh.eastWestGateway().address().orElse("pending");
        List<DashboardView.Remote> remotes = mesh.discovery().stream().filter(d -> !d.local())
                .map(d -> new DashboardView.Remote(d.cluster(), d.synced(), d.status().word())).toList();
        return new ClusterColumn(cluster, context, answering, waiting, problem, since,
                since == null ? null : positive(Duration.between(since, now)), (int) content.nodesReady(), content.nodes().size(),
                istiod, eastWest, remotes, rows, content.pods().size(), selected, !answering);
    }

    private Optional<ClusterFacts> facts(String cluster) {
        ClusterFacts f = shown.cluster(cluster).orElse(null);
        return Optional.ofNullable(f != null && f.reachable() ? f : lastAnswered.get(cluster));
    }

    /**
     * The rows of one cluster: its pods that pass the namespace and the filter, under their namespace's row; ages at
     * {@code now} (none when null).
     */
    private List<Row> rows(String cluster, Instant now) {
        ClusterFacts facts = facts(cluster).orElse(null);
        if (facts == null) {
            return List.of();
        }
        String needle = filter.toLowerCase(Locale.ROOT);
        List<PodFact> pods = facts.pods().stream()
                .filter(p -> namespace == null || namespace.equals(p.namespace()))
                .filter(p -> needle.isEmpty() || matches(p, needle))
                .sorted(POD_ORDER).toList();
        List<Row> rows = new ArrayList<>();
        String current = null;
        for (PodFact p : pods) {
            if (!p.namespace().equals(current)) {
                current = p.namespace();
                String ns = current;
                List<PodFact> in = pods.stream().filter(q -> q.namespace().equals(ns)).toList();
                rows.add(new NamespaceRow(ns, in.size(), (int) in.stream().filter(PodFact::ready).count()));
            }
            rows.add(new PodRow(p.namespace(), p.name(), p.readyContainers() + "/" + p.containers(), p.status(), p.health(),
                    p.restarts(), now == null || p.created() == null ? null : positive(Duration.between(p.created(), now)),
                    p.node()));
        }
        return rows;
    }

    private static boolean matches(PodFact p, String needle) {
        return contains(p.name(), needle) || contains(p.namespace(), needle) || contains(p.status(), needle)
                || contains(p.node(), needle);
    }

    private static boolean contains(String s, String needle) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static List<PodRow> podRows(List<Row> rows) {
        return rows.stream().filter(PodRow.class::isInstance).map(PodRow.class::cast).toList();
    }

    /** Keeps the selection on the same pod when rows move, else on the same position. */
    private Selection resolve(String cluster, List<PodRow> pods) {
        Selection s = selections.computeIfAbsent(cluster, c -> new Selection());
        if (pods.isEmpty()) {
            s.index = 0;
            return s;
        }
        int at = -1;
        for (int i = 0; i < pods.size(); i++) {
            if (key(pods.get(i)).equals(s.key)) {
                at = i;
                break;
            }
        }
        s.index = at >= 0 ? at : Math.max(0, Math.min(pods.size() - 1, s.index));
        s.key = key(pods.get(s.index));
        return s;
    }

    private static String key(PodRow p) {
        return p.namespace() + "/" + p.name();
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
