package dev.meshstage.mesh;

import dev.meshstage.mesh.model.ContainerIssue;
import dev.meshstage.mesh.model.MeshModelBuilder;
import dev.meshstage.mesh.model.WorkloadFact;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code app status} rows out of hand-built models: pods matched by selector, the least healthy one shown, why. */
class AppWorkloadsTest {

    private static List<AppWorkload> cluster1(MeshModelBuilder m) {
        return AppWorkloads.of(m.build().cluster("cluster1").orElseThrow(), MeshModelBuilder.APP);
    }

    @Test
    void healthyWorkloadsAreReadyWithTheirSidecarAndAppImage() {
        List<AppWorkload> out = cluster1(MeshModelBuilder.workshop());
        assertThat(out).extracting(AppWorkload::name).containsExactly("cart", "postgres", "redis");
        AppWorkload cart = out.get(0);
        assertThat(cart.isReady()).isTrue();
        assertThat(cart.containers()).isEqualTo("2/2");
        assertThat(cart.status()).isEqualTo("Running");
        assertThat(cart.sidecar()).isTrue();
        assertThat(cart.image()).isEqualTo("sayedimran/simple-buy-cart:v1.0.0");
        assertThat(cart.kind()).isEqualTo("Deployment");
    }

    @Test
    void aPullFailureIsNamedWithTheContainerItsImageAndTheKubeletsMessage() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster1").pod("cart", p -> MeshModelBuilder.status(p, "ImagePullBackOff", 1).withUnready(List.of(
                new ContainerIssue("cart", "sayedimran/simple-buy-cart:v9", "ImagePullBackOff", "Back-off pulling image \"x\""))));
        AppWorkload cart = cluster1(m).get(0);
        assertThat(cart.isReady()).isFalse();
        assertThat(cart.status()).isEqualTo("ImagePullBackOff");
        assertThat(cart.containers()).isEqualTo("1/2");
        assertThat(cart.reasons()).containsExactly("pod cart-7d9f-x1: container cart (sayedimran/simple-buy-cart:v9) "
                + "ImagePullBackOff: Back-off pulling image \"x\"");
    }

    @Test
    void aContainerThatRunsButIsNotReadyIsListedByName() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster1").pod("cart", p -> MeshModelBuilder.status(p, "Running", 1).withUnready(List.of(
                new ContainerIssue("istio-proxy", "proxyv2", null, null))));
        assertThat(cluster1(m).get(0).reasons()).containsExactly("pod cart-7d9f-x1: Running (not ready: istio-proxy)");
    }

    @Test
    void noPodsSaysWhetherTheControllerHasSeenTheSpec() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster1").pods.removeIf(p -> p.name().startsWith("cart"));
        assertThat(cluster1(m).get(0).status()).isEqualTo("NoPods");
        assertThat(cluster1(m).get(0).reasons()).containsExactly(
                "no pods created yet (look at the events: kubectl get events -n simple-buy)");
        m.cluster("cluster1").workload("cart", w -> new WorkloadFact(w.kind(), w.namespace(), w.name(), 1, 0, 0, w.containers(),
                w.images(), w.selector(), w.templateAnnotations(), false));
        assertThat(cluster1(m).get(0).reasons()).containsExactly("the controller has not seen the latest spec yet");
        m.cluster("cluster1").scaleToZero("cart");
        assertThat(cluster1(m).get(0).status()).isEqualTo("ScaledToZero");
        assertThat(cluster1(m).get(0).reasons()).isEmpty();
    }

    @Test
    void terminatingPodsAndOtherNamespacesAndDaemonSetsAreLeftOut() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster1").pod("cart", p -> MeshModelBuilder.status(p, "Terminating", 0));
        m.cluster("cluster1").workloads.add(new WorkloadFact(WorkloadFact.Kind.DAEMONSET, MeshModelBuilder.APP, "agent", 3, 3, 3,
                List.of("agent"), List.of("agent:1"), Map.of("app", "agent"), Map.of()));
        List<AppWorkload> out = cluster1(m);
        assertThat(out).extracting(AppWorkload::name).containsExactly("cart", "postgres", "redis");
        assertThat(out.get(0).status()).isEqualTo("NoPods");
        assertThat(AppWorkloads.of(m.build().cluster("cluster1").orElseThrow(), "istio-system")).isEmpty();
    }
}
