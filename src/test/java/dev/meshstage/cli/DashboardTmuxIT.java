package dev.meshstage.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as a person uses it: opened from the real shell under tmux, changed from outside with kubectl, left
 * with {@code q} — after which the prompt, its completion and its history work as before.
 */
class DashboardTmuxIT {

    private static final Path KUBECTL = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.33");

    @TempDir
    Path home;
    private final String session = "meshstage-dash-it-" + ProcessHandle.current().pid();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl 1.33 is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                java + " -jar " + Path.of("target/meshstage.jar").toAbsolutePath() + " --home " + home);
        awaitScreen(s -> s.contains("meshstage[sim:cluster1]:>"), "the prompt");
    }

    @AfterEach
    void stop() throws Exception {
        tmux("kill-session", "-t", session);
        MeshstageProcess.stopServer(home); // the shell's clusters live in the home's server
    }

    @Test
    void dashboardShowsAKubectlChangeAndGivesThePromptBack() throws Exception {
        tmux("send-keys", "-t", session, "cluster create --all", "Enter");
        awaitScreen(s -> s.contains("next: lb install"), "cluster create");
        tmux("send-keys", "-t", session, "dashboard", "Enter");
        awaitScreen(s -> s.contains("meshstage dashboard") && s.contains("kind-cluster2") && s.contains("coredns-"), "the dashboard");

        Path deployment = home.resolve("dash-probe.yaml");
        Files.writeString(deployment, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: dash-probe, namespace: default}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: dash-probe}}
                  template:
                    metadata: {labels: {app: dash-probe}}
                    spec: {containers: [{name: web, image: "nginx:1.27"}]}
                """);
        kubectl("--context", "kind-cluster1", "apply", "-f", deployment.toString());
        // in cluster1's column (left of the bar), not only in the warning strip below
        awaitScreen(s -> s.lines().anyMatch(l -> l.contains("dash-probe-") && l.indexOf("dash-probe-") < l.indexOf('│')),
                "the new pod in cluster1's column");

        tmux("send-keys", "-t", session, "n");
        awaitScreen(s -> s.contains("namespace default") && !s.contains("coredns-"), "the default namespace alone");
        tmux("send-keys", "-t", session, "q");
        awaitScreen(s -> s.contains("meshstage[sim:cluster1]:>") && !s.contains("meshstage dashboard"), "the prompt after q");

        tmux("send-keys", "-t", session, "use ", "Tab");
        awaitScreen(s -> s.lines().anyMatch(l -> l.contains("cluster1   cluster2")), "completion after the dashboard");
        tmux("send-keys", "-t", session, "C-u", "Up");
        awaitScreen(s -> s.lines().anyMatch(l -> l.endsWith(":> dashboard")), "history after the dashboard");
        tmux("send-keys", "-t", session, "C-u", "dashboard --once --cluster 2", "Enter");
        awaitScreen(s -> s.contains("─ warnings") && s.contains("  cluster2  kind-cluster2"), "one frame of cluster2");
        tmux("send-keys", "-t", session, "exit", "Enter");
        awaitGone();
    }

    /** The shell saves and exits before the home is deleted. */
    private void awaitGone() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (run(List.of("tmux", "has-session", "-t", session), Map.of()).exit != 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the shell did not exit");
    }

    private void kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", home.resolve("kubeconfig").toString()));
        cmd.addAll(List.of(args));
        Run r = run(cmd, Map.of());
        assertThat(r.exit).as("kubectl " + String.join(" ", args) + ": " + r.out).isZero();
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", session);
    }

    private String awaitScreen(Predicate<String> ok, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String s = "";
        while (System.currentTimeMillis() < deadline) {
            s = screen();
            if (ok.test(s)) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " on screen after 60 s:\n" + s);
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of()).out;
    }

    private record Run(int exit, String out) {
    }

    private static Run run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new Run(p.exitValue(), out);
    }
}
