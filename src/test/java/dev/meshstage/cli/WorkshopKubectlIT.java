package dev.meshstage.cli;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.support.Kubectls;
import dev.meshstage.support.Workshops;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kubectl as an independent client of the simulated clusters, through the kubeconfig the shell writes —
 * the workshop README's own verification commands and a Deployment + Service applied by hand.
 */
class WorkshopKubectlIT {

    @TempDir
    static Path home;
    static EmbeddedShell shell;

    @BeforeAll
    static void clusters() {
        shell = Workshops.after(home, "cluster create --all");
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    private static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop-%1$s
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop-%1$s
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web, tier: front}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:alpine
                    ports: [{containerPort: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop-%1$s
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 80}]
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.meshstage.support.Kubectls#parameters")
    void theReadmesCommandsAndAnAppliedAppWork(String kubectl, @TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(kubectl.isEmpty(), "no kubectl binary on this machine");
        Path kubeconfig = home.resolve("kubeconfig");
        Path cache = tmp.resolve("cache");
        String v = kubectl.replaceAll(".*kubectl\\.?", "").replace(".", "");

        String nodes = Kubectls.run(kubectl, kubeconfig, cache, "get", "nodes", "--context=kind-cluster1").ok().out();
        assertThat(nodes).containsPattern("cluster1-control-plane\\s+Ready\\s+control-plane")
                .containsPattern("cluster1-worker\\s+Ready").containsPattern("cluster1-worker2\\s+Ready");

        String kubeSystem = Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-n", "kube-system",
                "--context=kind-cluster1").ok().out();
        assertThat(kubeSystem).containsPattern("coredns-\\S+\\s+1/1\\s+Running").contains("etcd-cluster1-control-plane");

        String wide = Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-A", "-o", "wide", "--context=kind-cluster2").ok().out();
        assertThat(wide).containsPattern("NAMESPACE\\s+NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE")
                .containsPattern("coredns-\\S+\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+10\\.245\\.\\d+\\.\\d+\\s+cluster2-worker");

        for (String[] c : new String[][] {{"kind-cluster1", "10\\.244\\.", "10\\.96\\."}, {"kind-cluster2", "10\\.245\\.", "10\\.97\\."}}) {
            Path file = tmp.resolve(c[0] + ".yaml");
            Files.writeString(file, APP.formatted(v));
            assertThat(Kubectls.run(kubectl, kubeconfig, cache, "apply", "-f", file.toString(), "--context=" + c[0]).ok().out())
                    .contains("deployment.apps/web created", "service/web created");
            String pods = Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-n", "shop-" + v, "-o", "wide",
                    "-l", "app in (web,db)", "--context=" + c[0]).ok().out();
            assertThat(pods.lines().filter(l -> l.matches("web-\\S+\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+" + c[1] + "\\d+\\.\\d+\\s+.*")))
                    .as(pods).hasSize(2);
            String svc = Kubectls.run(kubectl, kubeconfig, cache, "get", "svc", "web", "-n", "shop-" + v,
                    "-o", "jsonpath={.spec.clusterIP}", "--context=" + c[0]).ok().out();
            assertThat(svc).matches(c[2] + "\\d+\\.\\d+");
            assertThat(Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-n", "shop-" + v, "-l", "app notin (web)",
                    "--context=" + c[0]).out() + Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-n", "shop-" + v,
                    "-l", "app notin (web)", "--context=" + c[0]).err()).contains("No resources found");
            assertThat(Kubectls.run(kubectl, kubeconfig, cache, "delete", "-f", file.toString(), "--context=" + c[0]).ok().out())
                    .contains("deployment.apps \"web\" deleted");
            assertThat(Kubectls.run(kubectl, kubeconfig, cache, "get", "ns", "shop-" + v, "--context=" + c[0]).exit()).isNotZero();
        }
    }
}
