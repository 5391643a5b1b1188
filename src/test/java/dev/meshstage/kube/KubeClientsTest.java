package dev.meshstage.kube;

import dev.meshstage.backend.sim.apiserver.ApiServer;
import dev.meshstage.backend.sim.apiserver.SimKubeconfig;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.pki.ClusterCertificates;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients of the process on one Vert.x and one serialization, against a real (simulated) API server. */
class KubeClientsTest {

    private static final String TOKEN = "kube-clients-test-token";

    private final Vertx serverVertx = ApiServer.newVertx();
    private ApiServer server;
    private Config config;

    @BeforeEach
    void start() {
        ObjectStore store = new ObjectStore("cluster1", new ResourceRegistry(), Instant::now, 7);
        server = new ApiServer(serverVertx, store, ClusterCertificates.generate("cluster1"), TOKEN, 0).start();
        config = Config.fromKubeconfig("kind-cluster1", SimKubeconfig.render(server), null);
    }

    @AfterEach
    void stop() {
        server.stop();
        serverVertx.close();
    }

    @Test
    void clientsShareOneSerializationAndOneVertx() {
        try (KubernetesClient first = KubeClients.build(config)) {
            first.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("first").endMetadata().build()).create();
            long checkers = threads("vertx-blocked-thread-checker");
            List<KubernetesClient> more = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                KubernetesClient c = KubeClients.build(config);
                more.add(c);
                assertThat(c.namespaces().withName("first").get()).isNotNull();
                assertThat(c.getKubernetesSerialization()).isSameAs(first.getKubernetesSerialization());
            }
            // a Vert.x of its own per client would have brought a blocked-thread checker each
            assertThat(threads("vertx-blocked-thread-checker")).isEqualTo(checkers);
            more.forEach(KubernetesClient::close);
        }
    }

    @Test
    void aClosedClientLeavesTheOthersWorking() {
        KubernetesClient closed = KubeClients.build(config);
        closed.namespaces().list();
        closed.close();
        try (KubernetesClient other = KubeClients.build(config)) {
            other.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("after").endMetadata().build()).create();
            assertThat(other.namespaces().withName("after").get().getMetadata().getName()).isEqualTo("after");
        }
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }
}
