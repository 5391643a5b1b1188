package dev.meshstage.cli;

import dev.meshstage.support.Kubectls;
import dev.meshstage.support.TmuxShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as a person uses it: opened from the real shell under tmux, changed from outside with kubectl, left
 * with {@code q} — after which the prompt, its completion and its history work as before.
 */
class DashboardTmuxIT {

    private static final Path KUBECTL = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.33");

    @TempDir
    Path home;
    @TempDir
    Path cache;
    private TmuxShell shell;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(TmuxShell.available(), "tmux is not installed");
        Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl 1.33 is not installed");
        shell = TmuxShell.meshstage("dash-it", home, Path.of("").toAbsolutePath());
    }

    @AfterEach
    void stop() throws Exception {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void dashboardShowsAKubectlChangeAndGivesThePromptBack() throws Exception {
        shell.send("cluster create --all", "Enter");
        shell.await(s -> s.contains("next: lb install"), "cluster create");
        shell.send("dashboard", "Enter");
        shell.await(s -> s.contains("meshstage dashboard") && s.contains("kind-cluster2") && s.contains("coredns-"), "the dashboard");

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
        Kubectls.run(KUBECTL.toString(), home.resolve("kubeconfig"), cache, "--context", "kind-cluster1", "apply", "-f", deployment.toString()).ok();
        // in cluster1's column (left of the bar), not only in the warning strip below
        shell.await(s -> s.lines().anyMatch(l -> l.contains("dash-probe-") && l.indexOf("dash-probe-") < l.indexOf('│')),
                "the new pod in cluster1's column");

        shell.send("n");
        shell.await(s -> s.contains("namespace default") && !s.contains("coredns-"), "the default namespace alone");
        shell.send("q");
        shell.await(s -> s.contains("meshstage[sim:cluster1]:>") && !s.contains("meshstage dashboard"), "the prompt after q");

        shell.send("use ", "Tab");
        shell.await(s -> s.lines().anyMatch(l -> l.contains("cluster1   cluster2")), "completion after the dashboard");
        shell.send("C-u", "Up");
        shell.await(s -> s.lines().anyMatch(l -> l.endsWith(":> dashboard")), "history after the dashboard");
        shell.send("C-u", "dashboard --once --cluster 2", "Enter");
        shell.await(s -> s.contains("─ warnings") && s.contains("  cluster2  kind-cluster2"), "one frame of cluster2");
        shell.send("exit", "Enter");
        shell.awaitExit(); // the shell saves and exits before the home is deleted
    }
}
