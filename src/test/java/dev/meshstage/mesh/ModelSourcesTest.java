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
}
