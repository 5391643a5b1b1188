package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.support.ClassVertx;
import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.kube.KubeClients;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The API server through the fabric8 client, as the rest of meshstage uses it. */
class ApiServerFabric8Test {

    @RegisterExtension
    static final ClassVertx VERTX = new ClassVertx();

    @TempDir
    Path dir;

    private static Pod pod(String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build();
    }

    @Test
    void crudConflictsSelectorsAndSecretStringData() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "c1", 0, PodLogSource.NONE); KubernetesClient k = c.client()) {
            assertThat(k.getKubernetesVersion().getGitVersion()).isEqualTo("v1.34.3");
            k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build()).create();
            ConfigMap cm = k.configMaps().inNamespace("demo").resource(new ConfigMapBuilder().withNewMetadata().withName("cfg")
                    .endMetadata().addToData("a", "1").build()).create();
            assertThat(cm.getMetadata().getUid()).isNotEmpty();
            assertThatThrownBy(() -> k.configMaps().inNamespace("demo").resource(cm).create())
                    .isInstanceOf(KubernetesClientException.class).extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(409);

            ConfigMap fresh = k.configMaps().inNamespace("demo").withName("cfg").get();
            fresh.getData().put("a", "2");
            k.configMaps().inNamespace("demo").resource(fresh).update();
            cm.getData().put("a", "stale");
            assertThatThrownBy(() -> k.configMaps().inNamespace("demo").resource(cm).update())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(409);
                        assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                        assertThat(e.getMessage()).contains("the object has been modified");
                    });
            assertThat(k.configMaps().inNamespace("demo").withName("cfg").get().getData()).containsEntry("a", "2");
            assertThat(k.configMaps().inNamespace("demo").withName("nope").get()).isNull();

            for (String app : List.of("web", "db", "cache")) {
                k.pods().inNamespace("demo").resource(pod("p-" + app, Map.of("app", app))).create();
            }
            assertThat(k.pods().inNamespace("demo").withLabelIn("app", "web", "db").list().getItems())
                    .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("p-web", "p-db");
            assertThat(k.pods().inNamespace("demo").withLabelNotIn("app", "web").list().getItems())
                    .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("p-db", "p-cache");
            assertThat(k.pods().inAnyNamespace().withField("metadata.name", "p-db").list().getItems()).hasSize(1);

            Secret s = k.secrets().inNamespace("demo").resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                    .addToStringData("password", "s3cr3t").build()).create();
            assertThat(s.getData()).containsEntry("password", "czNjcjN0");
            assertThat(s.getStringData()).isNullOrEmpty();

            // merge patch, strategic (fabric8's default), scale, delete
            k.configMaps().inNamespace("demo").withName("cfg").edit(x -> new ConfigMapBuilder(x).addToData("b", "3").build());
            k.apps().deployments().inNamespace("demo").resource(deployment("web", 1)).create();
            k.apps().deployments().inNamespace("demo").withName("web").scale(4);
            assertThat(k.apps().deployments().inNamespace("demo").withName("web").get().getSpec().getReplicas()).isEqualTo(4);
            assertThat(k.pods().inNamespace("demo").withName("p-web").delete()).hasSize(1);
            assertThat(k.pods().inNamespace("demo").withName("p-web").get()).isNull();
        }
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    @Test
    void serverSideApplyCreatesThenReapplies() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "c1", 0, PodLogSource.NONE); KubernetesClient k = c.client()) {
            k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build()).create();
            Deployment d = k.apps().deployments().inNamespace("demo").resource(deployment("web", 2))
                    .fieldManager("meshstage").forceConflicts().serverSideApply();
            assertThat(d.getMetadata().getManagedFields()).extracting(m -> m.getManager()).contains("meshstage");
            Deployment again = deployment("web", 3);
            again.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
            Deployment d2 = k.apps().deployments().inNamespace("demo").resource(again)
                    .fieldManager("meshstage").forceConflicts().serverSideApply();
            assertThat(d2.getSpec().getReplicas()).isEqualTo(3);
            assertThat(d2.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");
            assertThat(d2.getMetadata().getGeneration()).isEqualTo(2L);
            assertThat(d2.getMetadata().getUid()).isEqualTo(d.getMetadata().getUid());
        }
    }

    @Test
    void wrongTokenIsRefusedWith401Status() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "c1", 0, PodLogSource.NONE)) {
            // no file path: fabric8 would re-read the (valid) file on a 401 and retry
            Config config = Config.fromKubeconfig(null, Files.readString(c.kubeconfig).replace(ApiServerFixture.TOKEN, "wrong"), null);
            try (KubernetesClient k = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThatThrownBy(() -> k.namespaces().list()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(401);
                    assertThat(e.getStatus().getReason()).isEqualTo("Unauthorized");
                });
            }
            assertThat(Files.getPosixFilePermissions(c.kubeconfig))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void serviceAccountTokensAuthenticate() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "c1", 0, PodLogSource.NONE); KubernetesClient k = c.client()) {
            k.serviceAccounts().inNamespace("kube-system").resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                    .withNewMetadata().withName("reader").endMetadata().build()).create();
            Secret tokenSecret = k.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                    .withName("reader-token").addToAnnotations("kubernetes.io/service-account.name", "reader").endMetadata()
                    .withType("kubernetes.io/service-account-token").build()).create();
            String token = new String(java.util.Base64.getDecoder().decode(tokenSecret.getData().get("token")));
            assertThat(tokenSecret.getData()).containsKeys("ca.crt", "namespace");
            io.fabric8.kubernetes.api.model.authentication.TokenRequest tr = k.serviceAccounts().inNamespace("kube-system")
                    .withName("reader").tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                            .withNewSpec().withExpirationSeconds(3600L).endSpec().build());
            String kubeconfig = Files.readString(c.kubeconfig);
            try (KubernetesClient sa = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null,
                    kubeconfig.replace(ApiServerFixture.TOKEN, token), null)).build()) {
                assertThatThrownBy(() -> sa.namespaces().list()).as("authenticated, but no role lets it list namespaces")
                        .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
            }
            k.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder().withNewMetadata()
                    .withName("reader-view").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                    .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace("kube-system").endSubject().build()).create();
            for (String t : List.of(token, tr.getStatus().getToken())) {
                Config config = Config.fromKubeconfig(null, kubeconfig.replace(ApiServerFixture.TOKEN, t), null);
                try (KubernetesClient sa = new KubernetesClientBuilder().withConfig(config).build()) {
                    assertThat(sa.namespaces().list().getItems()).hasSize(2);
                }
            }
        }
    }

    /** fabric8's own client: HTTP/1.1, a connection for the watch and one per concurrent request. */
    @Test
    void informerOver500PodsSeesCreatesUpdatesDeletes() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "c1", 0, PodLogSource.NONE); KubernetesClient k = c.client()) {
            informerOver500Pods(c, k);
            assertThat(c.server.connectionsAccepted()).isGreaterThan(1);
        }
    }

    /** meshstage's clients (KubeClients): HTTP/2, the watch and every write while it is open on one connection. */
    @Test
    void informerOver500PodsOverHttp2OnOneConnection() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "c1", 0, PodLogSource.NONE);
             KubernetesClient k = KubeClients.build(Config.fromKubeconfig(null, Files.readString(c.kubeconfig), c.kubeconfig.toString()))) {
            informerOver500Pods(c, k);
            // a dozen lists at once (what a status does) while nothing else is open: all answered on the one connection
            List<CompletableFuture<Integer>> lists = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                lists.add(CompletableFuture.supplyAsync(() -> k.pods().inNamespace("load").list().getItems().size()));
            }
            assertThat(lists).allSatisfy(f -> assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(451));
            assertThat(c.server.connectionsAccepted()).isEqualTo(1);
        }
    }

    private static void informerOver500Pods(ApiServerFixture c, KubernetesClient k) throws Exception {
        k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("load").endMetadata().build()).create();
        for (int i = 0; i < 500; i++) {
            k.pods().inNamespace("load").resource(pod("p" + i, Map.of("app", "app" + (i % 10)))).create();
        }
        AtomicInteger adds = new AtomicInteger();
        AtomicInteger updates = new AtomicInteger();
        AtomicInteger deletes = new AtomicInteger();
        SharedIndexInformer<Pod> inf = k.pods().inNamespace("load").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod obj) {
                adds.incrementAndGet();
            }

            @Override
            public void onUpdate(Pod oldObj, Pod newObj) {
                updates.incrementAndGet();
            }

            @Override
            public void onDelete(Pod obj, boolean deletedFinalStateUnknown) {
                deletes.incrementAndGet();
            }
        }, 0);
        try {
            await().atMost(20, TimeUnit.SECONDS).until(() -> adds.get() == 500);
            assertThat(inf.getStore().list()).hasSize(500);
            k.pods().inNamespace("load").resource(pod("late", Map.of("app", "x"))).create();
            for (int i = 0; i < 50; i++) {
                k.pods().inNamespace("load").withName("p" + i).edit(p -> new PodBuilder(p).editMetadata()
                        .addToLabels("touched", "yes").endMetadata().build());
            }
            k.pods().inNamespace("load").withLabel("app", "app3").delete();
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(adds.get()).isEqualTo(501);
                assertThat(updates.get()).isEqualTo(50);
                assertThat(deletes.get()).isEqualTo(50);
            });
            assertThat(inf.getStore().list()).hasSize(451);
        } finally {
            inf.close();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> c.server.openWatches() == 0);
        assertThat(k.namespaces().list().getItems()).hasSize(3); // the server still answers after the watch closed
    }

    @Test
    void webSocketWatchResumesAfterRestartFromSnapshot() throws Exception {
        ApiServerFixture first = new ApiServerFixture(VERTX.get(), dir, "c1", 0, PodLogSource.NONE);
        int port = first.server.port();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> rvs = new CopyOnWriteArrayList<>();
        ApiServerFixture second = null;
        try (KubernetesClient k = first.client()) {
            k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build()).create();
            k.pods().inNamespace("demo").resource(pod("before", Map.of("app", "a"))).create();
            try (Watch w = k.pods().inNamespace("demo").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod resource) {
                    seen.add(action + ":" + resource.getMetadata().getName());
                    rvs.add(resource.getMetadata().getResourceVersion());
                }

                @Override
                public void onClose(WatcherException cause) {
                    seen.add("CLOSED:" + cause);
                }
            })) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> seen.contains("ADDED:before"));
                k.pods().inNamespace("demo").resource(pod("during", Map.of("app", "a"))).create();
                await().atMost(10, TimeUnit.SECONDS).until(() -> seen.contains("ADDED:during"));

                var snapshot = first.store.snapshot();
                first.close();
                ObjectStore restored = new ObjectStore("c1", new ResourceRegistry(), Instant::now, 7);
                restored.restore(snapshot);
                second = new ApiServerFixture(VERTX.get(), dir, "c1", port, PodLogSource.NONE, restored);
                restored.create(restored.registry().require("v1", "Pod"), "demo",
                        ApiServerFixture.obj("{'metadata':{'name':'after'},'spec':{'containers':[{'name':'c','image':'nginx'}]}}"));
                await().atMost(30, TimeUnit.SECONDS).until(() -> seen.contains("ADDED:after"));
                assertThat(seen).containsExactly("ADDED:before", "ADDED:during", "ADDED:after");
                assertThat(Long.parseLong(rvs.get(2))).isGreaterThan(Long.parseLong(rvs.get(1)));
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
