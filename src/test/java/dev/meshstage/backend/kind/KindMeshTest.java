package dev.meshstage.backend.kind;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopLoader;
import dev.meshstage.workshop.WorkshopPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kind backend's mesh calls, exactly as the stand-in istioctl and docker record them. */
class KindMeshTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath();

    @TempDir
    Path temp;

    @Test
    void installsWithIstioctlIntoMeshstagesKubeconfig() {
        StandinTools tools = StandinTools.installAll(temp);
        Path home = temp.resolve("home");
        KindBackend backend = new KindBackend(home, tools.environment());
        WorkshopPlan plan = new WorkshopLoader().load(REPOSITORY);
        ClusterPlan cluster2 = plan.cluster("cluster2").orElseThrow();
        List<String> progress = new ArrayList<>();

        backend.istioInstall(cluster2, plan.istioConfig("cluster2"), (c, m) -> progress.add(c + ": " + m));
        backend.istioInstall(cluster2, plan.eastWestGatewayConfig("cluster2"), (c, m) -> { });

        String kubeconfig = " | KUBECONFIG=" + home.resolve("kubeconfig");
        assertThat(tools.calls()).containsExactly(
                "istioctl install -y -f " + REPOSITORY.resolve("configs/istio/cluster2.yaml") + " --context kind-cluster2" + kubeconfig,
                "istioctl install -y -f " + REPOSITORY.resolve("configs/istio/eastwest-gateway-cluster2.yaml")
                        + " --context kind-cluster2" + kubeconfig);
        assertThat(progress).contains("cluster2: ✔ Istiod installed 🧠", "cluster2: ✔ Installation complete");
    }

    @Test
    void peersReachTheApiServerAtTheControlPlaneContainerAddressNeverLoopback() {
        StandinTools tools = StandinTools.installAll(temp);
        KindBackend backend = new KindBackend(temp.resolve("home"), tools.environment());

        assertThat(backend.apiServerUrlForPeers("cluster1")).isEqualTo("https://172.18.0.2:6443");
        assertThat(backend.apiServerUrlForPeers("cluster2")).isEqualTo("https://172.18.0.3:6443");
        assertThat(tools.calls().get(0)).startsWith(
                "docker inspect cluster1-control-plane --format {{ .NetworkSettings.Networks.kind.IPAddress }} |");
        assertThatThrownBy(() -> backend.apiServerUrlForPeers("cluster9"))
                .isInstanceOf(BackendException.class).hasMessageContaining("No such object: cluster9-control-plane");
    }

    @Test
    void remoteClustersComeFromIstioctlRemoteClusters() throws IOException {
        StandinTools tools = StandinTools.installAll(temp);
        Files.writeString(tools.state.resolve("remote-clusters-kind-cluster1"), String.join("\n",
                "NAME         SECRET                                        STATUS      ISTIOD",
                "cluster1                                                   synced      istiod-7b74b9d8f-x2x9q",
                "cluster2     istio-system/istio-remote-secret-cluster2     timeout     istiod-7b74b9d8f-x2x9q", ""));
        KindBackend backend = new KindBackend(temp.resolve("home"), tools.environment());

        List<RemoteClusterStatus> rows = backend.remoteClusters("cluster1");

        assertThat(tools.calls().get(0)).startsWith("istioctl remote-clusters --context kind-cluster1 |");
        assertThat(rows).extracting(RemoteClusterStatus::name, RemoteClusterStatus::secret, RemoteClusterStatus::status,
                RemoteClusterStatus::istiod).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cluster1", "", "synced", "istiod-7b74b9d8f-x2x9q"),
                        org.assertj.core.groups.Tuple.tuple("cluster2", "istio-system/istio-remote-secret-cluster2",
                                "timeout", "istiod-7b74b9d8f-x2x9q"));
        assertThat(rows.get(0).local()).isTrue();
    }
}
