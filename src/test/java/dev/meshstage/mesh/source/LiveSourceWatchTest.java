package dev.meshstage.mesh.source;

import dev.meshstage.backend.sim.apiserver.ApiServer;
import dev.meshstage.backend.sim.apiserver.SimKubeconfig;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.NodeFact;
import dev.meshstage.pki.ClusterCertificates;
import dev.meshstage.support.OneClusterAccess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live source's watches against a real API server: more changes than the server's watch history while they
 * were down (they list again — after 410 Expired, or because the reconnect failed — and go on delivering), and a node's heartbeat, which changes
 * nothing the model reads and so is not a rebuild.
 */
class LiveSourceWatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "watch-test-token";
    private static final ClusterCertificates CERTS = ClusterCertificates.generate("cluster1");

    @TempDir
    Path dir;
    private final Vertx vertx = ApiServer.newVertx();
    private final ObjectStore store = new ObjectStore("cluster1", new ResourceRegistry(), Instant::now, 7);
    private ApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        store.create(type("v1", "Namespace"), "", obj("{'metadata':{'name':'default'}}"));
        store.create(type("v1", "Node"), "", obj("{'metadata':{'name':'worker'},'status':{'conditions':[{'type':'Ready','status':'True',"
                + "'lastHeartbeatTime':'2026-12-01T10:00:00Z'}],'addresses':[{'type':'InternalIP','address':'172.18.0.3'}]}}"));
        server = new ApiServer(vertx, store, CERTS, TOKEN, 0).start();
        Path kubeconfig = dir.resolve("kubeconfig");
        SimKubeconfig.write(kubeconfig, server);
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        config.setConnectionTimeout(1_000);
        config.setWatchReconnectInterval(100); // the informers retry sooner than the default 1 s doubling: the same path, quicker
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
        vertx.close();
    }

    @Test
    void watchesThatMissedMoreThanTheHistoryListAgainAndGoOnDelivering() throws Exception {
        LinkedBlockingQueue<MeshModel> models = new LinkedBlockingQueue<>();
        try (LiveSource live = new LiveSource(new OneClusterAccess(client), Clock.systemUTC())) {
            live.addListener(models::add);
            assertThat(live.start(60_000).cluster("cluster1").orElseThrow().reach().ok()).isTrue();

            int port = server.port();
            server.stop(); // every watch drops; what follows happens before they are back
            int burst = ObjectStore.HISTORY + 200;
            for (int i = 0; i < burst; i++) {
                pod("p-" + i);
            }
            server = new ApiServer(vertx, store, CERTS, TOKEN, port).start();
            OneClusterAccess.await(models, f -> f.reachable() && f.pods().size() == burst, burst + " pods after the watches came back");

            pod("after"); // and the new watches deliver
            OneClusterAccess.await(models, f -> f.pods().stream().anyMatch(p -> p.name().equals("after")), "the pod created after the re-list");
        }
    }

    @Test
    void aChangeThatArrivesWhileARebuildRunsIsRebuiltAfterIt() throws Exception {
        LinkedBlockingQueue<MeshModel> models = new LinkedBlockingQueue<>();
        CountDownLatch inRebuild = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LiveSource live = new LiveSource(new OneClusterAccess(client), Clock.systemUTC())) {
            live.addListener(m -> {
                if (m.cluster("cluster1").orElseThrow().pods().stream().anyMatch(p -> p.name().equals("first"))
                        && inRebuild.getCount() > 0) {
                    inRebuild.countDown(); // the worker is inside the rebuild that shows "first"
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                models.add(m);
            });
            live.start(60_000);
            pod("first");
            assertThat(inRebuild.await(30, TimeUnit.SECONDS)).isTrue();
            pod("second"); // its event comes while that rebuild has not finished
            Thread.sleep(500);
            release.countDown();
            OneClusterAccess.await(models, f -> f.pods().stream().anyMatch(p -> p.name().equals("second")), "the pod created during a rebuild");
        }
    }

    @Test
    void aNodeHeartbeatIsNoRebuildAndANodeGoingNotReadyIsOne() throws Exception {
        LinkedBlockingQueue<MeshModel> models = new LinkedBlockingQueue<>();
        try (LiveSource live = new LiveSource(new OneClusterAccess(client), Clock.systemUTC())) {
            live.addListener(models::add);
            live.start(60_000);
            Thread.sleep(300); // the rebuilds of the first sync are done
            long before = live.rebuilds();

            nodeStatus("True", "2026-12-01T10:01:00Z"); // what a kubelet reports every minute to five
            Thread.sleep(300); // ten debounce intervals: a rebuild would have run by now
            assertThat(live.rebuilds()).as("rebuilds after a heartbeat").isEqualTo(before);

            nodeStatus("False", "2026-12-01T10:02:00Z");
            ClusterFacts down = OneClusterAccess.await(models, f -> f.nodes().stream().noneMatch(NodeFact::ready), "the node not ready");
            assertThat(down.nodes()).extracting(NodeFact::name).containsExactly("worker");
            assertThat(live.rebuilds()).as("rebuilds after the node went not ready").isEqualTo(before + 1);
        }
    }

    private void nodeStatus(String ready, String heartbeat) {
        ObjectNode node = store.get(type("v1", "Node"), "", "worker").deepCopy();
        ObjectNode condition = (ObjectNode) node.at("/status/conditions/0");
        condition.put("status", ready);
        condition.put("lastHeartbeatTime", heartbeat);
        store.updateStatus(type("v1", "Node"), "", "worker", node);
    }

    private ResourceType type(String apiVersion, String kind) {
        return store.registry().require(apiVersion, kind);
    }

    private void pod(String name) {
        store.create(type("v1", "Pod"), "default", obj("{'metadata':{'name':'" + name + "','namespace':'default'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}"));
    }

    private static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }
}
