package dev.meshstage.render;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.IstioGatewayFact;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.TrustFact;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code mesh status}, a pure function of the mesh model: a block per cluster (load balancer, istiod, network,
 * east-west gateway, cross-network Gateway, CA), the trust verdict, and one remote-clusters table for every ready
 * istiod, in {@code istioctl remote-clusters}' columns with a FROM column in front; reasons follow the table.
 */
public final class MeshStatusRenderer {

    static final String CROSS_NETWORK_GATEWAY = "cross-network-gateway";

    private MeshStatusRenderer() {
    }

    public static String render(MeshModel model) {
        StringBuilder sb = new StringBuilder();
        for (ClusterFacts c : model.clusters()) {
            sb.append(c.name()).append('\n');
            if (!c.reachable()) {
                sb.append("  ").append(c.reach().problem()).append('\n');
                continue;
            }
            MeshParts m = c.mesh();
            MeshParts.MetalLbFact lb = m.metallb();
            line(sb, "metallb", lb == null ? "not installed (run lb install)"
                    : (lb.controllerReady() ? "ready" : "not ready") + (lb.pools().isEmpty() ? ", no IPAddressPool"
                    : ", pool " + lb.pools().stream().map(p -> p.name() + " " + String.join(",", p.addresses()))
                            .collect(Collectors.joining("; "))));
            line(sb, "istiod", m.istiod() == null ? "not installed (run mesh install)"
                    : m.istiod().ready() ? "ready (" + m.istiod().image() + ")" : "not ready");
            String network = network(c);
            line(sb, "network", network == null ? "<none> (istio-system has no topology.istio.io/network label)" : network);
            MeshParts.GatewayFact ew = m.eastWestGateway();
            line(sb, "east-west gw", ew == null || ew.serviceType() == null ? "not installed"
                    : ew.address().map(ip -> ip + ":15443").orElse("<pending> (no external IP: run lb install)"));
            line(sb, "cross-network", crossNetwork(c).map(g -> CROSS_NETWORK_GATEWAY + " " + server(g))
                    .orElse("no " + CROSS_NETWORK_GATEWAY));
            line(sb, "CA", switch (m.trust().source()) {
                case NONE -> "none yet (mesh ca)";
                case CACERTS -> "plugged-in (cacerts)";
                case SELF_SIGNED -> "istiod's self-signed CA (no cacerts)";
            });
            line(sb, "root", Objects.requireNonNullElse(root(m.trust()), "-"));
            line(sb, "intermediate", Objects.requireNonNullElse(m.trust().intermediateFingerprint(), "-"));
        }
        sb.append('\n');
        List<ClusterFacts> clusters = model.clusters();
        if (clusters.stream().allMatch(c -> root(c.mesh().trust()) == null)) {
            sb.append("trust: no root published yet (istiod not running)\n");
        } else if (sameRoot(model)) {
            sb.append("trust: one root of trust in every cluster; intermediates differ per cluster\n");
        } else {
            sb.append("trust: DIFFERENT roots (or one missing): cross-cluster mTLS will fail with CERTIFICATE_VERIFY_FAILED;"
                    + " run mesh ca --rotate\n");
        }
        List<Row> rows = remoteClusters(model);
        if (rows.isEmpty()) {
            sb.append("remote clusters: none (istiod not running)\n");
            return sb.toString();
        }
        Table t = new Table("FROM", "REMOTE", "SECRET", "STATUS", "ISTIOD");
        rows.forEach(r -> t.row(r.from(), r.d().cluster(), r.d().secret(), r.d().status().word(), r.d().istiod()));
        sb.append(t.render());
        String reasons = rows.stream().filter(r -> r.d().message() != null && !r.d().message().isEmpty())
                .map(r -> "  " + r.from() + " → " + r.d().cluster() + ": " + r.d().message()).collect(Collectors.joining("\n"));
        if (!reasons.isEmpty()) {
            sb.append(reasons).append('\n');
        }
        if (rows.stream().allMatch(r -> r.d().local())) {
            sb.append("no remote clusters yet: run mesh link\n");
        } else if (clusters.size() > 2) {
            // past two clusters the rows grow as N²: the same facts as one cell per pair
            sb.append('\n').append(discoveryMatrix(clusters));
        }
        return sb.toString();
    }

    /**
     * What each cluster's istiod says of every cluster, a row per istiod and a column per cluster it should read:
     * {@code local}, the sync state of its remote secret's cluster, {@code -} where it has none, {@code ?} for an
     * istiod that is not running or a cluster that does not answer.
     */
    static String discoveryMatrix(List<ClusterFacts> clusters) {
        List<String> header = new ArrayList<>(List.of("ISTIOD OF"));
        clusters.forEach(c -> header.add(c.name()));
        Table t = new Table(header.toArray(String[]::new));
        for (ClusterFacts from : clusters) {
            boolean running = from.reachable() && from.mesh().istiod() != null && from.mesh().istiod().ready();
            List<Object> cells = new ArrayList<>(List.of(from.name()));
            for (ClusterFacts to : clusters) {
                cells.add(!running ? "?" : from.mesh().discovery().stream().filter(d -> d.cluster().equals(to.name())).findFirst()
                        .map(d -> d.local() && d.synced() ? "local" : d.status().word()).orElse("-"));
            }
            t.row(cells.toArray());
        }
        return "discovery: what the istiod of each cluster (a row) says of every cluster (a column)\n" + t.render();
    }

    /** {@code mesh status --json}: each cluster's mesh parts as the model has them, and the trust verdict. */
    public static String json(MeshModel model) {
        ObjectNode root = Json.tree(java.util.Map.of());
        var clusters = root.putArray("clusters");
        for (ClusterFacts c : model.clusters()) {
            ObjectNode node = clusters.addObject();
            node.put("cluster", c.name());
            node.put("reachable", c.reachable());
            node.put("problem", c.reach().problem());
            node.put("network", network(c));
            crossNetwork(c).ifPresentOrElse(g -> node.set("crossNetworkGateway", Json.tree(g)), () -> node.putNull("crossNetworkGateway"));
            node.set("mesh", Json.tree(c.mesh()));
        }
        root.put("sameRoot", sameRoot(model));
        return Json.render(root);
    }

    /** Every cluster trusts a root, and it is the same one everywhere. */
    static boolean sameRoot(MeshModel model) {
        List<String> roots = model.clusters().stream().map(c -> root(c.mesh().trust())).toList();
        return !roots.isEmpty() && roots.stream().allMatch(Objects::nonNull) && roots.stream().distinct().count() == 1;
    }

    /** The root this cluster's proxies are given: what istiod published, else the one in cacerts. */
    private static String root(TrustFact t) {
        return t.publishedRootFingerprint() != null ? t.publishedRootFingerprint()
                : t.source() == TrustFact.Source.CACERTS ? t.rootFingerprint() : null;
    }

    private record Row(String from, MeshParts.DiscoveryFact d) {
    }

    /** What each ready istiod reports, in cluster order. */
    private static List<Row> remoteClusters(MeshModel model) {
        List<Row> rows = new ArrayList<>();
        for (ClusterFacts c : model.clusters()) {
            if (c.reachable() && c.mesh().istiod() != null && c.mesh().istiod().ready()) {
                c.mesh().discovery().forEach(d -> rows.add(new Row(c.name(), d)));
            }
        }
        return rows;
    }

    private static String network(ClusterFacts c) {
        return c.namespace("istio-system").map(NamespaceFact::network).orElse(null);
    }

    private static Optional<IstioGatewayFact> crossNetwork(ClusterFacts c) {
        return c.istioGateways().stream().filter(g -> g.namespace().equals("istio-system")
                && g.name().equals(CROSS_NETWORK_GATEWAY)).findFirst();
    }

    /** {@code *.local on 15443 (AUTO_PASSTHROUGH)} from the Gateway's first server. */
    private static String server(IstioGatewayFact g) {
        if (g.servers().isEmpty()) {
            return "no servers";
        }
        IstioGatewayFact.Server s = g.servers().get(0);
        return String.join(",", s.hosts()) + " on " + s.port() + " (" + (s.tlsMode() == null ? "no TLS mode" : s.tlsMode()) + ")";
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append("  ").append(label).append(" ".repeat(Math.max(1, 15 - label.length()))).append(value).append('\n');
    }
}
