package dev.meshstage.render;

import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.mesh.MeshStatus;

import java.util.stream.Collectors;

/**
 * {@code mesh status} for people: a block per cluster (load balancer, istiod, network, east-west gateway,
 * cross-network Gateway, CA), the trust verdict, and one remote-clusters table for every istiod, in
 * {@code istioctl remote-clusters}' columns with a FROM column in front; reasons follow the table.
 */
public final class MeshStatusRenderer {

    private MeshStatusRenderer() {
    }

    public static String render(MeshStatus s) {
        StringBuilder sb = new StringBuilder();
        for (MeshStatus.ClusterMesh c : s.clusters()) {
            sb.append(c.cluster()).append('\n');
            if (!c.reachable()) {
                sb.append("  ").append(c.problem()).append('\n');
                continue;
            }
            line(sb, "metallb", c.metallb() == null ? "not installed (run lb install)"
                    : c.metallb() + (c.pools().isEmpty() ? ", no IPAddressPool" : ", pool " + String.join("; ", c.pools())));
            line(sb, "istiod", c.istiod() == null ? "not installed (run mesh install)"
                    : c.istiod().equals("not ready") ? "not ready" : "ready (" + c.istiod() + ")");
            line(sb, "network", c.network() == null ? "<none> (istio-system has no topology.istio.io/network label)" : c.network());
            line(sb, "east-west gw", c.eastWestGateway() == null ? "not installed"
                    : c.eastWestGateway().isEmpty() ? "<pending> (no external IP: run lb install)" : c.eastWestGateway() + ":15443");
            line(sb, "cross-network", c.crossNetwork() == null ? "no cross-network-gateway" : "cross-network-gateway " + c.crossNetwork());
            line(sb, "CA", c.caSource() == null ? "none yet (mesh ca)" : c.caSource().equals("cacerts")
                    ? "plugged-in (cacerts)" : "istiod's self-signed CA (no cacerts)");
            line(sb, "root", c.rootFingerprint() == null ? "-" : c.rootFingerprint());
            line(sb, "intermediate", c.intermediateFingerprint() == null ? "-" : c.intermediateFingerprint());
        }
        sb.append('\n');
        if (s.clusters().stream().allMatch(c -> c.rootFingerprint() == null)) {
            sb.append("trust: no root published yet (istiod not running)\n");
        } else if (s.sameRoot()) {
            sb.append("trust: one root of trust in every cluster; intermediates differ per cluster\n");
        } else {
            sb.append("trust: DIFFERENT roots (or one missing): cross-cluster mTLS will fail with CERTIFICATE_VERIFY_FAILED;"
                    + " run mesh ca --rotate\n");
        }
        if (s.remoteClusters().isEmpty()) {
            sb.append("remote clusters: none (istiod not running)\n");
            return sb.toString();
        }
        Table t = new Table("FROM", "REMOTE", "SECRET", "STATUS", "ISTIOD");
        for (RemoteClusterStatus r : s.remoteClusters()) {
            t.row(r.from(), r.name(), r.secret(), r.status(), r.istiod());
        }
        sb.append(t.render());
        String reasons = s.remoteClusters().stream().filter(r -> !r.message().isEmpty())
                .map(r -> "  " + r.from() + " → " + r.name() + ": " + r.message()).collect(Collectors.joining("\n"));
        if (!reasons.isEmpty()) {
            sb.append(reasons).append('\n');
        }
        if (s.remoteClusters().stream().noneMatch(r -> !r.local())) {
            sb.append("no remote clusters yet: run mesh link\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append("  ").append(label).append(" ".repeat(Math.max(1, 15 - label.length()))).append(value).append('\n');
    }
}
