package dev.meshstage.cli;

import dev.meshstage.support.Kubectls;
import dev.meshstage.support.MeshstageProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home's background server through the real jar: the first command starts it, later ones, kubectl and the
 * status of other processes are its clients; a killed client changes nothing, {@code sim stop} saves, a killed
 * server comes back from the saved state with a note, and nothing is lost on the way.
 */
class ServerLifecycleIT {

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

    @AfterEach
    void stopServer() throws Exception {
        MeshstageProcess.stopServer(tmp.resolve("home"));
    }

    @Test
    void clustersStayUpBetweenCommandsAndSurviveKillsAndStops() throws Exception {
        List<String> kubectls = Kubectls.oldestAndNewest();
        Assumptions.assumeFalse(kubectls.isEmpty(), "no kubectl binary on this machine");
        String kubectl = kubectls.get(kubectls.size() - 1);
        Path home = tmp.resolve("home");
        Path cwd = Path.of("").toAbsolutePath();
        Path kubeconfig = home.resolve("kubeconfig");

        var create = MeshstageProcess.run(home, cwd, Map.of(), "cluster", "create", "--all");
        assertThat(create.exitCode()).as(create.stderr()).isZero();
        assertThat(create.stderr()).isEmpty();
        long first = MeshstageProcess.pid(home.resolve("run/server.properties"));
        assertThat(ProcessHandle.of(first)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        // the command has returned; the clusters are still there for kubectl, with nobody running 'sim serve'
        Path file = tmp.resolve("app.yaml");
        Files.writeString(file, DEPLOYMENT);
        assertThat(Kubectls.run(kubectl, kubeconfig, tmp.resolve("cache"), "apply", "-f", file.toString(),
                "--context=kind-cluster1").ok().exit()).isZero();
        var status = MeshstageProcess.run(home, cwd, Map.of(), "status", "--cluster", "cluster1");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("nodes   3/3 ready").containsPattern("kept\\s+2/2");
        var simStatus = MeshstageProcess.run(home, cwd, Map.of(), "sim", "status");
        assertThat(simStatus.stdout()).contains("server   running, pid " + first, "kind-cluster1   https://127.0.0.1:",
                "kind-cluster2   https://127.0.0.1:");

        for (String k : kubectls) {
            gracePeriodsTakeWallTime(k, kubeconfig, tmp.resolve("cache-" + kubectls.indexOf(k)));
        }

        // a client killed while the server runs its command: the server carries on
        Process client = start(home, cwd, "lb", "install");
        Thread.sleep(300);
        client.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        var lb = MeshstageProcess.run(home, cwd, Map.of(), "lb", "install");
        assertThat(lb.exitCode()).as(lb.stderr()).isZero();
        assertThat(ProcessHandle.of(first)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        // sim stop: saved and gone; asking about it does not start another
        var stop = MeshstageProcess.run(home, cwd, Map.of(), "sim", "stop");
        assertThat(stop.exitCode()).as(stop.stderr()).isZero();
        assertThat(stop.stdout()).contains("stopping the server of the simulated clusters (pid " + first + ")");
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(MeshstageProcess.run(home, cwd, Map.of(), "sim", "status").stdout())
                .contains("server   not running", "saved    cluster1, cluster2");
        assertThat(home.resolve("run/server.properties")).doesNotExist();

        // the next command brings them back as they were, quietly (nothing went wrong)
        var again = MeshstageProcess.run(home, cwd, Map.of(), "status", "--cluster", "1");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stderr()).isEmpty();
        assertThat(again.stdout()).containsPattern("kept\\s+2/2").contains("MetalLB");
        long second = MeshstageProcess.pid(home.resolve("run/server.properties"));
        assertThat(second).isNotEqualTo(first);

        // a hard kill of the server: what kubectl wrote a moment before is still there, and the next command says so
        assertThat(Kubectls.run(kubectl, kubeconfig, tmp.resolve("cache"), "scale", "deploy/web", "-n", "kept",
                "--replicas=3", "--context=kind-cluster1").ok().exit()).isZero();
        Thread.sleep(1500); // the server saves what API clients change within a second
        ProcessHandle.of(second).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(second).ifPresent(p -> p.onExit().join());
        var afterKill = MeshstageProcess.run(home, cwd, Map.of(), "status", "--cluster", "1");
        assertThat(afterKill.exitCode()).as(afterKill.stderr()).isZero();
        assertThat(afterKill.stderr()).contains("(pid " + second + ") had been killed", "cluster1, cluster2 from the saved state");
        assertThat(afterKill.stdout()).containsPattern("kept\\s+3/3");
        assertThat(Kubectls.run(kubectl, kubeconfig, tmp.resolve("cache"), "get", "deploy/web", "-n", "kept",
                "--context=kind-cluster1").ok().exit()).isZero();
    }

    /**
     * In the server, time a person waits for is the wall clock's: a deleted {@code sleep} is Terminating until its
     * grace ends (pulls and starts still do not wait), {@code --grace-period=0 --force} removes it at once.
     */
    private static void gracePeriodsTakeWallTime(String kubectl, Path kubeconfig, Path cache) throws Exception {
        String[] ctx = {"--context=kind-cluster1", "-n", "kept"};
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "run", "sleeper", "--image=busybox:1.36", "--restart=Never",
                "--", "sleep", "3600").ok().out()).contains("pod/sleeper created");
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "wait", "--for=condition=Ready", "pod/sleeper", "--timeout=20s").ok().exit())
                .isZero();
        // one clock: the ages kubectl computes itself from the server's stamps are seconds, as the server's own are
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "events", "--for", "pod/sleeper").ok().out())
                .containsPattern("(?m)^\\d{1,2}s\\s+Normal\\s+Started\\s+Pod/sleeper");
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "describe", "pod", "sleeper").ok().out())
                .containsPattern("Normal\\s+Started\\s+\\d{1,2}s\\s+kubelet");
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "get", "pod", "sleeper").ok().out()).containsPattern("Running\\s+0\\s+\\d{1,2}s");
        long deleted = System.nanoTime();
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "delete", "pod", "sleeper", "--grace-period=4", "--wait=false").ok().out())
                .contains("pod \"sleeper\" deleted");
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "get", "pods", "sleeper").ok().out())
                .containsPattern("sleeper\\s+0/1\\s+Terminating");
        Thread.sleep(1500);
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "get", "pods", "sleeper").ok().out())
                .as("1.5 s into a grace of 4 s").containsPattern("sleeper\\s+0/1\\s+Terminating");
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "wait", "--for=delete", "pod/sleeper", "--timeout=20s").ok().exit()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - deleted)).as("killed when the grace ended").isGreaterThan(Duration.ofMillis(3500));

        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "run", "forced", "--image=busybox:1.36", "--restart=Never",
                "--", "sleep", "3600").ok().exit()).isZero();
        assertThat(kubectl(kubectl, kubeconfig, cache, ctx, "wait", "--for=condition=Ready", "pod/forced", "--timeout=20s").ok().exit())
                .isZero();
        kubectl(kubectl, kubeconfig, cache, ctx, "delete", "pod", "forced", "--grace-period=0", "--force").ok();
        var gone = kubectl(kubectl, kubeconfig, cache, ctx, "get", "pods", "forced");
        assertThat(gone.exit()).as(gone.out()).isNotZero();
        assertThat(gone.err()).contains("pods \"forced\" not found");
    }

    private static Kubectls.Result kubectl(String bin, Path kubeconfig, Path cache, String[] ctx, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(ctx));
        all.addAll(List.of(args));
        return Kubectls.run(bin, kubeconfig, cache, all.toArray(String[]::new));
    }

    private static Process start(Path home, Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/meshstage.jar").toAbsolutePath().toString(), "--home", home.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
