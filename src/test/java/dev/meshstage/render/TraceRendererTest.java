package dev.meshstage.render;

import dev.meshstage.mesh.model.MeshModelBuilder;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.route.RoutePlan;
import dev.meshstage.mesh.route.Router;
import dev.meshstage.mesh.trace.Endpoints;
import dev.meshstage.mesh.trace.TraceReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace's renderings of one hand-built path: the table, the tree of a narrow terminal, the JSON. */
class TraceRendererTest {

    private static TraceReport report(MeshModelBuilder mesh, TraceReport.Request request) {
        MeshModel m = mesh.build();
        var cart = MeshModelBuilder.cart(m);
        RoutePlan plan = Router.route(m, "cluster1", cart, "simple-buy", "product", 0, Router.Origin.SIDECAR);
        return new TraceReport(new Endpoints.Caller("cluster1", "simple-buy", "cart", cart), new Endpoints.Callee("simple-buy", "product"),
                plan, request);
    }

    @Test
    void wideTerminalGetsTheHopTable() {
        String out = TraceRenderer.render(report(MeshModelBuilder.routing(),
                new TraceReport.Request(200, "-", "", "cluster2/product-abc11", "172.18.255.102:15443")), 120);
        assertThat(out.lines().toList().get(1)).isEqualTo("outbound cluster outbound|9082||product.simple-buy.svc.cluster.local");
        assertThat(out.lines().toList().get(2)).isEqualTo("SNI              outbound_.9082_._.product.simple-buy.svc.cluster.local");
        assertThat(out.lines().toList().get(3)).startsWith("HOP   CLUSTER    NETWORK    WHAT");
        assertThat(out.lines()).allMatch(l -> l.length() <= 120);
        assertThat(out).contains("172.18.255.102:15443   1        cluster2   network2   east-west gateway")
                .contains("path: ok").contains("request (sent now): 200 from cluster2/product-abc11 via 172.18.255.102:15443");
    }

    @Test
    void narrowTerminalGetsATreePerCluster() {
        String out = TraceRenderer.render(report(MeshModelBuilder.routing(), null), 80);
        assertThat(out).doesNotContain("HOP ").contains("cluster1 (network1)\n  1 ✔ pod").contains("cluster2 (network2)\n");
        assertThat(out.lines().filter(l -> l.matches("  \\d .*"))).hasSize(9).allMatch(l -> l.length() < 80);
    }

    @Test
    void brokenPathNamesTheHopItsReasonAndTheFix() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").discovery.clear();
        mesh.cluster("cluster1").remoteSecrets.clear();
        TraceReport r = report(mesh, new TraceReport.Request(503, "UH", "no healthy upstream", null, null));
        String out = TraceRenderer.render(r, 120);
        assertThat(out).contains("broken at hop 5 (endpoint in cluster1): product runs in cluster2, but cluster1's istiod does not read cluster2")
                .contains("  fix: mesh link").contains("request (sent now): 503 UH no healthy upstream");
        assertThat(TraceRenderer.render(report(mesh, new TraceReport.Request(0, "", "Connection refused", null, null)), 120))
                .as("no HTTP answer at all").contains("request (sent now): no HTTP answer (Connection refused)\n");
        Map<String, Object> json = TraceRenderer.json(r);
        assertThat(json).containsEntry("ok", false).containsEntry("fix", "mesh link");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hops = (List<Map<String, Object>>) json.get("hops");
        assertThat(hops.get(4)).containsEntry("ok", false).containsEntry("what", "endpoint").containsKey("reason");
    }

    /** A second root breaks the path through the gateway; Envoy's retry served the request from the local replica. */
    @Test
    void aRequestServedThroughAnotherEndpointThanTheBrokenPathAgrees() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").pod("simple-buy", "product", true, true);
        mesh.cluster("cluster2").trust(new dev.meshstage.mesh.model.TrustFact(dev.meshstage.mesh.model.TrustFact.Source.CACERTS,
                "other-root", "int2", true, "other-root"));
        TraceReport local = report(mesh, new TraceReport.Request(200, "-", "", "cluster1/product-abc11", "10.244.0.11:9082"));
        assertThat(local.plan().ok()).isFalse();
        assertThat(local.servedElsewhere()).isTrue();
        assertThat(local.agrees()).isTrue();
        assertThat(TraceRenderer.render(local, 120)).contains("broken at hop 9 (mTLS in cluster2)")
                .contains("request (sent now): 200 from cluster1/product-abc11 via 10.244.0.11:9082\n"
                        + "note: Envoy sent it to another endpoint (it retries a failed connection on another); requests along the "
                        + "path above still fail\n");
        // through the very endpoint the broken path shows, a 200 is not what the path says
        TraceReport same = report(mesh, new TraceReport.Request(200, "-", "", "cluster2/product-abc12", "172.18.255.102:15443"));
        assertThat(same.servedElsewhere()).isFalse();
        assertThat(same.agrees()).isFalse();
        assertThat(TraceRenderer.render(same, 120)).contains("note: the request did not do what the computed path says");
    }

    /** On kind: curl's status (nobody named as the server) and the sidecar's endpoints against the computed ones. */
    @Test
    void theSidecarsEndpointsAreComparedWithTheComputedOnes() {
        TraceReport base = report(MeshModelBuilder.routing(), new TraceReport.Request(200, "", "", null, null));
        TraceReport same = new TraceReport(base.caller(), base.callee(), base.plan(), base.request(),
                List.of(new TraceReport.SidecarEndpoint("172.18.255.102:15443", true)));
        String out = TraceRenderer.render(same, 120);
        assertThat(out).contains("request (sent now): 200\n")
                .contains("sidecar's endpoints (pilot-agent request GET clusters): 172.18.255.102:15443 — as computed\n");
        assertThat(same.sidecarAgrees()).isTrue();

        TraceReport stale = new TraceReport(base.caller(), base.callee(), base.plan(), base.request(),
                List.of(new TraceReport.SidecarEndpoint("10.244.1.9:9082", false)));
        assertThat(stale.sidecarAgrees()).isFalse();
        assertThat(TraceRenderer.render(stale, 120)).contains("10.244.1.9:9082 (unhealthy) — computed: 172.18.255.102:15443;");
        @SuppressWarnings("unchecked")
        Map<String, Object> sidecar = (Map<String, Object>) TraceRenderer.json(stale).get("sidecar");
        assertThat(sidecar).containsEntry("agrees", false);
        assertThat(TraceRenderer.json(base)).doesNotContainKey("sidecar");
    }
}
