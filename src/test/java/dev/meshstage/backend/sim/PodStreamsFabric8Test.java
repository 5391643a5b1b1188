package dev.meshstage.backend.sim;

import dev.meshstage.support.ClassVertx;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * exec, file copy and port-forward through the fabric8 client (WebSocket {@code v4.channel.k8s.io} and
 * {@code portforward.k8s.io}) against a whole simulated cluster: API server, controllers, container runtime.
 */
class PodStreamsFabric8Test {

    @RegisterExtension
    static final ClassVertx VERTX = new ClassVertx();
    @TempDir
    static Path dir;
    static SimCluster cluster;
    static KubernetesClient k;

    @BeforeAll
    static void start() {
        ClusterPlan plan = new ClusterPlan("c1", "10.244.0.0/16", "10.96.0.0/16", List.of(
                new ClusterPlan.NodePlan("c1-control-plane", "control-plane", "", List.of()),
                new ClusterPlan.NodePlan("c1-worker", "worker", "", List.of())), List.of(), "network1", "mesh1", Path.of("kind.yaml"));
        cluster = SimCluster.start(plan, List.of(plan), dir.resolve("c1"), VERTX.get(), 0, m -> { });
        cluster.settle();
        k = cluster.adminClient();
        Pod box = new PodBuilder().withNewMetadata().withName("box").withNamespace("default").endMetadata().withNewSpec()
                .addNewContainer().withName("box").withImage("busybox").withCommand("sleep", "3600").addNewEnv().withName("MODE")
                .withValue("demo").endEnv().endContainer().endSpec().build();
        Pod web = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata().withNewSpec()
                .addNewContainer().withName("nginx").withImage("nginx:alpine").addNewPort().withContainerPort(80).endPort().endContainer()
                .endSpec().build();
        k.pods().inNamespace("default").resource(box).create();
        k.pods().inNamespace("default").resource(web).create();
        k.pods().inNamespace("default").withName("box").waitUntilReady(60, TimeUnit.SECONDS);
        k.pods().inNamespace("default").withName("web").waitUntilReady(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        k.close();
        cluster.close();
    }

    @Test
    void execGivesOutputAndExitCode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch w = k.pods().inNamespace("default").withName("box").writingOutput(out).writingError(err)
                .exec("sh", "-c", "echo $MODE on $(hostname); echo warn >&2; exit 3")) {
            assertThat(w.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("demo on box\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("warn\n");
    }

    @Test
    void filesGoInAndComeBackOut(@TempDir Path tmp) throws Exception {
        Path local = tmp.resolve("in.txt");
        Files.writeString(local, "through fabric8\n");
        assertThat(k.pods().inNamespace("default").withName("box").file("/tmp/in.txt").upload(local)).isTrue();
        try (var in = k.pods().inNamespace("default").withName("box").file("/tmp/in.txt").read()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("through fabric8\n");
        }
    }

    @Test
    void portForwardReachesThePodsPort() throws Exception {
        try (LocalPortForward pf = k.pods().inNamespace("default").withName("web").portForward(80)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + pf.getLocalPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("Welcome to nginx!");
        }
    }
}
