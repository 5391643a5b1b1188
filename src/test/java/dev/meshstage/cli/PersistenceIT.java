package dev.meshstage.cli;

import dev.meshstage.support.Kubectls;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Clusters created in one process are read back in another; a killed server never leaves broken state. */
class PersistenceIT {

    @TempDir
    Path tmp;

    private static final String DEPLOYMENT = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: kept}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: kept}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: nginx, image: nginx:alpine}]
            """;

    @Test
    void clustersAndWhatKubectlAppliedSurviveRestartsAndKills() throws Exception {
        List<String> kubectls = Kubectls.oldestAndNewest();
        Assumptions.assumeFalse(kubectls.isEmpty(), "no kubectl binary on this machine");
        Path home = tmp.resolve("home");
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(MeshstageProcess.run(home, cwd, Map.of(), "cluster", "create", "--all").exitCode()).isZero();

        Process serve = serve(home, cwd);
        Path file = tmp.resolve("app.yaml");
        Files.writeString(file, DEPLOYMENT);
        Kubectls.run(kubectls.get(0), home.resolve("kubeconfig"), tmp.resolve("cache"), "apply", "-f", file.toString(),
                "--context=kind-cluster1").ok();
        serve.destroy(); // SIGTERM: the shutdown saves
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();

        var status = MeshstageProcess.run(home, cwd, Map.of(), "status", "--cluster", "cluster1");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("nodes   3/3 ready").containsPattern("kept\\s+2/2");
        assertThat(MeshstageProcess.run(home, cwd, Map.of(), "cluster", "list").stdout())
                .containsPattern("cluster1\\s+kind-cluster1\\s+yes").containsPattern("cluster2\\s+kind-cluster2\\s+yes");

        // a hard kill while serving: the next start still reads a whole snapshot
        Process again = serve(home, cwd);
        Kubectls.run(kubectls.get(0), home.resolve("kubeconfig"), tmp.resolve("cache"), "scale", "deploy/web", "-n", "kept",
                "--replicas=3", "--context=kind-cluster1").ok();
        Thread.sleep(1500); // the snapshot is at most a second old
        again.destroyForcibly();
        again.waitFor(30, TimeUnit.SECONDS);
        var afterKill = MeshstageProcess.run(home, cwd, Map.of(), "status", "--cluster", "1");
        assertThat(afterKill.exitCode()).as(afterKill.stderr()).isZero();
        assertThat(afterKill.stdout()).containsPattern("kept\\s+3/3");
    }

    private static Process serve(Path home, Path cwd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/meshstage.jar").toAbsolutePath().toString(), "--home", home.toString(), "sim", "serve")
                .directory(cwd.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("serving until interrupted")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (java.io.IOException ignored) {
                        // process gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new AssertionError("sim serve ended before serving");
    }
}
