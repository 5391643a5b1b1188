package dev.meshstage.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the real jar: each a one-line error naming the problem, a non-zero exit, no stack
 * trace, and the state left as it was.
 */
class BadInputIT {

    @TempDir
    Path tmp;

    @AfterEach
    void stopServer() throws Exception {
        MeshstageProcess.stopServer(tmp.resolve("home")); // one may have started for the sim's commands
    }

    private Path workshopCopy() throws IOException {
        Path dir = tmp.resolve("workshop");
        try (Stream<Path> files = Files.walk(Path.of("configs"))) {
            for (Path f : files.toList()) {
                Path target = dir.resolve(f.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return dir;
    }

    private static void assertOneLineError(MeshstageProcess.Result r, String... fragments) {
        assertThat(r.exitCode()).as("exit code; stderr: " + r.stderr()).isNotZero();
        assertThat(r.stderr().strip().lines()).as("stderr: " + r.stderr()).hasSize(1);
        assertThat(r.stderr()).startsWith("error: ").doesNotContain("Exception", "\tat ");
        for (String f : fragments) {
            assertThat(r.stderr()).contains(f);
        }
    }

    @Test
    void unknownClusterName() throws Exception {
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "use", "cluster9");
        assertOneLineError(r, "unknown cluster 'cluster9'", "cluster1, cluster2");
    }

    @Test
    void dashboardWithoutATerminalAnUnknownClusterOrABadWidth() throws Exception {
        Path home = tmp.resolve("home");
        assertOneLineError(MeshstageProcess.run(home, Path.of("").toAbsolutePath(), Map.of(), "dashboard"),
                "needs a terminal", "dashboard --once");
        assertOneLineError(MeshstageProcess.run(home, Path.of("").toAbsolutePath(), Map.of(), "dashboard", "--once", "--cluster", "1,cluster9"),
                "unknown cluster 'cluster9'");
        assertOneLineError(MeshstageProcess.run(home, Path.of("").toAbsolutePath(), Map.of(), "dashboard", "--once", "--width", "20"),
                "--width 20", "40 to 1000");
        assertThat(home.resolve("kubeconfig")).as("no cluster was made").doesNotExist();
    }

    @Test
    void dashboardOnceBeforeTheClustersExistSaysSoPerCluster() throws Exception {
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "dashboard", "--once", "--width", "100");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("meshstage dashboard").contains("cluster1  kind-cluster1").contains("cluster2  kind-cluster2")
                .contains("✘ not answering");
        assertThat(r.stdout().lines()).allMatch(l -> l.codePointCount(0, l.length()) <= 100);
    }

    @Test
    void unknownCommandAndUnknownOption() throws Exception {
        assertOneLineError(MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "clustr", "create"),
                "unknown command 'clustr'");
        assertOneLineError(MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "status", "--jsn"),
                "has no option --jsn");
    }

    @Test
    void overlappingSubnets() throws Exception {
        Path ws = workshopCopy();
        Path c2 = ws.resolve("configs/kind/cluster2-config.yaml");
        Files.writeString(c2, Files.readString(c2).replace("10.245.0.0/16", "10.244.0.0/16"));
        var r = MeshstageProcess.run(tmp.resolve("home"), ws, Map.of(), "cluster", "create", "--all");
        assertOneLineError(r, "10.244.0.0/16");
        assertThat(tmp.resolve("home/kubeconfig")).doesNotExist();
    }

    @Test
    void malformedYamlNamesFileAndLine() throws Exception {
        Path ws = workshopCopy();
        Files.writeString(ws.resolve("configs/metallb/metallb-cluster1.yaml"), "apiVersion: metallb.io/v1beta1\nkind: [oops\n");
        var r = MeshstageProcess.run(tmp.resolve("home"), ws, Map.of(), "cluster", "list");
        assertOneLineError(r, "metallb-cluster1.yaml", "line");
    }

    @Test
    void missingConfigFile() throws Exception {
        Path ws = workshopCopy();
        Files.delete(ws.resolve("configs/istio/cluster2.yaml"));
        var r = MeshstageProcess.run(tmp.resolve("home"), ws, Map.of(), "cluster", "list");
        assertOneLineError(r, "cluster2.yaml");
    }

    @Test
    void badGlobalOptionAndMissingScript() throws Exception {
        assertOneLineError(MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "--backend", "minikube", "status"),
                "unknown backend 'minikube'");
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "--script", tmp.resolve("nope.txt").toString());
        assertOneLineError(r, "nope.txt");
    }

    @Test
    void aScriptStopsAtItsFirstFailingLine() throws Exception {
        Path script = tmp.resolve("steps.txt");
        Files.writeString(script, "# the workshop, in a file\nversion\nuse cluster7\ncluster list\n");
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "--script", script.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stdout()).contains("meshstage ").doesNotContain("CONTEXT");
        assertThat(r.stderr()).contains("error: unknown cluster 'cluster7'", "error: stopped at line 3 of " + script)
                .doesNotContain("Exception");
    }

    @Test
    void aScriptThatSucceedsExitsZero() throws Exception {
        Path script = tmp.resolve("ok.txt");
        Files.writeString(script, "version\n\ncluster list\n");
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "--script", script.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("meshstage ", "cluster1   kind-cluster1");
    }
}
