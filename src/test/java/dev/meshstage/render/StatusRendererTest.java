package dev.meshstage.render;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModelBuilder;
import dev.meshstage.mesh.model.Reach;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.workflow.StepFacts;
import dev.meshstage.workflow.WorkshopState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code status} out of hand-built models: the counts, the reasons, the services and the mesh line. */
class StatusRendererTest {

    private static final WorkshopState LINKED = new WorkshopState(List.of(
            new StepFacts("cluster1", true, 3, true, true, List.of("cluster2"), 0, null),
            new StepFacts("cluster2", true, 3, true, true, List.of("cluster1"), 0, null)));

    private static ClusterFacts cluster1(MeshModelBuilder m) {
        return m.build().cluster("cluster1").orElseThrow();
    }

    @Test
    void healthyClusterCountsPodsPerNamespaceAndNamesTheMesh() {
        String out = StatusRenderer.render(List.of(cluster1(MeshModelBuilder.workshop())), LINKED);
        assertThat(out.lines()).startsWith("cluster1 (context kind-cluster1)", "  nodes   3/3 ready",
                "  step    clusters linked (next: app deploy)",
                "  mesh    istiod ready, network network1, remote clusters cluster2");
        assertThat(out.lines()).anySatisfy(l -> assertThat(l).matches("  istio-system +2/2 *"))
                .anySatisfy(l -> assertThat(l).matches("  simple-buy +3/3 *"));
    }

    @Test
    void notReadyPodsAreNamedWithKubectlsWordsAndCompletedOnesAreNotCounted() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster1").pod("cart", p -> MeshModelBuilder.status(p, "Running", 1))
                .pod("redis", p -> MeshModelBuilder.status(p, "ImagePullBackOff", 0))
                .pod("postgres", p -> MeshModelBuilder.status(p, "Completed", 0));
        String out = StatusRenderer.render(List.of(cluster1(m)), LINKED);
        assertThat(out.lines()).anySatisfy(l -> assertThat(l)
                .matches("  simple-buy +0/2 +cart-7d9f-x1 \\(Running, 1/2 ready\\), redis-7d9f-x1 \\(ImagePullBackOff\\)"));
    }

    @Test
    void servicesShowPendingLoadBalancersNodePortsAndNoExternalIp() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster1").services.add(new ServiceFact("istio-system", "istio-ingressgateway", "LoadBalancer", "10.96.0.9",
                Map.of(), List.of(new ServiceFact.PortFact("http2", 80, "8080", "TCP", 30000),
                        new ServiceFact.PortFact("dns", 53, "53", "UDP", 0)), Map.of(), List.of(), List.of()));
        String out = StatusRenderer.render(List.of(cluster1(m)), LINKED);
        assertThat(out.lines()).anySatisfy(l -> assertThat(l)
                .matches("  istio-system/istio-ingressgateway +LoadBalancer +10\\.96\\.0\\.9 +<pending> +80:30000/TCP,53/UDP"));
        assertThat(out.lines()).anySatisfy(l -> assertThat(l).matches("  simple-buy/cart +ClusterIP +10\\.96\\.1\\.\\d+ +<none> +8080/TCP"));
        assertThat(out.lines()).anySatisfy(l -> assertThat(l).matches("  simple-buy/redis +ClusterIP +None +<none> +8080/TCP"));
    }

    @Test
    void beforeIstioThereIsNoMeshLineAndAnUnreadyIstiodSaysSo() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster1").istiod = null;
        assertThat(StatusRenderer.render(List.of(cluster1(m)), LINKED)).doesNotContain("  mesh ");
        m.cluster("cluster1").istiod = new dev.meshstage.mesh.model.MeshParts.IstiodFact(1, 0, "pilot");
        m.cluster("cluster1").remoteSecrets.clear();
        assertThat(StatusRenderer.render(List.of(cluster1(m)), LINKED))
                .contains("  mesh    istiod not ready, network network1, remote clusters none\n");
    }

    @Test
    void anUnreachableClusterSaysWhyAndTheJsonKeepsItsShape() {
        ClusterFacts gone = ClusterFacts.unreachable("cluster2", "kind-cluster2", "network2",
                Reach.failed("API server not reachable (Connection refused)", Instant.EPOCH));
        assertThat(StatusRenderer.render(List.of(gone), LINKED))
                .isEqualTo("cluster2 (context kind-cluster2)\n  API server not reachable (Connection refused)\n");
        String json = StatusRenderer.json(List.of(cluster1(MeshModelBuilder.workshop()), gone), LINKED);
        assertThat(json).contains("\"cluster\" : \"cluster1\"", "\"nodesReady\" : 3", "\"nodesTotal\" : 3",
                "\"namespace\" : \"simple-buy\"", "\"notReady\" : [ ]", "\"externalIp\" : \"<none>\"",
                "\"mesh\" : \"istiod ready, network network1, remote clusters cluster2\"", "\"step\" : \"link\"",
                "\"reachable\" : false", "\"problem\" : \"API server not reachable (Connection refused)\"");
    }
}
