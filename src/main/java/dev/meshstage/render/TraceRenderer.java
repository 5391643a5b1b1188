package dev.meshstage.render;

import dev.meshstage.mesh.route.Candidate;
import dev.meshstage.mesh.route.Hop;
import dev.meshstage.mesh.route.RoutePlan;
import dev.meshstage.mesh.trace.TraceReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code trace} for people: the numbered hop table (a compact tree on a narrow terminal), every candidate endpoint
 * with its weight, the first broken hop with its reason and fix, and what a real request got. And as JSON.
 */
public final class TraceRenderer {

    /** Below this many columns the hop table does not fit: a tree instead. */
    public static final int NARROW = 100;

    private TraceRenderer() {
    }

    public static String render(TraceReport r, int width) {
        RoutePlan p = r.plan();
        StringBuilder sb = new StringBuilder();
        sb.append(r.caller().workload()).append(" (").append(r.caller().cluster()).append(r.caller().pod() == null ? ""
                : ", pod " + r.caller().pod().name()).append(") → ").append(p.host())
                .append(p.port() == 0 ? "" : ":" + p.port()).append('\n');
        if (p.outboundCluster() != null) {
            sb.append("outbound cluster ").append(p.outboundCluster()).append('\n');
        }
        if (p.sni() != null) {
            sb.append("SNI              ").append(p.sni()).append('\n');
        }
        String table = table(p);
        // the table when it fits the terminal, else a tree that does
        if (width < NARROW || table.lines().anyMatch(l -> l.length() > width)) {
            tree(sb, p);
        } else {
            sb.append(table);
        }
        if (!p.endpoints().isEmpty()) {
            sb.append('\n').append("endpoints of ").append(p.outboundCluster()).append(" as ").append(r.caller().cluster())
                    .append("'s istiod hands them out:\n");
            Table e = new Table("ENDPOINT", "WEIGHT", "CLUSTER", "NETWORK", "VIA", "PODS");
            for (Candidate c : p.endpoints()) {
                e.row(c.address(), c.weight(), c.cluster(), orDash(c.network()), via(c), String.join(",", c.pods()));
            }
            sb.append(indent(e.render()));
        }
        sb.append('\n');
        p.broken().ifPresentOrElse(h -> {
            int n = p.hops().indexOf(h) + 1;
            sb.append("broken at hop ").append(n).append(" (").append(h.what().word()).append(" in ").append(h.cluster())
                    .append("): ").append(h.problem().reason()).append('\n');
            sb.append("  fix: ").append(h.problem().fix()).append('\n');
        }, () -> sb.append("path: ok\n"));
        if (r.request() != null) {
            TraceReport.Request q = r.request();
            sb.append("request (sent now): ");
            if (q.ok()) {
                sb.append(q.status()).append(q.servedBy() == null ? "" : " from " + q.servedBy()).append(q.via() == null ? "" : " via " + q.via());
            } else {
                if (q.status() == 0) { // nothing answered in HTTP: what the connection said instead
                    sb.append("no HTTP answer").append(q.body().isEmpty() ? "" : " (" + q.body() + ")");
                } else {
                    sb.append(q.status()).append(q.flags().isEmpty() ? "" : " " + q.flags()).append(q.body().isEmpty() ? "" : " " + q.body());
                }
            }
            sb.append('\n');
            if (r.servedElsewhere()) {
                sb.append("note: Envoy sent it to another endpoint (it retries a failed connection on another); requests along "
                        + "the path above still fail\n");
            } else if (!r.agrees()) {
                sb.append("note: the request did not do what the computed path says; the state changed between the two, trace again\n");
            }
        }
        if (r.sidecar() != null) {
            sb.append("sidecar's endpoints (pilot-agent request GET clusters): ");
            sb.append(r.sidecar().isEmpty() ? "none" : r.sidecar().stream()
                    .map(e -> e.address() + (e.healthy() ? "" : " (unhealthy)")).collect(Collectors.joining(", ")));
            sb.append(r.sidecarAgrees() ? " — as computed\n" : " — computed: " + (r.computedAddresses().isEmpty() ? "none"
                    : String.join(", ", r.computedAddresses())) + "; istiod has not pushed the change yet, or the model is stale: trace again\n");
        }
        return sb.toString();
    }

    private static String table(RoutePlan p) {
        Table t = new Table("HOP", "CLUSTER", "NETWORK", "WHAT", "ADDRESS", "DETAIL", "VERDICT");
        int n = 1;
        for (Hop h : p.hops()) {
            t.row(n++, h.cluster(), orDash(h.network()), h.what().word(), orDash(h.address()), orDash(h.detail()), h.ok() ? "✔" : "✘");
        }
        return t.render();
    }

    private static void tree(StringBuilder sb, RoutePlan p) {
        int n = 1;
        String cluster = null;
        for (Hop h : p.hops()) {
            if (!h.cluster().equals(cluster)) {
                cluster = h.cluster();
                sb.append(cluster).append(" (").append(orDash(h.network())).append(")\n");
            }
            sb.append("  ").append(n++).append(' ').append(h.ok() ? "✔ " : "✘ ").append(h.what().word())
                    .append(h.address() == null ? "" : " " + h.address()).append('\n');
            if (h.detail() != null) {
                sb.append("      ").append(h.detail()).append('\n');
            }
        }
    }

    private static String via(Candidate c) {
        return switch (c.via()) {
            case LOCAL_POD -> "pod";
            case GATEWAY -> "east-west gateway";
            case REMOTE_POD_IP -> "remote pod IP (unreachable)";
        };
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String indent(String s) {
        StringBuilder out = new StringBuilder();
        s.lines().forEach(l -> out.append("  ").append(l).append('\n'));
        return out.toString();
    }

    /** {@code {"ok", "hops": [...], "endpoints": [...], "fix"?, "request"?}}. */
    public static Map<String, Object> json(TraceReport r) {
        RoutePlan p = r.plan();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", p.ok());
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("cluster", r.caller().cluster());
        from.put("workload", r.caller().workload());
        from.put("pod", r.caller().pod() == null ? "" : r.caller().pod().name());
        out.put("from", from);
        out.put("to", p.host() + ":" + p.port());
        out.put("cluster", p.outboundCluster() == null ? "" : p.outboundCluster());
        List<Map<String, Object>> hops = new ArrayList<>();
        for (Hop h : p.hops()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cluster", h.cluster());
            m.put("network", h.network());
            m.put("what", h.what().word());
            m.put("address", h.address());
            m.put("ok", h.ok());
            if (!h.ok()) {
                m.put("reason", h.problem().reason());
                m.put("cause", h.problem().cause().name());
            }
            hops.add(m);
        }
        out.put("hops", hops);
        List<Map<String, Object>> eps = new ArrayList<>();
        for (Candidate c : p.endpoints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", c.address());
            m.put("weight", c.weight());
            m.put("cluster", c.cluster());
            m.put("network", c.network());
            m.put("via", c.via().name().toLowerCase());
            m.put("usable", c.usable());
            eps.add(m);
        }
        out.put("endpoints", eps);
        p.broken().ifPresent(h -> out.put("fix", h.problem().fix()));
        if (r.request() != null) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("status", r.request().status());
            q.put("flags", r.request().flags());
            q.put("servedBy", r.request().servedBy());
            out.put("request", q);
        }
        if (r.sidecar() != null) {
            List<Map<String, Object>> seen = new ArrayList<>();
            for (TraceReport.SidecarEndpoint e : r.sidecar()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("address", e.address());
                m.put("healthy", e.healthy());
                seen.add(m);
            }
            Map<String, Object> sidecar = new LinkedHashMap<>();
            sidecar.put("endpoints", seen);
            sidecar.put("agrees", r.sidecarAgrees());
            out.put("sidecar", sidecar);
        }
        return out;
    }
}
