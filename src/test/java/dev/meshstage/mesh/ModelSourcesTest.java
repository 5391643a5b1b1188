package dev.meshstage.mesh;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.support.Workshops;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.source.LiveSource;
import dev.meshstage.mesh.source.ModelListener;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.session.MeshModels;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model's two sources read the same full workshop on the sim and must give equal models. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelSourcesTest {

    private EmbeddedShell shell;

    @BeforeAll
    void workshop(@TempDir Path home) {
        shell = Workshops.full(home);
    }

    @AfterAll
    void close() {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void snapshotAndLiveGiveEqualModels() {
        MeshModels models = shell.bean(MeshModels.class);
        MeshModel snapshot = models.snapshot(SnapshotSource.Depth.MESH);
        try (LiveSource live = models.live(List.of())) {
            MeshModel watched = live.start(20_000);
            assertThat(watched.clusters()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                ClusterFacts a = snapshot.clusters().get(i);
                ClusterFacts b = watched.clusters().get(i);
                assertThat(b.pods()).as("pods of " + a.name()).isEqualTo(a.pods());
                assertThat(b.services()).isEqualTo(a.services());
                assertThat(b.endpoints()).isEqualTo(a.endpoints());
                assertThat(b.workloads()).isEqualTo(a.workloads());
                assertThat(b.mesh()).isEqualTo(a.mesh());
                assertThat(b).isEqualTo(a);
            }
        }
        ClusterFacts c1 = snapshot.cluster("cluster1").orElseThrow();
        assertThat(c1.reachable()).isTrue();
        assertThat(c1.nodes()).hasSize(3);
        assertThat(c1.podsIn("simple-buy")).allMatch(PodFact::sidecar).allMatch(PodFact::ready);
        assertThat(c1.mesh().istiod().ready()).isTrue();
        assertThat(c1.mesh().eastWestGateway().address()).contains("172.18.255.2");
        assertThat(c1.mesh().discoveryOf("cluster2")).hasValueSatisfying(d -> assertThat(d.synced()).isTrue());
        assertThat(c1.mesh().remoteSecretFor("cluster2")).hasValueSatisfying(s -> assertThat(s.tokenPresent()).isTrue());
        assertThat(c1.mesh().trust().rootFingerprint())
                .isEqualTo(snapshot.cluster("cluster2").orElseThrow().mesh().trust().rootFingerprint());
        assertThat(c1.mesh().trust().signedByRoot()).isTrue();
    }

    @Test
    void liveSourceTellsListenersOfAChangeEvenAfterOneFails() throws Exception {
        MeshModels models = shell.bean(MeshModels.class);
        try (LiveSource live = models.live(List.of())) {
            live.start(20_000);
            CountDownLatch scaled = new CountDownLatch(1);
            AtomicReference<MeshModel> seen = new AtomicReference<>();
            // a listener that fails on every rebuild must not keep it from the ones after it
            live.addListener(model -> {
                throw new IllegalStateException("a listener that fails");
            });
            live.addListener(new ModelListener() {
                @Override
                public void changed(MeshModel model) {
                    if (model.cluster("cluster1").orElseThrow().podsIn("simple-buy").stream()
                            .noneMatch(p -> p.name().startsWith("frontend-"))) {
                        seen.set(model);
                        scaled.countDown();
                    }
                }
            });
            shell.bean(dev.meshstage.session.Session.class).client("cluster1").apps().deployments().inNamespace("simple-buy")
                    .withName("frontend").scale(0);
            assertThat(scaled.await(60, TimeUnit.SECONDS)).as("the live model saw frontend go").isTrue();
            assertThat(seen.get().cluster("cluster1").orElseThrow().workload("simple-buy", "frontend").orElseThrow().desired())
                    .isZero();
        } finally {
            shell.bean(dev.meshstage.session.Session.class).client("cluster1").apps().deployments().inNamespace("simple-buy")
                    .withName("frontend").scale(1);
        }
    }

    /**
     * Broken pods (an image that cannot be pulled, a container that never gets ready, one that keeps failing): the
     * live source (whole objects from watches) and the snapshot (the server's table rows, then the namespace's pods
     * read whole for the containers' reasons) give equal pods, reasons included.
     */
    @Test
    void snapshotAndLiveGiveEqualModelsForBrokenPods() throws Exception {
        KubernetesClient client = shell.bean(dev.meshstage.session.Session.class).client("cluster1");
        String ns = "broken-" + ProcessHandle.current().pid();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        try {
            client.pods().inNamespace(ns).resource(pod(ns, "pull", "registry.example.invalid/shop/cart:1", null)).create();
            Pod unready = pod(ns, "unready", "nginx:alpine", null);
            unready.getSpec().getContainers().get(0).setReadinessProbe(new ProbeBuilder().withNewExec().withCommand("true").endExec()
                    .withInitialDelaySeconds(86_400).build());
            client.pods().inNamespace(ns).resource(unready).create();
            client.pods().inNamespace(ns).resource(pod(ns, "crash", "busybox:1.36", List.of("sh", "-c", "exit 3"))).create();
            MeshModels models = shell.bean(MeshModels.class);
            try (LiveSource live = models.live(List.of())) {
                live.start(20_000);
                List<PodFact> snapshot = List.of();
                List<PodFact> watched = List.of();
                // the kubelet moves on (ErrImagePull, then ImagePullBackOff): compare once both saw the same moment
                for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < end; Thread.sleep(100)) {
                    snapshot = models.snapshot(SnapshotSource.Depth.APP).cluster("cluster1").orElseThrow().podsIn(ns);
                    watched = live.model().cluster("cluster1").orElseThrow().podsIn(ns);
                    if (snapshot.size() == 3 && snapshot.equals(watched) && snapshot.stream().allMatch(p -> !p.unready().isEmpty())
                            && reason(snapshot, "pull").contains("ImagePull")) {
                        break;
                    }
                }
                assertThat(watched).as("live pods of " + ns).isEqualTo(snapshot);
                assertThat(snapshot).extracting(PodFact::name).containsExactly("crash", "pull", "unready");
                assertThat(snapshot).noneMatch(PodFact::ready);
                assertThat(reason(snapshot, "pull")).isIn("ErrImagePull", "ImagePullBackOff");
                assertThat(reason(snapshot, "crash")).isIn("Error", "CrashLoopBackOff");
                PodFact notReady = snapshot.stream().filter(p -> p.name().equals("unready")).findFirst().orElseThrow();
                assertThat(notReady.status()).isEqualTo("Running");
                assertThat(notReady.unready()).singleElement().satisfies(c -> {
                    assertThat(c.name()).isEqualTo("c");
                    assertThat(c.reason()).as("running, not ready").isNull();
                });
            }
        } finally {
            client.namespaces().withName(ns).delete();
        }
    }

    /** status reads the table rows only: the same pods as a full read, without their metadata, and no warnings. */
    @Test
    void clusterDepthReadsTheRowsWithoutMetadata() {
        MeshModels models = shell.bean(MeshModels.class);
        ClusterFacts full = models.snapshot(SnapshotSource.Depth.MESH).cluster("cluster1").orElseThrow();
        ClusterFacts rows = models.snapshot(SnapshotSource.Depth.CLUSTER).cluster("cluster1").orElseThrow();
        assertThat(rows.pods()).extracting(p -> p.namespace() + "/" + p.name() + " " + p.readyContainers() + "/" + p.containers()
                + " " + p.status() + " " + p.ip() + " " + p.node())
                .isEqualTo(full.pods().stream().map(p -> p.namespace() + "/" + p.name() + " " + p.readyContainers() + "/"
                        + p.containers() + " " + p.status() + " " + p.ip() + " " + p.node()).toList());
        assertThat(rows.pods()).isNotEmpty().allMatch(p -> p.metadata() == null);
        assertThat(full.pods()).allMatch(p -> p.metadata() != null);
        assertThat(rows.services()).isEqualTo(full.services());
        assertThat(rows.warnings()).isEmpty();
        PodFact row = rows.podsIn("simple-buy").get(0);
        assertThatThrownBy(row::sidecar).isInstanceOf(IllegalStateException.class).hasMessageContaining("without its metadata");
    }

    private static String reason(List<PodFact> pods, String name) {
        PodFact p = pods.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        String r = p.unready().isEmpty() ? null : p.unready().get(0).reason();
        return r == null ? "" : r;
    }

    private static Pod pod(String ns, String name, String image, List<String> command) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage(image).withCommand(command).endContainer()
                .withRestartPolicy("Always").endSpec().build();
    }
}
