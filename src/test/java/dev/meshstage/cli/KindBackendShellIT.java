package dev.meshstage.cli;

import dev.meshstage.backend.kind.StandinTools;
import dev.meshstage.support.MeshstageProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The kind backend through the real jar, with stand-in kind/docker/istioctl/kubectl on PATH. */
class KindBackendShellIT {

    @TempDir
    Path tmp;

    @AfterEach
    void stopServer() throws Exception {
        MeshstageProcess.stopServer(tmp.resolve("home")); // one may have started for the sim's commands
    }

    @Test
    void clusterCreateListDeleteAndToolsCheckRunTheRealTools() throws Exception {
        StandinTools tools = StandinTools.installAll(tmp.resolve("tools"));
        Path home = tmp.resolve("home");
        Path cwd = Path.of("").toAbsolutePath();

        var create = MeshstageProcess.run(home, cwd, tools.environment(), "--backend", "kind", "cluster", "create", "--all");
        assertThat(create.exitCode()).as(create.stderr()).isZero();
        assertThat(create.stdout()).contains("cluster1: created", "cluster2: created", "next: lb install");
        assertThat(tools.calls()).anyMatch(c -> c.startsWith("kind create cluster --config " + cwd.resolve("configs/kind/cluster1-config.yaml"))
                && c.contains("KUBECONFIG=" + home.resolve("kubeconfig")))
                .anyMatch(c -> c.startsWith("kind create cluster --config " + cwd.resolve("configs/kind/cluster2-config.yaml")));

        var again = MeshstageProcess.run(home, cwd, tools.environment(), "--backend", "kind", "cluster", "create", "cluster1");
        assertThat(again.stdout()).contains("cluster1: already exists");
        assertThat(tools.calls().stream().filter(c -> c.startsWith("kind create cluster"))).hasSize(2);

        var list = MeshstageProcess.run(home, cwd, tools.environment(), "--backend", "kind", "cluster", "list");
        assertThat(list.stdout()).containsPattern("cluster1\\s+kind-cluster1\\s+yes\\s+3\\s+network1\\s+kind");

        var check = MeshstageProcess.run(home, cwd, tools.environment(), "tools", "check");
        assertThat(check.exitCode()).isZero();
        assertThat(check.stdout()).containsPattern("kind\\s+\\S+/kind\\s+v0\\.31\\.0").containsPattern("istioctl\\s+\\S+/istioctl\\s+1\\.28\\.3");

        var delete = MeshstageProcess.run(home, cwd, tools.environment(), "--backend", "kind", "cluster", "delete", "--all");
        assertThat(delete.exitCode()).as(delete.stderr()).isZero();
        assertThat(tools.calls()).contains("kind delete cluster --name cluster1 | KUBECONFIG=" + home.resolve("kubeconfig"));
    }

    @Test
    void doctorOnKindChecksTheToolsAndFailsNonZeroOnContextsThatDoNotAnswer() throws Exception {
        StandinTools tools = StandinTools.installAll(tmp.resolve("tools"));
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), tools.environment(),
                "--backend", "kind", "doctor");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stdout()).contains("✔ the backend's tools are installed", "✘ every cluster's context answers",
                "    hint: cluster create cluster1");
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).startsWith("error: doctor: 1 of ").contains("checks failed (contexts)");
        assertThat(tools.calls()).anyMatch(c -> c.startsWith("istioctl version"));
    }

    @Test
    void aFailingKindCreateIsOneLineAndNonZero() throws Exception {
        StandinTools tools = StandinTools.installAll(tmp.resolve("tools")).with("STANDIN_KIND_FAIL", "cluster2");
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), tools.environment(),
                "--backend", "kind", "cluster", "create", "--all");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stdout()).contains("cluster1: created", "cluster2: FAILED");
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).startsWith("error: cluster create failed for cluster2");
    }
}
