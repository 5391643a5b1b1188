package dev.meshstage.session;

import dev.meshstage.mesh.doctor.WorkshopExpectations;
import dev.meshstage.workshop.WorkshopLoader;
import dev.meshstage.workshop.WorkshopFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the repository's workshop directory expects, as the doctor reads it from configs/ and sample-app/. */
class DoctorExpectationsTest {

    private final WorkshopExpectations expected =
            DoctorService.expectations(new WorkshopLoader().load(Path.of("").toAbsolutePath()));

    @Test
    void clustersAsTheKindConfigsPlanThem() {
        var c1 = expected.cluster("cluster1").orElseThrow();
        assertThat(c1.kindConfig()).isEqualTo("configs/kind/cluster1-config.yaml");
        assertThat(c1.controlPlanes()).isEqualTo(1);
        assertThat(c1.workers()).isEqualTo(2);
        assertThat(c1.network()).isEqualTo("network1");
        assertThat(expected.cluster("cluster2").orElseThrow().podSubnet()).isNotEqualTo(c1.podSubnet());
    }

    @Test
    void whatEachClustersManifestsRunAndCall() {
        var c1 = expected.cluster("cluster1").orElseThrow();
        assertThat(c1.appDir()).isEqualTo("sample-app");
        assertThat(c1.namespace()).isEqualTo(new WorkshopExpectations.ManifestNamespace("simple-buy", true));
        assertThat(c1.runs("cart")).isTrue();
        assertThat(c1.runs("product")).as("product runs only in cluster2 by default").isFalse();
        assertThat(c1.service("product")).hasValueSatisfying(s -> assertThat(s.selectsLocalPods()).isFalse());
        assertThat(c1.service("redis")).hasValueSatisfying(s -> assertThat(s.headless()).isTrue());
        assertThat(c1.service("postgres")).hasValueSatisfying(s -> assertThat(s.headless()).isFalse());
        assertThat(c1.workloads().stream().filter(w -> w.name().equals("cart")).findFirst().orElseThrow().calls())
                .contains("product", "redis", "rabbitmq", "postgres").doesNotContain("localhost", "cart");
        assertThat(c1.workloads().stream().filter(w -> w.name().equals("frontend")).findFirst().orElseThrow().calls())
                .as("NEXT_PUBLIC_API_URL=http://localhost names no Service").isEmpty();

        var c2 = expected.cluster("cluster2").orElseThrow();
        assertThat(c2.appDir()).isEqualTo("sample-app/cluster2-manifests");
        assertThat(c2.namespace()).isNotNull();
        assertThat(c2.workloads()).hasSize(1);
        assertThat(c2.workloads().get(0).calls()).containsExactlyInAnyOrder("postgres", "rabbitmq");
        assertThat(c2.service("postgres")).hasValueSatisfying(s -> assertThat(s.selectsLocalPods()).as("a stub").isFalse());
    }

    @Test
    void theFilesStateChangesWithAnEditSoCachedExpectationsAreReadAgain(@TempDir Path dir) throws Exception {
        Path kustomization = dir.resolve("sample-app/cluster2-manifests/kustomization.yaml");
        Files.createDirectories(kustomization.getParent());
        Files.createDirectories(dir.resolve("configs/kind"));
        Files.writeString(kustomization, "resources:\n  - namespace.yaml\n");
        Files.writeString(dir.resolve("configs/kind/cluster1-config.yaml"), "kind: Cluster\n");
        var before = WorkshopFiles.of(dir);
        assertThat(before.states()).hasSize(2);
        assertThat(WorkshopFiles.of(dir)).isEqualTo(before);
        Files.writeString(kustomization, "resources: []\n");
        assertThat(WorkshopFiles.of(dir)).isNotEqualTo(before);
    }
}
