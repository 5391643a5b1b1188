package dev.meshstage.backend.kind;

import dev.meshstage.backend.ImagePreload;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.step.AppManifests;
import dev.meshstage.step.WorkshopImages;
import dev.meshstage.workshop.WorkshopLoader;
import dev.meshstage.workshop.WorkshopPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workshop's kind path as the processes it runs: the backend port called in workshop order (clusters, the
 * node network for the MetalLB pools, istioctl installs, the API addresses for the remote secrets, images) against the stand-in tools, asserting the exact
 * command lines. The Kubernetes API parts of the kind path (applies, waits, port-forward) need a real cluster.
 */
class KindWorkshopCallsTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath();

    @TempDir
    Path temp;

    private final ProgressListener quiet = (cluster, message) -> { };

    @Test
    void theWorkshopRunsTheseKindAndDockerCommands() {
        StandinTools tools = StandinTools.installAll(temp);
        Path home = temp.resolve("home");
        WorkshopPlan plan = new WorkshopLoader().load(REPOSITORY);
        KindBackend backend = new KindBackend(home, tools.environment());
        AppManifests app = AppManifests.of(plan);

        backend.createClusters(plan.clusters(), quiet);
        assertThat(backend.nodeNetworkSubnet()).isEqualTo("172.18.0.0/16");
        for (var c : plan.clusters()) {
            backend.istioInstall(c, plan.istioConfig(c.name()), quiet);
            backend.istioInstall(c, plan.eastWestGatewayConfig(c.name()), quiet);
        }
        assertThat(backend.apiServerUrlForPeers("cluster1")).isEqualTo("https://172.18.0.2:6443");
        assertThat(backend.apiServerUrlForPeers("cluster2")).isEqualTo("https://172.18.0.3:6443");
        List<ImagePreload> loaded = new ArrayList<>();
        for (var c : plan.clusters()) {
            loaded.addAll(backend.preloadImages(c.name(), WorkshopImages.forCluster(app.catalog(), c.name()), quiet));
        }

        String kc = " | KUBECONFIG=" + home.resolve("kubeconfig");
        List<String> calls = tools.calls();
        assertThat(calls.subList(0, 3)).containsExactlyInAnyOrder("kind get clusters" + kc,
                "kind create cluster --config " + REPOSITORY.resolve("configs/kind/cluster1-config.yaml") + kc,
                "kind create cluster --config " + REPOSITORY.resolve("configs/kind/cluster2-config.yaml") + kc);
        List<String> expected = new ArrayList<>(List.of("docker network inspect kind" + kc));
        for (String c : List.of("cluster1", "cluster2")) {
            expected.add("istioctl install -y -f " + REPOSITORY.resolve("configs/istio/" + c + ".yaml") + " --context kind-" + c + kc);
            expected.add("istioctl install -y -f " + REPOSITORY.resolve("configs/istio/eastwest-gateway-" + c + ".yaml")
                    + " --context kind-" + c + kc);
        }
        expected.add("docker inspect cluster1-control-plane --format {{ .NetworkSettings.Networks.kind.IPAddress }}" + kc);
        expected.add("docker inspect cluster2-control-plane --format {{ .NetworkSettings.Networks.kind.IPAddress }}" + kc);
        List<String> cluster1 = List.of("docker.io/istio/pilot:1.28.3", "docker.io/istio/proxyv2:1.28.3",
                "quay.io/metallb/controller:v0.14.9", "quay.io/metallb/speaker:v0.14.9",
                "sayedimran/simple-buy-auth:v1.0.0", "sayedimran/simple-buy-cart:v1.0.0", "sayedimran/simple-buy-frontend:v1.0.1",
                "sayedimran/simple-buy-notification:v1.0.0", "sayedimran/simple-buy-order:v1.0.0", "postgres:16-alpine",
                "rabbitmq:3-management-alpine", "redis:7-alpine");
        List<String> cluster2 = List.of("docker.io/istio/pilot:1.28.3", "docker.io/istio/proxyv2:1.28.3",
                "quay.io/metallb/controller:v0.14.9", "quay.io/metallb/speaker:v0.14.9", "sayedimran/simple-buy-product:v1.0.0");
        for (String image : cluster1) {
            expected.add("docker image inspect --format {{.Id}} " + image + kc);
            expected.add("kind load docker-image " + image + " --name cluster1" + kc);
        }
        for (String image : cluster2) {
            expected.add("docker image inspect --format {{.Id}} " + image + kc);
            expected.add("kind load docker-image " + image + " --name cluster2" + kc);
        }
        assertThat(calls.subList(3, calls.size())).containsExactlyElementsOf(expected);
        assertThat(loaded).hasSize(cluster1.size() + cluster2.size()).allMatch(ImagePreload::loaded);
    }

    @Test
    void aMissingImageAndTheContainerdStoreFailureAreReportedWithWhatToDo() {
        StandinTools tools = StandinTools.installAll(temp)
                .with("STANDIN_DOCKER_MISSING", "redis:7-alpine")
                .with("STANDIN_KIND_CTR_FAIL", "docker.io/istio/proxyv2:1.28.3");
        Path home = temp.resolve("home");
        WorkshopPlan plan = new WorkshopLoader().load(REPOSITORY);
        KindBackend backend = new KindBackend(home, tools.environment());
        backend.createClusters(plan.clusters().subList(0, 1), quiet);

        List<ImagePreload> results = new KindImageLoader(backend.processes(), "linux/amd64").load("cluster1",
                List.of("docker.io/istio/pilot:1.28.3", "docker.io/istio/proxyv2:1.28.3", "redis:7-alpine"), quiet);

        assertThat(results).containsExactly(
                ImagePreload.loaded("cluster1", "docker.io/istio/pilot:1.28.3", ""),
                ImagePreload.failed("cluster1", "docker.io/istio/proxyv2:1.28.3", "kind cannot import it from Docker's "
                        + "containerd image store (ctr: content digest … not found, kind#3795): run 'docker image save "
                        + "--platform linux/amd64 -o docker.io_istio_proxyv2_1.28.3.tar docker.io/istio/proxyv2:1.28.3' then "
                        + "'kind load image-archive docker.io_istio_proxyv2_1.28.3.tar --name cluster1'"),
                ImagePreload.failed("cluster1", "redis:7-alpine", "not in the local docker images: 'docker pull redis:7-alpine' first"));
        assertThat(tools.calls()).noneMatch(c -> c.startsWith("kind load docker-image redis:7-alpine"));
    }
}
