package dev.meshstage.dashboard;

import dev.meshstage.dashboard.DashboardView.ClusterColumn;
import dev.meshstage.dashboard.DashboardView.NamespaceRow;
import dev.meshstage.dashboard.DashboardView.PodRow;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.PodHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.meshstage.dashboard.Facts.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Models in, rows out: the dashboard's view-model without a screen. */
class DashboardStateTest {

    private final DashboardState state = new DashboardState(List.of("cluster1", "cluster2"));

    private static MeshModel workshop() {
        return new MeshModel(List.of(
                Facts.cluster("cluster1").peer("cluster2")
                        .pod("simple-buy", "frontend-7d4b9-abcde", "2/2", "Running", 0, 300)
                        .pod("simple-buy", "auth-5f6c8-xyz12", "1/2", "Running", 1, 300)
                        .pod("kube-system", "coredns-668d6-aaaaa", "1/1", "Running", 0, 900)
                        .pod("istio-system", "istiod-6b7c9-bbbbb", "1/1", "Running", 0, 600)
                        .pod("local-path-storage", "local-path-provisioner-1", "1/1", "Running", 0, 900).build(),
                Facts.cluster("cluster2").peer("cluster1")
                        .pod("simple-buy", "product-8c9d-ccccc", "0/2", "ImagePullBackOff", 0, 60)
                        .pod("istio-system", "istiod-77f8-ddddd", "1/1", "Running", 0, 600).build()));
    }

    private static List<String> names(ClusterColumn c) {
        return c.rows().stream().map(r -> r instanceof NamespaceRow n ? "[" + n.namespace() + "]" : ((PodRow) r).name()).toList();
    }

    private ClusterColumn column(int i) {
        return state.view(T0).columns().get(i);
    }

    @Test
    void podsAreGroupedByNamespaceApplicationFirstThenIstioThenSystem() {
        state.update(workshop());
        assertThat(names(column(0))).containsExactly("[simple-buy]", "auth-5f6c8-xyz12", "frontend-7d4b9-abcde",
                "[istio-system]", "istiod-6b7c9-bbbbb", "[kube-system]", "coredns-668d6-aaaaa",
                "[local-path-storage]", "local-path-provisioner-1");
        assertThat(column(0).rows().get(0)).isEqualTo(new NamespaceRow("simple-buy", 2, 1));
        assertThat(names(column(1))).containsExactly("[simple-buy]", "product-8c9d-ccccc", "[istio-system]", "istiod-77f8-ddddd");
    }

    @Test
    void rowsCarryHealthClassesAndAges() {
        state.update(workshop());
        List<PodRow> pods = pods(column(0));
        assertThat(pods.get(0).health()).isEqualTo(PodHealth.PROGRESSING);
        assertThat(pods.get(0).ready()).isEqualTo("1/2");
        assertThat(pods.get(0).restarts()).isEqualTo(1);
        assertThat(pods.get(1).health()).isEqualTo(PodHealth.READY);
        assertThat(pods.get(1).age()).isEqualTo(Duration.ofMinutes(5));
        assertThat(pods(column(1)).get(0).health()).isEqualTo(PodHealth.FAILING);
        assertThat(column(0).nodesReady()).isEqualTo(3);
        assertThat(column(0).istiod()).isEqualTo(DashboardView.Istiod.READY);
        assertThat(column(0).eastWest()).isEqualTo("172.18.255.2");
        assertThat(column(0).remotes()).containsExactly(new DashboardView.Remote("cluster2", true, "synced"));
    }

    @Test
    void oneFilterNarrowsEveryCluster() {
        state.update(workshop());
        state.startFilter();
        "istiod".chars().forEach(c -> state.type((char) c));
        assertThat(names(column(0))).containsExactly("[istio-system]", "istiod-6b7c9-bbbbb");
        assertThat(names(column(1))).containsExactly("[istio-system]", "istiod-77f8-ddddd");
        state.clearFilter();
        assertThat(state.filter()).isEmpty();
        state.setFilter("BACKOFF");
        assertThat(names(column(0))).isEmpty();
        assertThat(names(column(1))).containsExactly("[simple-buy]", "product-8c9d-ccccc");
    }

    @Test
    void namespacesCycleFromAllThroughEachAndBack() {
        state.update(workshop());
        assertThat(state.namespaces()).containsExactly("simple-buy", "istio-system", "kube-system", "local-path-storage");
        state.nextNamespace();
        assertThat(state.namespace()).isEqualTo("simple-buy");
        assertThat(names(column(0))).containsExactly("[simple-buy]", "auth-5f6c8-xyz12", "frontend-7d4b9-abcde");
        assertThat(names(column(1))).containsExactly("[simple-buy]", "product-8c9d-ccccc");
        state.nextNamespace();
        assertThat(names(column(1))).containsExactly("[istio-system]", "istiod-77f8-ddddd");
        state.nextNamespace();
        state.nextNamespace();
        assertThat(state.namespace()).isEqualTo("local-path-storage");
        assertThat(names(column(1))).isEmpty();
        state.nextNamespace();
        assertThat(state.namespace()).isNull();
    }

    @Test
    void selectionMovesInTheFocusedClusterAndFollowsItsPodWhenRowsMove() {
        state.update(workshop());
        assertThat(state.selectedPod()).hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("auth-5f6c8-xyz12"));
        state.down();
        assertThat(state.selectedPod().orElseThrow().name()).isEqualTo("frontend-7d4b9-abcde");
        assertThat(column(0).rows().get(column(0).selected())).isInstanceOf(PodRow.class);
        state.up();
        state.up();
        assertThat(state.selectedPod().orElseThrow().name()).isEqualTo("auth-5f6c8-xyz12");
        state.down();
        // a pod sorting before the selected one arrives: the selection stays on frontend
        state.update(new MeshModel(List.of(Facts.cluster("cluster1").peer("cluster2")
                .pod("simple-buy", "aaa-new", "0/2", "ContainerCreating", 0, 1)
                .pod("simple-buy", "auth-5f6c8-xyz12", "2/2", "Running", 1, 300)
                .pod("simple-buy", "frontend-7d4b9-abcde", "2/2", "Running", 0, 300).build(),
                workshop().clusters().get(1))));
        assertThat(state.selectedPod().orElseThrow().name()).isEqualTo("frontend-7d4b9-abcde");
        // it goes away: the selection stays where it was
        state.update(new MeshModel(List.of(Facts.cluster("cluster1").peer("cluster2")
                .pod("simple-buy", "aaa-new", "0/2", "ContainerCreating", 0, 1)
                .pod("simple-buy", "auth-5f6c8-xyz12", "2/2", "Running", 1, 300).build(),
                workshop().clusters().get(1))));
        assertThat(state.selectedPod().orElseThrow().name()).isEqualTo("auth-5f6c8-xyz12");
        state.focusNext();
        assertThat(state.selectedPod().orElseThrow()).isEqualTo(new DashboardState.PodKey("cluster2", "simple-buy", "product-8c9d-ccccc"));
        assertThat(state.view(T0).focus()).isEqualTo(1);
        state.focusNext();
        assertThat(state.view(T0).focus()).isZero();
        state.focusPrevious();
        assertThat(state.view(T0).focus()).isEqualTo(1);
    }

    @Test
    void aClusterGoingAwayShowsSinceWhenWithItsLastPodsAndComesBack() {
        state.update(workshop());
        Instant lost = T0.plusSeconds(10);
        state.update(new MeshModel(List.of(Facts.down("cluster1", "connection refused", lost), workshop().clusters().get(1))));
        ClusterColumn down = state.view(T0.plusSeconds(130)).columns().get(0);
        assertThat(down.answering()).isFalse();
        assertThat(down.waiting()).isFalse();
        assertThat(down.problem()).isEqualTo("connection refused");
        assertThat(down.since()).isEqualTo(lost);
        assertThat(down.down()).isEqualTo(Duration.ofMinutes(2));
        assertThat(down.stale()).isTrue();
        assertThat(names(down)).contains("frontend-7d4b9-abcde");
        assertThat(state.view(T0).columns().get(1).answering()).isTrue();
        state.update(workshop());
        ClusterColumn back = column(0);
        assertThat(back.answering()).isTrue();
        assertThat(back.stale()).isFalse();
        assertThat(back.since()).isNull();
    }

    @Test
    void aClusterNeverReadIsWaiting() {
        state.update(new MeshModel(List.of(workshop().clusters().get(0))));
        ClusterColumn c2 = column(1);
        assertThat(c2.waiting()).isTrue();
        assertThat(c2.rows()).isEmpty();
    }

    @Test
    void pauseHoldsChangesBackAndCountsThem() {
        state.update(workshop());
        state.togglePause();
        state.update(new MeshModel(List.of(Facts.cluster("cluster1").build(), Facts.cluster("cluster2").build())));
        state.update(new MeshModel(List.of(Facts.cluster("cluster1").build(), Facts.cluster("cluster2").build())));
        DashboardView paused = state.view(T0);
        assertThat(paused.paused()).isTrue();
        assertThat(paused.pending()).isEqualTo(2);
        assertThat(names(paused.columns().get(0))).contains("frontend-7d4b9-abcde");
        state.togglePause();
        assertThat(names(column(0))).isEmpty();
        assertThat(state.view(T0).pending()).isZero();
    }

    @Test
    void warningsOfAllClustersNewestFirst() {
        state.update(new MeshModel(List.of(
                Facts.cluster("cluster1").warning("simple-buy", "auth-1", "Unhealthy", "probe failed", 3, T0.minusSeconds(30)).build(),
                Facts.cluster("cluster2").warning("simple-buy", "product-1", "BackOff", "pulling image", 1, T0.minusSeconds(5)).build())));
        List<DashboardView.WarningRow> w = state.view(T0).warnings();
        assertThat(w).extracting(DashboardView.WarningRow::cluster).containsExactly("cluster2", "cluster1");
        assertThat(w.get(0).object()).isEqualTo("pod/product-1");
        assertThat(w.get(1).ago()).isEqualTo(Duration.ofSeconds(30));
    }

    private static List<PodRow> pods(ClusterColumn c) {
        return c.rows().stream().filter(PodRow.class::isInstance).map(PodRow.class::cast).toList();
    }

}
