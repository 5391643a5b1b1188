package dev.meshstage.mesh.doctor;

import dev.meshstage.support.DirectoryCopy;
import dev.meshstage.command.EmbeddedShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * doctor pointed at a workshop checkout with the original repository's defects (built here from our configs/ and
 * sample-app/): workers commented out, no Namespace and no stub Services in cluster2-manifests/, a headless postgres.
 * It names each one, and {@code app deploy --cluster 2} says what is missing instead of relaying the API's error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OriginalDefectsTest {

    private EmbeddedShell shell;

    @BeforeAll
    void workshop(@TempDir Path home, @TempDir Path checkout) throws IOException {
        Path repo = Path.of("").toAbsolutePath();
        DirectoryCopy.copy(repo.resolve("configs"), checkout.resolve("configs"));
        DirectoryCopy.copy(repo.resolve("sample-app"), checkout.resolve("sample-app"));
        for (String c : List.of("cluster1", "cluster2")) {
            Path kind = checkout.resolve("configs/kind/" + c + "-config.yaml");
            Files.writeString(kind, Files.readString(kind).replace("  - role: worker\n    image: kindest/node:v1.34.3\n",
                    "#  - role: worker\n#    image: kindest/node:v1.34.3\n"));
        }
        Path k2 = checkout.resolve("sample-app/cluster2-manifests/kustomization.yaml");
        String kustomization = Files.readString(k2);
        for (String dropped : List.of("  - namespace.yaml\n", "  - postgres-service.yaml\n", "  - rabbitmq-service.yaml\n")) {
            assertThat(kustomization).contains(dropped);
            kustomization = kustomization.replace(dropped, "");
        }
        Files.writeString(k2, kustomization);
        Path postgres = checkout.resolve("sample-app/postgres-statefulset.yaml");
        String svc = Files.readString(postgres);
        assertThat(svc).contains("spec:\n  type: ClusterIP\n  selector:\n    app: postgres");
        Files.writeString(postgres, svc.replace("spec:\n  type: ClusterIP\n  selector:\n    app: postgres",
                "spec:\n  clusterIP: None\n  selector:\n    app: postgres"));

        shell = EmbeddedShell.start("sim", checkout, home);
        for (String c : List.of("cluster create --all", "lb install", "mesh install", "mesh link")) {
            EmbeddedShell.Result r = shell.run(c);
            assertThat(r.ok()).as(c + "\n" + String.join("\n", r.lines())).isTrue();
        }
    }

    @AfterAll
    void close() {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void doctorNamesEveryDefect() {
        EmbeddedShell.Result r = shell.run("doctor");
        String text = String.join("\n", r.lines());
        assertThat(r.ok()).as(text).isFalse();
        assertThat(text).contains("‼ 1 control plane + 2 workers per cluster, as the README says",
                "cluster1: configs/kind/cluster1-config.yaml plans 1 control plane and no workers",
                "cluster2: configs/kind/cluster2-config.yaml plans 1 control plane and no workers",
                "✘ each cluster's app manifests create its namespace, with injection",
                "cluster2: sample-app/cluster2-manifests/ creates no Namespace simple-buy: app deploy --cluster cluster2 fails"
                        + " with namespaces \"simple-buy\" not found",
                "✘ app manifests hold a stub Service for every name served remotely",
                "cluster2: sample-app/cluster2-manifests/ has no Service postgres, which product calls",
                "cluster2: sample-app/cluster2-manifests/ has no Service rabbitmq, which product calls",
                "✘ app manifests make no Service called across networks headless",
                "cluster2: postgres is headless in sample-app/ (clusterIP: None), and product in cluster2 calls it across networks");
        assertThat(r.lines().get(r.lines().size() - 1))
                .isEqualTo("error: doctor: 3 of " + Doctor.CHECKS.size() + " checks failed (manifest-namespace, manifest-stubs, manifest-headless)");
    }

    @Test
    void appDeployToClusterTwoSaysWhatIsMissing() {
        EmbeddedShell.Result r = shell.run("app deploy --cluster 2");
        assertThat(r.ok()).isFalse();
        String error = r.lines().get(r.lines().size() - 1);
        assertThat(error).startsWith("error: sample-app/cluster2-manifests/ creates no Namespace simple-buy and cluster2 has none:"
                + " add a namespace.yaml").doesNotContain("not found");
        assertThat(shell.run("doctor --cluster cluster2").lines()).contains("‼ Simple Buy runs where the manifests place it");
    }
}
