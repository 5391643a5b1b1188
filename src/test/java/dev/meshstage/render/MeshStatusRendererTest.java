package dev.meshstage.render;

import dev.meshstage.mesh.model.MeshModelBuilder;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.TrustFact;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mesh status} out of hand-built models: each part present, absent or broken, and the trust verdict. */
class MeshStatusRendererTest {

    @Test
    void aLinkedMeshShowsEveryPartAndTheRemoteClustersTable() {
        String out = MeshStatusRenderer.render(MeshModelBuilder.workshop().build());
        assertThat(out.lines()).containsSubsequence("cluster1",
                "  metallb        ready, pool first-pool 172.18.255.1-172.18.255.100",
                "  istiod         ready (docker.io/istio/pilot:1.28.3)",
                "  network        network1",
                "  east-west gw   172.18.255.1:15443",
                "  cross-network  cross-network-gateway *.local on 15443 (AUTO_PASSTHROUGH)",
                "  CA             plugged-in (cacerts)",
                "  root           ROOT",
                "  intermediate   CA1",
                "cluster2");
        assertThat(out).contains("trust: one root of trust in every cluster; intermediates differ per cluster\n");
        assertThat(out.lines()).anySatisfy(l -> assertThat(l).matches("cluster1 +cluster2 +istio-system/istio-remote-secret-cluster2 +synced *"));
        assertThat(out).doesNotContain("run mesh link");
    }

    @Test
    void missingPartsNameTheCommandThatMakesThem() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        var c1 = m.cluster("cluster1");
        c1.metallb = null;
        c1.istiod = null;
        c1.eastWestGateway = null;
        c1.istioGateways.clear();
        c1.trust = TrustFact.NONE;
        c1.namespaceLabels("istio-system", java.util.Map.of());
        String out = MeshStatusRenderer.render(m.build());
        assertThat(out.lines()).containsSubsequence("cluster1", "  metallb        not installed (run lb install)",
                "  istiod         not installed (run mesh install)",
                "  network        <none> (istio-system has no topology.istio.io/network label)",
                "  east-west gw   not installed", "  cross-network  no cross-network-gateway", "  CA             none yet (mesh ca)",
                "  root           -", "  intermediate   -");
        assertThat(out).contains("trust: DIFFERENT roots (or one missing)");
    }

    @Test
    void aPendingGatewayTwoRootsAndAnUnsyncedRemoteAreShown() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        var c2 = m.cluster("cluster2");
        c2.eastWestGateway = new MeshParts.GatewayFact("istio-eastwestgateway", "LoadBalancer", "network2", List.of(),
                c2.eastWestGateway.ports(), 1, 1);
        c2.trust = new TrustFact(TrustFact.Source.SELF_SIGNED, "OTHER", "OTHER", true, "OTHER");
        c2.discovery.replaceAll(d -> d.local() ? d : new MeshParts.DiscoveryFact(d.cluster(), false, d.secret(),
                MeshParts.Sync.TIMEOUT, "dial tcp 127.0.0.1:6443: connection refused", -1, List.of(), "istiod-x"));
        String out = MeshStatusRenderer.render(m.build());
        assertThat(out).contains("  east-west gw   <pending> (no external IP: run lb install)\n",
                "  CA             istiod's self-signed CA (no cacerts)\n", "trust: DIFFERENT roots",
                "  cluster2 → cluster1: dial tcp 127.0.0.1:6443: connection refused\n");
        assertThat(out.lines()).anySatisfy(l -> assertThat(l).matches("cluster2 +cluster1 +\\S+ +timeout +istiod-x"));
    }

    @Test
    void beforeLinkingOnlyTheLocalClustersAreListed() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster1").discovery.removeIf(d -> !d.local());
        m.cluster("cluster2").discovery.removeIf(d -> !d.local());
        assertThat(MeshStatusRenderer.render(m.build())).endsWith("no remote clusters yet: run mesh link\n");
        m.cluster("cluster1").istiod = new MeshParts.IstiodFact(1, 0, "pilot");
        m.cluster("cluster2").istiod = new MeshParts.IstiodFact(1, 0, "pilot");
        assertThat(MeshStatusRenderer.render(m.build())).endsWith("remote clusters: none (istiod not running)\n");
    }

    @Test
    void jsonCarriesTheTypedPartsAndTheVerdict() {
        String json = MeshStatusRenderer.json(MeshModelBuilder.workshop().build());
        assertThat(json).contains("\"cluster\" : \"cluster1\"", "\"network\" : \"network1\"", "\"sameRoot\" : true",
                "\"tlsMode\" : \"AUTO_PASSTHROUGH\"", "\"rootFingerprint\" : \"ROOT\"");
    }

    @Test
    void pastTwoClustersACellPerPairSaysWhatEachIstiodReads() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        var c1 = m.cluster("cluster1");
        var c2 = m.cluster("cluster2");
        var c3 = m.cluster("cluster3").meshed(3, "ROOT", "CA3");
        c1.remoteSecret("cluster3", c3.peerApiServer);
        c3.remoteSecret("cluster1", c1.peerApiServer);
        // cluster2 has no secret for cluster3 yet, and cluster3's view of cluster2 has timed out
        c3.remoteSecret("cluster2", c2.peerApiServer);
        c3.discovery.replaceAll(d -> d.cluster().equals("cluster2") ? new MeshParts.DiscoveryFact(d.cluster(), false, d.secret(),
                MeshParts.Sync.TIMEOUT, "dial tcp: i/o timeout", -1, List.of(), "istiod-3") : d);

        String out = MeshStatusRenderer.render(m.build());
        assertThat(out.lines()).containsSubsequence(
                "discovery: what the istiod of each cluster (a row) says of every cluster (a column)",
                "ISTIOD OF   cluster1   cluster2   cluster3",
                "cluster1    local      synced     synced",
                "cluster2    synced     local      -",
                "cluster3    synced     timeout    local");

        c2.istiod = null;
        assertThat(MeshStatusRenderer.render(m.build()).lines()).contains("cluster2    ?          ?          ?");
        assertThat(MeshStatusRenderer.render(MeshModelBuilder.workshop().build())).doesNotContain("discovery:");
    }
}
