package dev.meshstage.cli;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.support.KubectlRuns;
import dev.meshstage.support.Workshops;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workshop on the sim, then what its README and a troubleshooting session do with kubectl: the "Access
 * Application UI" step ({@code port-forward svc/istio-ingressgateway} and HTTP through it), Envoy's admin on 15000
 * of a sidecar, istiod's debug endpoints on 15014 (what {@code istioctl proxy-config}/{@code remote-clusters}
 * read), and {@code pilot-agent request} in the proxy container.
 */
class WorkshopPortForwardIT {

    @TempDir
    static Path home;
    static EmbeddedShell shell;

    @BeforeAll
    static void workshop() {
        shell = Workshops.full(home);
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    private static KubectlRuns.Run kubectl(String kubectl, Path cache, String... args) throws Exception {
        return KubectlRuns.run(kubectl, home.resolve("kubeconfig"), cache, "kind-cluster1", "", args);
    }

    private static String forward(String kubectl, Path cache, String ns, String target, String port, String path) throws Exception {
        return KubectlRuns.throughPortForward(kubectl, home.resolve("kubeconfig"), cache, "kind-cluster1", ns, target, port, path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.meshstage.support.Kubectls#parameters")
    void theGatewayEnvoyAndIstiodAnswerThroughPortForward(String kubectl, @TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(kubectl.isEmpty(), "no kubectl binary on this machine");
        Path cache = tmp.resolve("cache");

        assertThat(forward(kubectl, cache, "istio-system", "svc/istio-ingressgateway", "80", "/"))
                .startsWith("200 ").contains("Simple Buy");
        assertThat(forward(kubectl, cache, "istio-system", "svc/istio-ingressgateway", "80", "/api/products"))
                .startsWith("200 ").contains("\"cluster\" : \"cluster2\"").contains("east-west gateway");

        String auth = kubectl(kubectl, cache, "get", "pods", "-n", "simple-buy", "-l", "app=auth", "-o", "jsonpath={.items[0].metadata.name}").out();
        assertThat(auth).startsWith("auth-");
        String clusters = forward(kubectl, cache, "simple-buy", "pod/" + auth, "15000", "/clusters");
        assertThat(clusters).startsWith("200 ").contains("outbound|8082||product.simple-buy.svc.cluster.local::")
                .contains("::health_flags::healthy");
        assertThat(forward(kubectl, cache, "simple-buy", "pod/" + auth, "15000", "/config_dump"))
                .contains("type.googleapis.com/envoy.admin.v3.ClustersConfigDump").doesNotContain("PRIVATE KEY");

        assertThat(forward(kubectl, cache, "istio-system", "deploy/istiod", "15014", "/debug/clusterz"))
                .startsWith("200 ").contains("\"ID\" : \"cluster2\"").contains("\"SyncStatus\" : \"synced\"");
        assertThat(forward(kubectl, cache, "istio-system", "deploy/istiod", "15014", "/debug/syncz"))
                .contains("\"proxy\" : \"" + auth + ".simple-buy\"");
        assertThat(forward(kubectl, cache, "istio-system", "deploy/istiod", "15014", "/debug/endpointShardz"))
                .contains("product.simple-buy.svc.cluster.local").contains("Kubernetes/cluster2");

        KubectlRuns.Run agent = kubectl(kubectl, cache, "exec", "-n", "simple-buy", auth, "-c", "istio-proxy", "--",
                "pilot-agent", "request", "GET", "clusters");
        assertThat(agent.exit()).as(agent.err()).isZero();
        assertThat(agent.out()).contains("outbound|8082||product.simple-buy.svc.cluster.local::");
        KubectlRuns.Run curl = kubectl(kubectl, cache, "exec", "-n", "simple-buy", auth, "-c", "auth", "--",
                "sh", "-c", "nslookup product >/dev/null && curl -s -o /dev/null -w '%{http_code}' http://product:8082/api/products");
        assertThat(curl.out()).as(curl.err()).isEqualTo("200");
    }
}
