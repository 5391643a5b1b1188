package dev.meshstage.dashboard;

import dev.meshstage.dashboard.DashboardView.ClusterColumn;
import dev.meshstage.dashboard.DashboardView.NamespaceRow;
import dev.meshstage.dashboard.DashboardView.PodRow;
import dev.meshstage.dashboard.DashboardView.Row;
import dev.meshstage.dashboard.DashboardView.WarningRow;
import dev.meshstage.dashboard.Frame.Line;
import dev.meshstage.dashboard.Frame.LineBuilder;
import dev.meshstage.dashboard.Frame.Style;
import dev.meshstage.mesh.PodDetails;
import dev.meshstage.mesh.model.PodHealth;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a {@link DashboardView} out on a grid of a given size: a title line, the clusters side by side (stacked
 * below {@value #STACK_BELOW} columns), and the warning strip. A pure function: the same view and size give the
 * same frame. A height of 0 or less lays everything out, as tall as it is ({@code dashboard --once}).
 */
public final class FrameLayout {

    static final int STACK_BELOW = 100;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private FrameLayout() {
    }

    /** The symbol that shows a pod's health without colour. */
    static String symbol(PodHealth h) {
        return switch (h) {
            case READY -> "✔";
            case PROGRESSING -> "◐";
            case FAILING -> "✘";
            case TERMINATING -> "⊘";
            case COMPLETED -> "○";
        };
    }

    static Style style(PodHealth h) {
        return switch (h) {
            case READY -> Style.READY;
            case PROGRESSING -> Style.PROGRESSING;
            case FAILING -> Style.FAILING;
            case TERMINATING -> Style.TERMINATING;
            case COMPLETED -> Style.COMPLETED;
        };
    }

    public static Frame layout(DashboardView v, int width, int height) {
        boolean natural = height <= 0;
        List<Line> lines = new ArrayList<>();
        lines.add(title(v, width));
        List<Line> warnings = warnings(v, width, natural ? 10 : height >= 40 ? 5 : height >= 24 ? 3 : 1);
        int body = natural ? -1 : Math.max(0, height - 1 - warnings.size());
        List<Line> content;
        if (v.overlay() instanceof DashboardView.HelpOverlay) {
            content = help(width);
        } else if (v.overlay() instanceof DashboardView.DetailsOverlay d) {
            content = details(d, v, width);
        } else {
            content = width < STACK_BELOW && v.columns().size() > 1 ? stacked(v, width, body) : sideBySide(v, width, body);
        }
        if (natural) {
            lines.addAll(content);
        } else {
            for (int i = 0; i < body; i++) {
                lines.add(i < content.size() ? content.get(i) : Line.EMPTY);
            }
        }
        lines.addAll(warnings);
        return new Frame(width, lines);
    }

    private static Line title(DashboardView v, int width) {
        LineBuilder b = new LineBuilder().add(" meshstage dashboard", Style.TITLE)
                .add("   namespace ", Style.DIM).add(v.namespace() == null ? "all" : v.namespace(), Style.TEXT)
                .add("   filter ", Style.DIM);
        if (v.editing()) {
            b.add("/" + v.filter() + "▏", Style.KEY);
        } else {
            b.add(v.filter().isEmpty() ? "none" : "/" + v.filter(), Style.TEXT);
        }
        if (v.paused()) {
            b.add("   ⏸ PAUSED", Style.WARNING).add(v.pending() > 0 ? " (" + v.pending() + " changes waiting, p resumes)" : " (p resumes)",
                    Style.WARNING);
        }
        String keys = "? help  q quit ";
        if (b.length() + keys.length() + 2 <= width) {
            b.add(" ".repeat(width - b.length() - keys.length()), Style.TEXT).add(keys, Style.DIM);
        }
        return b.build(width, false);
    }

    private static List<Line> sideBySide(DashboardView v, int width, int body) {
        int n = Math.max(1, v.columns().size());
        int colWidth = (width - (n - 1)) / n;
        List<List<Line>> cols = new ArrayList<>();
        for (int i = 0; i < v.columns().size(); i++) {
            cols.add(column(v.columns().get(i), colWidth, body >= 0 && i == v.focus() && n > 1, v, body));
        }
        int rows = body >= 0 ? body : cols.stream().mapToInt(List::size).max().orElse(0);
        List<Line> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<Frame.Span> spans = new ArrayList<>();
            for (int c = 0; c < cols.size(); c++) {
                Line l = r < cols.get(c).size() ? cols.get(c).get(r) : Line.EMPTY;
                spans.addAll(l.spans());
                int pad = colWidth - l.length();
                if (c < cols.size() - 1) {
                    spans.add(new Frame.Span(" ".repeat(Math.max(0, pad)), Style.TEXT));
                    spans.add(new Frame.Span("│", Style.DIM));
                }
            }
            out.add(new Line(spans));
        }
        return out;
    }

    private static List<Line> stacked(DashboardView v, int width, int body) {
        int n = v.columns().size();
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int share = body < 0 ? -1 : body / n + (i == n - 1 ? body % n : 0);
            List<Line> col = column(v.columns().get(i), width, body >= 0 && i == v.focus(), v, share);
            if (share >= 0) {
                while (col.size() < share) {
                    col.add(Line.EMPTY);
                }
            }
            out.addAll(col);
        }
        return out;
    }

    /** One cluster: its header, mesh line, state, and as many pod rows as fit ({@code height} < 0: all). */
    static List<Line> column(ClusterColumn c, int width, boolean focused, DashboardView v, int height) {
        List<Line> out = new ArrayList<>();
        LineBuilder head = new LineBuilder().add(focused ? "▶ " : "  ", Style.KEY).add(c.name(), Style.CLUSTER)
                .add("  " + c.context(), Style.DIM);
        if (c.nodes() > 0) {
            // the counts on a line of their own when the column is too narrow for them beside the context
            String nodes = c.nodesReady() + "/" + c.nodes();
            String pods = String.valueOf(c.pods());
            LineBuilder counts = head.length() + 9 + Text.width(nodes) + 7 + Text.width(pods) <= width ? head : new LineBuilder();
            if (counts != head) {
                out.add(head.build(width, false));
            }
            counts.add("  nodes ", Style.DIM).add(nodes, c.nodesReady() == c.nodes() ? Style.READY : Style.PROGRESSING)
                    .add("  pods ", Style.DIM).add(pods, Style.TEXT);
            out.add(counts.build(width, false));
        } else {
            out.add(head.build(width, false));
        }
        if (!c.answering()) {
            String state = c.waiting() ? "  … waiting for the API to answer"
                    : "  ✘ not answering since " + (c.since() == null ? "?" : CLOCK.format(c.since()) + " UTC")
                    + (c.down() == null ? "" : " (" + Text.age(c.down()) + ")") + (c.problem() == null ? "" : ":");
            out.add(Line.of(Text.cut(state, width), c.waiting() ? Style.DIM : Style.FAILING));
            if (!c.waiting() && c.problem() != null) {
                Text.wrap(c.problem(), width - 4).stream().limit(3).forEach(l -> out.add(Line.of("    " + l, Style.FAILING)));
            }
        }
        if (c.nodes() > 0 || c.answering()) {
            out.addAll(meshLines(c, width));
        }
        if (c.rows().isEmpty()) {
            if (c.answering() || c.stale()) {
                out.add(Line.of(Text.cut(v.filter().isEmpty() ? "  no pods" + (v.namespace() == null ? "" : " in " + v.namespace())
                        : "  no pods match /" + v.filter(), width), Style.DIM));
            }
            return clip(out, height);
        }
        Widths w = Widths.of(c.rows(), width);
        out.add(tableHeader(w, width));
        int room = height < 0 ? c.rows().size() : Math.max(0, height - out.size());
        int shown = c.rows().size() <= room ? c.rows().size() : Math.max(0, room - 1);
        int start = c.selected() >= shown ? c.selected() - shown + 1 : 0;
        for (int i = start; i < start + shown && i < c.rows().size(); i++) {
            out.add(row(c.rows().get(i), w, width, i == c.selected(), focused, c.stale()));
        }
        if (shown < c.rows().size() && room > 0) {
            int hidden = c.rows().size() - shown;
            out.add(Line.of(Text.cut("  … " + hidden + " more row" + (hidden == 1 ? "" : "s") + " (↑↓ scroll)", width), Style.DIM));
        }
        return clip(out, height);
    }

    private static List<Line> clip(List<Line> lines, int height) {
        return height < 0 || lines.size() <= height ? lines : new ArrayList<>(lines.subList(0, height));
    }

    /**
     * The mesh state: istiod, the east-west gateway and each remote cluster as this cluster's istiod sees it. On one
     * line when it fits; otherwise the remotes go to lines of their own, as many on each as fit (three columns of a
     * three-cluster mesh), so no remote's state is cut away.
     */
    static List<Line> meshLines(ClusterColumn c, int width) {
        LineBuilder first = new LineBuilder().add("  istiod ", Style.DIM);
        switch (c.istiod()) {
            case READY -> first.add("✔", Style.READY);
            case NOT_READY -> first.add("◐ not ready", Style.PROGRESSING);
            case ABSENT -> first.add("– not installed", Style.DIM);
        }
        if (c.eastWest() != null) {
            first.add("  east-west ", Style.DIM).add(c.eastWest(), c.eastWest().equals("pending") ? Style.PROGRESSING : Style.TEXT);
        }
        int remotesWidth = c.remotes().stream().mapToInt(r -> 2 + remoteWidth(r)).sum();
        if (first.length() + remotesWidth <= width) {
            c.remotes().forEach(r -> addRemote(first, r, "  "));
            return List.of(first.build(width, false));
        }
        List<Line> out = new ArrayList<>();
        out.add(first.build(width, false));
        String label = "  remotes ";
        LineBuilder line = new LineBuilder().add(label, Style.DIM);
        boolean empty = true;
        for (DashboardView.Remote r : c.remotes()) {
            if (!empty && line.length() + 2 + remoteWidth(r) > width) {
                out.add(line.build(width, false));
                line = new LineBuilder().add(" ".repeat(label.length()), Style.DIM);
                empty = true;
            }
            addRemote(line, r, empty ? "" : "  ");
            empty = false;
        }
        out.add(line.build(width, false));
        return out;
    }

    private static int remoteWidth(DashboardView.Remote r) {
        return Text.width(r.cluster()) + 1 + (r.synced() ? 1 : 2 + Text.width(r.status()));
    }

    private static void addRemote(LineBuilder b, DashboardView.Remote r, String gap) {
        b.add(gap + r.cluster() + " ", Style.DIM).add(r.synced() ? "✔" : "✘ " + r.status(), r.synced() ? Style.READY : Style.FAILING);
    }

    /** Column widths of one cluster's pod table, fitted to its width: the node goes first, then the name shrinks. */
    record Widths(int name, int ready, int status, int restarts, int age, int node) {
        static final int MARK = 4;

        static Widths of(List<Row> rows, int width) {
            int name = 4, ready = 5, status = 6, restarts = 3, age = 5, node = 0;
            for (Row r : rows) {
                if (r instanceof PodRow p) {
                    name = Math.max(name, Text.width(p.name()));
                    ready = Math.max(ready, Text.width(p.ready()));
                    status = Math.max(status, Text.width(String.valueOf(p.status())));
                    node = Math.max(node, p.node() == null ? 6 : Text.width(p.node()));
                }
            }
            status = Math.min(status, 17) + 2; // the health symbol and a space
            int fixed = MARK + 1 + ready + 1 + status + 1 + restarts + 1 + age;
            if (fixed + name + 1 + node > width) {
                node = 0;
            }
            int nodeCells = node == 0 ? 0 : node + 1;
            name = Math.max(8, Math.min(name, width - fixed - nodeCells));
            return new Widths(name, ready, status, restarts, age, node);
        }
    }

    private static Line tableHeader(Widths w, int width) {
        LineBuilder b = new LineBuilder().add(" ".repeat(Widths.MARK), Style.DIM)
                .add(Text.padRight("NAME", w.name()) + " " + Text.padRight("READY", w.ready()) + " "
                        + Text.padRight("STATUS", w.status()) + " " + Text.padLeft("RST", w.restarts()) + " "
                        + Text.padLeft("AGE", w.age()) + (w.node() == 0 ? "" : " " + Text.padRight("NODE", w.node())), Style.DIM);
        return b.build(width, false);
    }

    private static Line row(Row r, Widths w, int width, boolean selected, boolean focused, boolean stale) {
        if (r instanceof NamespaceRow ns) {
            return new LineBuilder().add("  " + ns.namespace(), Style.NAMESPACE)
                    .add("  " + ns.ready() + "/" + ns.pods() + " ready", Style.DIM).build(width, false);
        }
        PodRow p = (PodRow) r;
        Style health = stale ? Style.DIM : style(p.health());
        LineBuilder b = new LineBuilder().add(selected && focused ? "  › " : "    ", Style.KEY)
                .add(Text.padRight(Text.cutMiddle(p.name(), w.name()), w.name()) + " ", stale ? Style.DIM : Style.TEXT)
                .add(Text.padRight(p.ready(), w.ready()) + " ", stale ? Style.DIM : Style.TEXT)
                .add(symbol(p.health()) + " ", health)
                .add(Text.padRight(String.valueOf(p.status()), w.status() - 2) + " ", health)
                .add(Text.padLeft(String.valueOf(p.restarts()), w.restarts()) + " ", p.restarts() > 0 && !stale ? Style.PROGRESSING : Style.DIM)
                .add(Text.padLeft(Text.age(p.age()), w.age()), Style.DIM);
        if (w.node() > 0) {
            b.add(" " + Text.padRight(p.node() == null ? "<none>" : p.node(), w.node()), Style.DIM);
        }
        return b.build(width, selected && focused);
    }

    private static List<Line> warnings(DashboardView v, int width, int max) {
        List<Line> out = new ArrayList<>();
        String title = "─ warnings " + (v.warnings().isEmpty() ? "(none) " : "(" + v.warnings().size() + ", newest first) ");
        out.add(Line.of(title + "─".repeat(Math.max(0, width - Text.width(title))), Style.DIM));
        for (WarningRow w : v.warnings().stream().limit(max).toList()) {
            out.add(new LineBuilder().add(" " + w.cluster() + " ", Style.CLUSTER)
                    .add(w.namespace() + " " + w.object() + " ", Style.TEXT)
                    .add(w.reason() + (w.count() > 1 ? " ×" + w.count() : ""), Style.WARNING)
                    .add(" " + (w.ago() == null ? "" : Text.age(w.ago()) + " ago") + " ", Style.DIM)
                    .add(w.message() == null ? "" : w.message().replace('\n', ' '), Style.TEXT).build(width, false));
        }
        return out;
    }

    private static List<Line> help(int width) {
        List<String> keys = List.of(
                "Tab / Shift-Tab   focus the next / previous cluster",
                "↑ ↓  PgUp PgDn    select a pod in the focused cluster",
                "/                 filter pods of every cluster (name, namespace, status, node); Enter keeps, Esc clears",
                "n                 next namespace (all → the application's → istio-system → …)",
                "Enter             the selected pod: containers, images, conditions, events, last log lines",
                "p                 pause / resume updates (changes are counted while paused)",
                "?                 this help (any key closes it)",
                "q  Esc            back to the prompt",
                "",
                "health: ✔ running and ready   ◐ on its way   ✘ failing   ⊘ terminating   ○ completed");
        List<Line> out = new ArrayList<>();
        out.add(Line.EMPTY);
        out.add(Line.of("  Keys", Style.TITLE));
        out.add(Line.EMPTY);
        keys.forEach(k -> out.add(Line.of(Text.cut("    " + k, width), Style.TEXT)));
        return out;
    }

    private static List<Line> details(DashboardView.DetailsOverlay o, DashboardView v, int width) {
        PodDetails d = o.details();
        List<Line> out = new ArrayList<>();
        out.add(new LineBuilder().add("  " + o.cluster() + " ", Style.CLUSTER).add(d.namespace() + "/" + d.name(), Style.TITLE)
                .add(d.node() == null ? "" : "  node " + d.node(), Style.DIM).add(d.ip() == null ? "" : "  ip " + d.ip(), Style.DIM)
                .add(d.phase() == null ? "" : "  phase " + d.phase(), Style.DIM).add("   Esc back", Style.KEY).build(width, false));
        if (d.problem() != null) {
            out.add(Line.of(Text.cut("  ✘ " + d.problem(), width), Style.FAILING));
            return out;
        }
        out.add(Line.of("  containers", Style.NAMESPACE));
        for (PodDetails.Container c : d.containers()) {
            out.add(new LineBuilder().add("    " + (c.ready() ? "✔ " : "✘ "), c.ready() ? Style.READY : Style.FAILING)
                    .add(c.name() + (c.init() ? " (init)" : ""), Style.TEXT).add("  " + c.image(), Style.DIM)
                    .add("  " + c.state(), c.ready() ? Style.TEXT : Style.FAILING)
                    .add(c.restarts() > 0 ? "  restarts " + c.restarts() : "", Style.PROGRESSING).build(width, false));
        }
        out.add(Line.of("  conditions", Style.NAMESPACE));
        for (PodDetails.Condition c : d.conditions()) {
            out.add(new LineBuilder().add("    " + c.type() + " ", Style.TEXT).add(c.status(), "True".equals(c.status()) ? Style.READY : Style.FAILING)
                    .add(c.reason() == null ? "" : "  " + c.reason(), Style.DIM).build(width, false));
        }
        out.add(Line.of("  events" + (d.events().isEmpty() ? " (none)" : ""), Style.NAMESPACE));
        for (PodDetails.Event e : d.events()) {
            out.add(new LineBuilder().add("    " + e.type() + " ", "Warning".equals(e.type()) ? Style.WARNING : Style.DIM)
                    .add(e.reason() + (e.count() > 1 ? " ×" + e.count() : ""), Style.TEXT)
                    .add(e.lastSeen() == null ? "" : "  " + Text.age(nonNegative(Duration.between(e.lastSeen(), o.clusterNow()))) + " ago", Style.DIM)
                    .add("  " + (e.message() == null ? "" : e.message().replace('\n', ' ')), Style.TEXT).build(width, false));
        }
        out.add(Line.of("  last log lines" + (d.logContainer() == null ? "" : " (" + d.logContainer() + ")")
                + (d.logs().isEmpty() ? ": none" : ""), Style.NAMESPACE));
        d.logs().forEach(l -> out.add(Line.of(Text.cut("    " + l, width), Style.TEXT)));
        return out;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
