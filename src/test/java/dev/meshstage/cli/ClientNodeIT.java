package dev.meshstage.cli;

import dev.meshstage.command.EmbeddedShell;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second, independent client library against the sim: {@code @kubernetes/client-node} (pinned in
 * {@code src/test/node/package.json}, installed under {@code target/client-node} by {@code .ci/run} or, when
 * missing, here) creates, lists, patches and watches ConfigMaps, execs in a pod and port-forwards to another.
 * Skipped only when this machine has no Node.js.
 */
class ClientNodeIT {

    private static final Path NODE_DIR = Path.of("target", "client-node").toAbsolutePath();

    @TempDir
    Path home;

    @Test
    void clientNodeListsWatchesCreatesPatchesExecsAndForwards() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "Node.js (node and npm) is not installed; .ci/run installs it");
        install();
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home)) {
            assertThat(shell.run("cluster create cluster1").ok()).isTrue();
            Path kubeconfig = home.resolve("kubeconfig");
            Config config = Config.fromKubeconfig("kind-cluster1", Files.readString(kubeconfig), kubeconfig.toString());
            try (KubernetesClient k = new KubernetesClientBuilder().withConfig(config).build()) {
                k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("node-check").endMetadata().build()).create();
                k.pods().inNamespace("node-check").resource(new PodBuilder().withNewMetadata().withName("box").endMetadata().withNewSpec()
                        .addNewContainer().withName("box").withImage("busybox").withCommand("sleep", "3600").endContainer().endSpec().build()).create();
                k.pods().inNamespace("node-check").resource(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                        .addNewContainer().withName("nginx").withImage("nginx:alpine").addNewPort().withContainerPort(80).endPort().endContainer()
                        .endSpec().build()).create();
                k.pods().inNamespace("node-check").withName("box").waitUntilReady(60, TimeUnit.SECONDS);
                k.pods().inNamespace("node-check").withName("web").waitUntilReady(60, TimeUnit.SECONDS);
            }
            Process p = new ProcessBuilder("node", NODE_DIR.resolve("client-node-check.mjs").toString(), kubeconfig.toString(), "kind-cluster1",
                    "node-check").directory(NODE_DIR.toFile()).start();
            String out;
            String err;
            try {
                p.getOutputStream().close();
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            assertThat(p.exitValue()).as("node said: %s %s", out, err).isZero();
            JsonNode r = JsonMapper.builder().build().readTree(out);
            assertThat(r.path("listed").toString()).contains("\"from-node\"", "\"kube-root-ca.crt\"");
            assertThat(r.path("patched").path("a").asString()).isEqualTo("1");
            assertThat(r.path("patched").path("b").asString()).isEqualTo("2");
            assertThat(r.path("watched").toString()).contains("ADDED watched");
            assertThat(r.path("exec").path("stdout").asString()).isEqualTo("from-node on box\n");
            assertThat(r.path("exec").path("stderr").asString()).isEqualTo("oops\n");
            assertThat(r.path("exec").path("status").asString()).isEqualTo("Failure");
            assertThat(r.path("exec").path("reason").asString()).isEqualTo("NonZeroExitCode");
            assertThat(r.path("exec").path("code").asString()).isEqualTo("3");
            assertThat(r.path("portForward").path("status").asInt()).isEqualTo(200);
            assertThat(r.path("portForward").path("nginx").asBoolean()).isTrue();
        }
    }

    /** The pinned package under target/client-node, installed once (npm) unless .ci/run already did. */
    private static void install() throws Exception {
        Files.createDirectories(NODE_DIR);
        Path source = Path.of("src", "test", "node");
        Files.copy(source.resolve("package.json"), NODE_DIR.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(source.resolve("client-node-check.mjs"), NODE_DIR.resolve("client-node-check.mjs"), StandardCopyOption.REPLACE_EXISTING);
        if (Files.isDirectory(NODE_DIR.resolve("node_modules/@kubernetes/client-node"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error").directory(NODE_DIR.toFile())
                .redirectErrorStream(true).start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(npm.exitValue()).as("npm install of @kubernetes/client-node: %s", log).isZero();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
