package dev.meshstage.mesh.source;

import dev.meshstage.backend.sim.apiserver.ApiServer;
import dev.meshstage.backend.sim.apiserver.SimKubeconfig;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.pki.ClusterCertificates;
import dev.meshstage.support.OneClusterAccess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live source against a real API server that has neither Istio's nor MetalLB's APIs, and that stops answering
 * for a while: the cluster is reachable without them, is reported failing since the outage, and comes back by itself.
 */
class LiveSourceOutageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "outage-test-token";

    @TempDir
    Path dir;
    private final Vertx vertx = ApiServer.newVertx();
    private final ObjectStore store = new ObjectStore("cluster1", new ResourceRegistry(), Instant::now, 7);
    private final ClusterCertificates certs = ClusterCertificates.generate("cluster1");
    private ApiServer server;
    private KubernetesClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
        vertx.close();
    }

    @Test
    void aClusterThatStopsAnsweringIsReportedSinceThenAndComesBackByItself() throws Exception {
        store.create(store.registry().require("v1", "Namespace"), "", obj("{'metadata':{'name':'default'}}"));
        pod("web-1");
        server = new ApiServer(vertx, store, certs, TOKEN, 0).start();
        int port = server.port();
        Path kubeconfig = dir.resolve("kubeconfig");
        SimKubeconfig.write(kubeconfig, server);
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        config.setRequestTimeout(10_000);
        config.setConnectionTimeout(1_000);
        client = new KubernetesClientBuilder().withConfig(config).build();

        LinkedBlockingQueue<MeshModel> models = new LinkedBlockingQueue<>();
        try (LiveSource live = new LiveSource(new OneClusterAccess(client), Clock.systemUTC())) {
            live.addListener(models::add);
            MeshModel first = live.start(60_000);
            ClusterFacts c = first.cluster("cluster1").orElseThrow();
            assertThat(c.reach().ok()).as("reachable without Istio or MetalLB: " + c.reach()).isTrue();
            assertThat(c.pods()).extracting(p -> p.name()).containsExactly("web-1");

            Instant stopped = Instant.now();
            server.stop();
            ClusterFacts down = OneClusterAccess.await(models, f -> !f.reachable() && !f.reach().since().isBefore(stopped), "the outage");
            assertThat(down.reach().problem()).isNotBlank();

            assertThat(down.pods()).isEmpty();
            pod("web-2"); // changed while nobody could see
            server = new ApiServer(vertx, store, certs, TOKEN, port).start();
            ClusterFacts back = OneClusterAccess.await(models, f -> f.reachable() && f.pods().size() == 2, "the recovery");
            assertThat(back.reach().since()).isNull();
        }
    }

    private void pod(String name) {
        store.create(store.registry().require("v1", "Pod"), "default", obj("{'metadata':{'name':'" + name + "','namespace':'default'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}"));
    }

    private static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }
}
