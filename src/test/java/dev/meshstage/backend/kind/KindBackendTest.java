package dev.meshstage.backend.kind;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ClusterState;
import dev.meshstage.backend.ClusterState.Outcome;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopLoader;
import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KindBackendTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath();

    @TempDir
    Path temp;

    private List<ClusterPlan> plans;
    private Path home;
    private String kubeconfigSeen;
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private final ProgressListener listener = (cluster, message) -> progress.add(cluster + ": " + message);

    @BeforeEach
    void setUp() {
        plans = new WorkshopLoader().load(REPOSITORY).clusters();
        home = temp.resolve("home");
        kubeconfigSeen = " | KUBECONFIG=" + home.resolve("kubeconfig");
    }

    private String config(String cluster) {
        return REPOSITORY.resolve("configs/kind/" + cluster + "-config.yaml").toString();
    }

    @Test
    void createsBothClustersInParallelIntoMeshstagesKubeconfig() throws IOException {
        // each stand-in create waits until both have started: a sequential backend fails here
        StandinTools tools = StandinTools.installAll(temp).with("STANDIN_KIND_BARRIER", "2");
        KindBackend backend = new KindBackend(home, tools.environment());

        List<ClusterState> states = backend.createClusters(plans, listener);

        assertThat(states).containsExactly(
                new ClusterState("cluster1", "kind-cluster1", true, Outcome.DONE, "created with 3 nodes, context kind-cluster1"),
                new ClusterState("cluster2", "kind-cluster2", true, Outcome.DONE, "created with 3 nodes, context kind-cluster2"));
        assertThat(tools.calls().get(0)).isEqualTo("kind get clusters" + kubeconfigSeen);
        assertThat(tools.calls().subList(1, 3)).containsExactlyInAnyOrder(
                "kind create cluster --config " + config("cluster1") + kubeconfigSeen,
                "kind create cluster --config " + config("cluster2") + kubeconfigSeen);
        assertThat(tools.calls()).hasSize(3);
        assertThat(progress).contains(
                "cluster1: Creating cluster \"cluster1\" ...",
                "cluster1: ✓ Ensuring node image (kindest/node:v1.34.3) 🖼",
                "cluster1: ✓ Joining worker nodes 🚜",
                "cluster1: Set kubectl context to \"kind-cluster1\"",
                "cluster2: Creating cluster \"cluster2\" ...",
                "cluster2: Set kubectl context to \"kind-cluster2\"");
        assertThat(progress).noneMatch(line -> line.endsWith(": "));

        assertThat(backend.kubeconfig()).isEqualTo(home.resolve("kubeconfig"));
        String kubeconfig = Files.readString(backend.kubeconfig());
        assertThat(Config.fromKubeconfig("kind-cluster2", kubeconfig, null).getMasterUrl()).startsWith("https://127.0.0.1:");
        assertThat(Config.fromKubeconfig("kind-cluster1", kubeconfig, null).getMasterUrl()).startsWith("https://127.0.0.1:");
        assertThat(backend.listClusters()).containsExactly(ClusterState.listed("cluster1"), ClusterState.listed("cluster2"));
    }

    @Test
    void aSecondCreateFindsTheClustersAndCreatesNothing() {
        StandinTools tools = StandinTools.installAll(temp);
        KindBackend backend = new KindBackend(home, tools.environment());
        backend.createClusters(plans, ProgressListener.NONE);

        List<ClusterState> again = backend.createClusters(plans, listener);

        assertThat(again).extracting(ClusterState::outcome).containsExactly(Outcome.ALREADY_DONE, Outcome.ALREADY_DONE);
        assertThat(again).allMatch(ClusterState::exists);
        assertThat(tools.calls()).filteredOn(call -> call.startsWith("kind create")).hasSize(2);
        assertThat(tools.calls().get(tools.calls().size() - 1)).isEqualTo("kind get clusters" + kubeconfigSeen);
        assertThat(progress).containsExactlyInAnyOrder(
                "cluster1: already exists (context kind-cluster1)", "cluster2: already exists (context kind-cluster2)");
    }

    @Test
    void aFailingCreateIsReportedInOneLineWhileTheOtherClusterIsCreated() {
        StandinTools tools = StandinTools.installAll(temp).with("STANDIN_KIND_FAIL", "cluster2");
        KindBackend backend = new KindBackend(home, tools.environment());

        List<ClusterState> states = backend.createClusters(plans, listener);

        assertThat(states.get(0).outcome()).isEqualTo(Outcome.DONE);
        ClusterState failed = states.get(1);
        assertThat(failed.name()).isEqualTo("cluster2");
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.exists()).isFalse();
        assertThat(failed.detail()).isEqualTo("`kind create cluster --config " + config("cluster2") + "` failed (exit 1): "
                + "Command Output: docker: Error response from daemon: driver failed programming external connectivity on "
                + "endpoint cluster2-control-plane: Bind for 0.0.0.0:8082 failed: port is already allocated.");
        assertThat(progress).contains("cluster2: ✗ Preparing nodes 📦 📦 📦");
        assertThat(backend.listClusters()).containsExactly(ClusterState.listed("cluster1"));
    }

    @Test
    void deletesExistingClustersAndReportsUnknownOnes() throws IOException {
        StandinTools tools = StandinTools.installAll(temp);
        KindBackend backend = new KindBackend(home, tools.environment());
        backend.createClusters(plans, ProgressListener.NONE);

        List<ClusterState> states = backend.deleteClusters(List.of("cluster1", "cluster3"), listener);

        assertThat(states).containsExactly(
                new ClusterState("cluster1", "kind-cluster1", false, Outcome.DONE, "deleted"),
                new ClusterState("cluster3", "kind-cluster3", false, Outcome.NONE, "no such kind cluster"));
        assertThat(tools.calls()).contains("kind delete cluster --name cluster1" + kubeconfigSeen);
        assertThat(tools.calls()).noneMatch(call -> call.contains("cluster3"));
        assertThat(progress).contains("cluster1: Deleting cluster \"cluster1\" ...", "cluster3: no such kind cluster");
        assertThat(backend.listClusters()).containsExactly(ClusterState.listed("cluster2"));
        assertThat(Files.readString(backend.kubeconfig())).doesNotContain("kind-cluster1").contains("kind-cluster2");
    }

    @Test
    void listsNoClustersWhenKindHasNone() {
        StandinTools tools = StandinTools.installAll(temp);
        KindBackend backend = new KindBackend(home, tools.environment());

        assertThat(backend.listClusters()).isEmpty();
        assertThat(tools.calls()).containsExactly("kind get clusters" + kubeconfigSeen);
        assertThat(backend.name()).isEqualTo("kind");
    }

    @Test
    void withoutKindOnThePathTheStepFailsWithAHint() {
        StandinTools tools = StandinTools.install(temp, List.of("docker"));
        KindBackend backend = new KindBackend(home, tools.environment());

        assertThatThrownBy(() -> backend.createClusters(plans, listener))
                .isInstanceOf(BackendException.class)
                .hasMessage("cannot run `kind get clusters`: kind not found on PATH; run `tools check` to see how to install it");
        assertThat(progress).isEmpty();
    }
}
