package dev.meshstage.step;

import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.sim.SimBackend;
import dev.meshstage.backend.sim.controller.IstiodController;
import dev.meshstage.pki.TrustCheck;
import dev.meshstage.pki.WorkloadCertificate;
import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.pki.RemoteSecret;
import dev.meshstage.session.Session;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps 3 and 4 on the sim through the shell, after the sim's MetalLB (lb install); checked
 * by independent judges where there are some (openssl for the CA files, kubectl for the remote secret).
 */
class MeshStepsIT {

    @TempDir
    Path home;

    @Test
    void meshInstallBeforeTheLoadBalancerSaysWhatToRunFirst() {
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home)) {
            shell.run("cluster create --all");
            EmbeddedShell.Result r = shell.run("mesh install");
            assertThat(r.ok()).isFalse();
            assertThat(r.lines()).last().asString().isEqualTo("error: 'mesh install' needs cluster1 to have reached "
                    + "'MetalLB installed', but it is at 'cluster created': run 'lb install' first");
            assertThat(shell.run("mesh link").lines()).last().asString().contains("run 'lb install' first");
        }
    }

    @Test
    void caInstallLinkStatusAndEachStepAgain() throws Exception {
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home)) {
            assertThat(shell.run("cluster create --all").ok()).isTrue();
            EmbeddedShell.Result lb = shell.run("lb install");
            assertThat(lb.ok()).as(String.join("\n", lb.lines())).isTrue();
            SimBackend sim = (SimBackend) shell.bean(Session.class).backend();
            Session session = shell.bean(Session.class);

            // mesh ca: files openssl accepts, then already done
            EmbeddedShell.Result ca = shell.run("mesh ca");
            assertThat(ca.ok()).as(String.join("\n", ca.lines())).isTrue();
            assertThat(ca.lines().get(1)).startsWith("cluster1: cacerts installed in istio-system (intermediate ");
            opensslVerifies(home.resolve("pki/mesh"));
            assertThat(shell.run("mesh ca").lines()).anyMatch(l -> l.startsWith("cluster2: cacerts already installed"));

            // mesh install, twice
            EmbeddedShell.Result install = shell.run("mesh install");
            assertThat(install.ok()).as(String.join("\n", install.lines())).isTrue();
            assertThat(install.lines()).contains("  east-west gateway 172.18.255.102:15443 (network network2)",
                    "next: mesh link — " + dev.meshstage.workflow.Step.LINKED.why());
            assertThat(shell.run("mesh install").lines()).contains("cluster1: already installed", "cluster2: already installed");
            KubernetesClient c1 = session.client("cluster1");
            assertThat(c1.services().inNamespace("istio-system").withName("istio-ingressgateway").get()
                    .getStatus().getLoadBalancer().getIngress().get(0).getIp()).isEqualTo("172.18.255.1");

            // injection: 2/2 with the network, and an identity from cluster1's intermediate under the shared root
            sidecarInjected(c1);
            IstiodController istiod = sim.cluster("cluster1").runtime().controller(IstiodController.class);
            assertThat(istiod.caSource()).isEqualTo("cacerts");
            WorkloadCertificate id = istiod.identity("sample", "curl");
            assertThat(id.spiffeId()).isEqualTo("spiffe://cluster.local/ns/sample/sa/default");
            // at the sim's (virtual) time of issue: the certificate lives 24 hours from then
            assertThat(TrustCheck.verify(id.chain(), dev.meshstage.pki.Pem.certificate(
                    Files.readString(home.resolve("pki/mesh/root-cert.pem")), "root"),
                    id.certificate().getNotBefore().toInstant().plusSeconds(60)).reason()).isEqualTo("ok");

            // mesh link, twice
            EmbeddedShell.Result link = shell.run("mesh link");
            assertThat(link.ok()).as(String.join("\n", link.lines())).isTrue();
            assertThat(link.lines().get(0)).startsWith("cluster1: secret/istio-remote-secret-cluster2 created; istiod: cluster2 synced");
            assertThat(shell.run("mesh link").lines()).contains("cluster1: already linked", "cluster2: already linked");

            // the remote secret's kubeconfig works with kubectl against the other cluster; a tampered one does not
            kubectlWithRemoteSecret(c1);

            // mesh status
            List<String> status = shell.run("mesh status").lines();
            assertThat(status).contains("trust: one root of trust in every cluster; intermediates differ per cluster",
                    "  east-west gw   172.18.255.2:15443");
            assertThat(status).anyMatch(l -> l.matches("cluster2 +cluster1 +istio-system/istio-remote-secret-cluster1 +synced +istiod-.*"));

            // istiod reports a broken remote secret: refused token (401), then nobody listening
            brokenSecrets(sim, c1);

            // rotation: new root everywhere, istiod and gateways restarted, still one root
            EmbeddedShell.Result rotate = shell.run("mesh ca --rotate");
            assertThat(rotate.ok()).as(String.join("\n", rotate.lines())).isTrue();
            // the gateways; the bare curl pod is no workload and keeps its certificate until it is recreated
            assertThat(rotate.lines()).contains("  restarted istiod, then 2 workloads with sidecars so they get certificates "
                    + "from the new CA: deployment/istio-system/istio-eastwestgateway, deployment/istio-system/istio-ingressgateway",
                    "next: app deploy — " + dev.meshstage.workflow.Step.APP.why());
            assertThat(shell.run("mesh status").lines()).contains(
                    "trust: one root of trust in every cluster; intermediates differ per cluster");
            assertThat(sim.cluster("cluster1").runtime().errors()).isEmpty();
        }
    }

    private static void opensslVerifies(Path dir) throws Exception {
        Assumptions.assumeTrue(run(dir, "openssl", "version").startsWith("OK"), "no openssl");
        for (String c : List.of("cluster1", "cluster2")) {
            String out = run(dir, "openssl", "verify", "-CAfile", "root-cert.pem", "-untrusted", c + "/ca-cert.pem",
                    c + "/ca-cert.pem");
            assertThat(out).isEqualTo("OK " + c + "/ca-cert.pem: OK");
        }
        // and the other way round fails: cluster1's intermediate is no root
        assertThat(run(dir, "openssl", "verify", "-CAfile", "cluster1/ca-cert.pem", "cluster2/ca-cert.pem")).startsWith("FAIL");
    }

    private static void sidecarInjected(KubernetesClient c) {
        c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sample")
                .addToLabels("istio-injection", "enabled").endMetadata().build()).create();
        c.pods().inNamespace("sample").resource(new PodBuilder().withNewMetadata().withName("curl")
                .addToLabels("app", "curl").endMetadata().withNewSpec().addNewContainer().withName("curl")
                .withImage("curlimages/curl:8.16.0").withCommand("sleep", "3650d").endContainer().endSpec().build()).create();
        Pod pod = c.pods().inNamespace("sample").withName("curl").get();
        assertThat(pod.getSpec().getContainers()).extracting(x -> x.getName()).containsExactly("curl", "istio-proxy");
        assertThat(pod.getSpec().getInitContainers()).extracting(x -> x.getName()).containsExactly("istio-init");
        assertThat(pod.getStatus().getContainerStatuses()).allMatch(s -> Boolean.TRUE.equals(s.getReady()));
        assertThat(pod.getMetadata().getLabels()).containsEntry("topology.istio.io/network", "network1")
                .containsEntry("security.istio.io/tlsMode", "istio").containsEntry("service.istio.io/canonical-name", "curl");
        assertThat(pod.getMetadata().getAnnotations()).containsKey("sidecar.istio.io/status");
        assertThat(pod.getSpec().getContainers().get(1).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("ISTIO_META_NETWORK", "network1"),
                        org.assertj.core.groups.Tuple.tuple("ISTIO_META_CLUSTER_ID", "cluster1"),
                        org.assertj.core.groups.Tuple.tuple("ISTIO_META_MESH_ID", "mesh1"));
        assertThat(c.configMaps().inNamespace("sample").withName("istio-ca-root-cert").get()).isNotNull();
        // opting out
        c.pods().inNamespace("sample").resource(new PodBuilder().withNewMetadata().withName("plain")
                .addToLabels("sidecar.istio.io/inject", "false").endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        assertThat(c.pods().inNamespace("sample").withName("plain").get().getSpec().getContainers()).hasSize(1);
    }

    private void kubectlWithRemoteSecret(KubernetesClient c1) throws Exception {
        Secret s = c1.secrets().inNamespace("istio-system").withName("istio-remote-secret-cluster2").get();
        String kubeconfig = new String(Base64.getDecoder().decode(s.getData().get("cluster2")), StandardCharsets.UTF_8);
        Path file = home.resolve("extracted-kubeconfig");
        Files.writeString(file, kubeconfig);
        Assumptions.assumeTrue(run(home, "kubectl", "version", "--client").startsWith("OK"), "no kubectl");
        String ok = run(home, "kubectl", "--kubeconfig", file.toString(), "get", "svc", "-A");
        assertThat(ok).startsWith("OK").contains("istio-eastwestgateway").contains("172.18.255.102");
        String token = kubeconfig.lines().filter(l -> l.strip().startsWith("token:")).findFirst().orElseThrow().strip();
        Files.writeString(file, kubeconfig.replace(token, token.substring(0, token.length() - 4) + "AAAA"));
        String refused = run(home, "kubectl", "--kubeconfig", file.toString(), "get", "svc", "-A");
        assertThat(refused).startsWith("FAIL").contains("Unauthorized");
    }

    private static void brokenSecrets(SimBackend sim, KubernetesClient c1) {
        Secret good = c1.secrets().inNamespace("istio-system").withName("istio-remote-secret-cluster2").get();
        String kubeconfig = new String(Base64.getDecoder().decode(good.getData().get("cluster2")), StandardCharsets.UTF_8);
        String token = kubeconfig.lines().filter(l -> l.strip().startsWith("token:")).findFirst().orElseThrow().strip();
        apply(c1, "broken-token", kubeconfig.replace(token, "token: not-the-token"));
        String port = kubeconfig.replaceAll("(?s).*server: https://127.0.0.1:(\\d+).*", "$1");
        apply(c1, "broken-address", kubeconfig.replace("127.0.0.1:" + port, "127.0.0.1:1"));
        List<RemoteClusterStatus> rows = awaitFinal(sim, 2);
        RemoteClusterStatus badToken = rows.stream().filter(r -> r.name().equals("broken-token")).findFirst().orElseThrow();
        assertThat(badToken.status()).isEqualTo("timeout");
        assertThat(badToken.message()).contains("Unauthorized").contains("401");
        RemoteClusterStatus badAddress = rows.stream().filter(r -> r.name().equals("broken-address")).findFirst().orElseThrow();
        assertThat(badAddress.status()).isEqualTo("timeout");
        assertThat(badAddress.message()).isEqualTo("dial tcp 127.0.0.1:1: connect: connection refused");
        String logs = c1.apps().deployments().inNamespace("istio-system").withName("istiod").getLog();
        assertThat(logs).contains("processing secret event for secret istio-system/istio-remote-secret-broken-token",
                "Initializing Kubernetes service registry \"broken-token\"", "remote cluster broken-token failed to sync after 30s");
        c1.secrets().inNamespace("istio-system").withName(RemoteSecret.secretName("broken-token")).delete();
        c1.secrets().inNamespace("istio-system").withName(RemoteSecret.secretName("broken-address")).delete();
    }

    /** A remote secret as create-remote-secret shapes it, holding the given kubeconfig (renamed to the cluster). */
    private static void apply(KubernetesClient c, String cluster, String kubeconfig) {
        c.secrets().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName(RemoteSecret.secretName(cluster))
                .addToLabels(RemoteSecret.MULTICLUSTER_LABEL, "true").addToAnnotations(RemoteSecret.CLUSTER_ANNOTATION, cluster)
                .endMetadata().addToStringData(cluster, kubeconfig.replace("cluster2", cluster)).build()).create();
    }

    private static List<RemoteClusterStatus> awaitFinal(SimBackend sim, int broken) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            List<RemoteClusterStatus> rows = sim.remoteClusters("cluster1");
            if (rows.stream().filter(r -> r.status().equals("timeout")).count() == broken
                    || System.currentTimeMillis() > deadline) {
                return rows;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** "OK output" or "FAIL output" of a process, stdout and stderr together. */
    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "MISSING " + e.getMessage();
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        return (p.exitValue() == 0 ? "OK " : "FAIL ") + out;
    }
}
