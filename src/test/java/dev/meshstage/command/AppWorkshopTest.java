package dev.meshstage.command;

import dev.meshstage.support.Kubectls;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The workshop's contract scenario on the sim, through the shell like a learner: clusters → lb → mesh → link →
 * app ×2, then the final state checked from the outside through fabric8, kubectl (the README's verification
 * commands) and HTTP through {@code app open}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppWorkshopTest {

    private static final List<String> CLUSTER1_APP = List.of("auth", "cart", "frontend", "notification", "order", "postgres",
            "rabbitmq", "redis");

    private Path tmp;
    private EmbeddedShell shell;
    private Path home;

    @BeforeAll
    void workshop(@TempDir Path dir) {
        tmp = dir;
        home = tmp.resolve("home");
        shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home);
        ok("cluster create --all");
        EmbeddedShell.Result early = shell.run("app deploy");
        assertThat(early.ok()).isFalse();
        assertThat(early.lines()).last().asString().startsWith("error: 'app deploy' needs cluster1 to have reached 'clusters linked'");
        ok("lb install");
        ok("mesh install");
        EmbeddedShell.Result notLinked = shell.run("app deploy");
        assertThat(notLinked.lines()).last().asString().contains("run 'mesh link' first");
        ok("mesh link");
        EmbeddedShell.Result deploy = ok("app deploy");
        assertThat(deploy.lines()).first().isEqualTo("cluster1: applied sample-app/");
        assertThat(deploy.lines()).contains("  deployment.apps/auth created", "  virtualservice.networking.istio.io/simple-buy-routes created");
        assertThat(deploy.lines()).last().asString().startsWith("next: app deploy --cluster cluster2 — the part of Simple Buy that runs in cluster2");
        EmbeddedShell.Result product = ok("app deploy --cluster 2 product");
        assertThat(product.lines()).contains("  deployment.apps/product created", "  service/postgres created",
                "  service/rabbitmq created");
        assertThat(product.lines()).anyMatch(l -> l.matches("product +Deployment +1/1 +Running +istio-proxy +sayedimran/simple-buy-product:v1.0.0"));
    }

    @AfterAll
    void close() {
        if (shell != null) {
            shell.close();
        }
    }

    private EmbeddedShell.Result ok(String command) {
        EmbeddedShell.Result r = shell.run(command);
        assertThat(r.ok()).as(command + ":\n" + String.join("\n", r.lines())).isTrue();
        return r;
    }

    private KubernetesClient client(String cluster) throws IOException {
        Path kubeconfig = home.resolve("kubeconfig");
        Config config = Config.fromKubeconfig("kind-" + cluster, Files.readString(kubeconfig), kubeconfig.toString());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Test
    void everyWorkloadRunsReadyWithItsSidecarAndProductOnlyInCluster2() throws IOException {
        try (KubernetesClient c1 = client("cluster1"); KubernetesClient c2 = client("cluster2")) {
            List<Pod> pods1 = c1.pods().inNamespace("simple-buy").list().getItems();
            List<Pod> pods2 = c2.pods().inNamespace("simple-buy").list().getItems();
            assertThat(pods1.stream().map(p -> p.getMetadata().getLabels().get("app")).sorted().toList()).isEqualTo(CLUSTER1_APP);
            assertThat(pods2.stream().map(p -> p.getMetadata().getLabels().get("app")).toList()).containsExactly("product");
            for (Pod p : concat(pods1, pods2)) {
                String name = p.getMetadata().getName();
                assertThat(p.getStatus().getPhase()).as(name).isEqualTo("Running");
                assertThat(p.getStatus().getConditions()).as(name)
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
                assertThat(p.getSpec().getContainers().stream().map(c -> c.getName()).toList()).as(name).hasSize(2).contains("istio-proxy");
                assertThat(p.getStatus().getContainerStatuses()).as(name).hasSize(2).allMatch(s -> s.getReady());
            }
            assertThat(c1.apps().deployments().inNamespace("simple-buy").withName("product").get()).isNull();
            assertThat(c1.services().inNamespace("simple-buy").withName("product").get()).as("product's Service stays in cluster1")
                    .isNotNull();
            assertThat(c1.discovery().v1().endpointSlices().inNamespace("simple-buy").withLabel("kubernetes.io/service-name", "auth")
                    .list().getItems()).flatMap(s -> s.getEndpoints()).hasSize(1);
        }
    }

    @Test
    void statusShowsWorkloadsByClusterWithSidecars() {
        List<String> lines = ok("app status").lines();
        assertThat(lines.get(0)).matches("CLUSTER +WORKLOAD +KIND +READY +CONTAINERS +RESTARTS +STATUS +SIDECAR +IMAGE");
        assertThat(lines).hasSize(1 + CLUSTER1_APP.size() + 1);
        assertThat(lines).anyMatch(l -> l.matches("cluster2 +product +Deployment +1/1 +2/2 +0 +Running +istio-proxy .*"));
        assertThat(lines).anyMatch(l -> l.matches("cluster1 +rabbitmq +StatefulSet +1/1 +2/2 +0 +Running +istio-proxy +rabbitmq:3-management-alpine"));
        assertThat(String.join("\n", ok("app status --json").lines())).contains("\"sidecar\" : true", "\"cluster\" : \"cluster2\"");
    }

    @Test
    void deployingTwiceChangesNothing() {
        List<String> again = ok("app deploy").lines();
        assertThat(again.get(0)).as(String.join("\n", again)).isEqualTo("cluster1: nothing changed (24 objects of sample-app/ unchanged)");
        assertThat(ok("app deploy --cluster 2").lines().get(0))
                .isEqualTo("cluster2: nothing changed (7 objects of cluster2-manifests/ unchanged)");
    }

    @Test
    void unknownServiceIsOneLineNamingTheServices() {
        EmbeddedShell.Result r = shell.run("app deploy nope");
        assertThat(r.ok()).isFalse();
        assertThat(r.lines()).containsExactly("error: unknown service 'nope' for cluster1: its manifests (sample-app/) have auth, "
                + "cart, frontend, notification, order, postgres, rabbitmq, redis (app deploy goes to cluster1, the app's home, "
                + "unless --cluster names another)");
    }

    @Test
    void urlNamesTheGatewayIpAndTheNodePortMapping() {
        assertThat(ok("app url").lines()).containsExactly(
                "ingress gateway of cluster1 (istio-system/istio-ingressgateway, port 80)",
                "  load balancer   http://172.18.255.1/   (GATEWAY_IP: reachable from the node network)",
                "  node port       http://localhost:8081/   (kind extraPortMappings for nodePort 30000)",
                "next: app open [--port 8080] to reach it on http://127.0.0.1:8080/ from this machine");
    }

    @Test
    void openServesTheRoutesOfTheVirtualServiceAcrossNetworks() throws Exception {
        int port = freePort();
        ok("app open --port " + port);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> products = get(http, port, "/api/products");
            assertThat(products.statusCode()).as(products.body()).isEqualTo(200);
            assertThat(products.headers().firstValue("server")).hasValue("istio-envoy");
            assertThat(products.body()).contains("\"route\" : \"simple-buy-routes/products\"", "\"cluster\" : \"cluster2\"",
                    "\"pod\" : \"product-", "ingress (cluster1) → product.simple-buy (cluster2, via east-west gateway 172.18.255.102:15443)");
            try (KubernetesClient c2 = client("cluster2")) {
                Pod product = c2.pods().inNamespace("simple-buy").withLabel("app", "product").list().getItems().get(0);
                assertThat(c2.pods().inNamespace("simple-buy").withName(product.getMetadata().getName()).inContainer("product")
                        .getLog()).as("the request shows in the serving pod's log")
                        .contains("\"path\": \"/api/products\", \"status\": 200, \"via\": \"east-west gateway 172.18.255.102:15443\"");
            }
            HttpResponse<String> home = get(http, port, "/");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("served by <b>frontend-", "in <b>cluster1</b>", "simple-buy-routes/frontend");
            HttpResponse<String> login = get(http, port, "/api/auth/login");
            assertThat(login.body()).contains("\"route\" : \"simple-buy-routes/auth\"", "ingress (cluster1) → auth.simple-buy (cluster1)");
            assertThat(ok("app url").lines()).contains("  open            http://127.0.0.1:" + port + "/   (app open, while this shell runs)");

            EmbeddedShell.Result twice = shell.run("app open --port " + port);
            assertThat(twice.lines()).last().asString().startsWith("error: the ingress gateway is already open on http://127.0.0.1:" + port);
        } finally {
            assertThat(ok("app close").lines()).containsExactly("closed http://127.0.0.1:" + port + "/");
        }
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            EmbeddedShell.Result r = shell.run("app open --port " + busy.getLocalPort());
            assertThat(r.lines()).containsExactly("error: port " + busy.getLocalPort() + " is already in use on this machine: "
                    + "pick another with 'app open --port " + (busy.getLocalPort() + 1) + "'");
        }
    }

    @Test
    void noReadyEndpointsAnywhereIsEnvoysNoHealthyUpstream() throws Exception {
        int port = freePort();
        ok("app open --port " + port);
        try (KubernetesClient c2 = client("cluster2")) {
            c2.apps().deployments().inNamespace("simple-buy").withName("product").scale(0);
            HttpResponse<String> r = get(HttpClient.newHttpClient(), port, "/api/categories");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("no healthy upstream");
        } finally {
            ok("app close");
            try (KubernetesClient c2 = client("cluster2")) {
                c2.apps().deployments().inNamespace("simple-buy").withName("product").scale(1);
            }
        }
    }

    @Test
    void readmeVerificationCommandsWorkWithKubectl() throws Exception {
        List<String> kubectls = Kubectls.oldestAndNewest();
        assumeFalse(kubectls.isEmpty(), "no kubectl on this machine");
        String kubectl = kubectls.get(kubectls.size() - 1);
        Path kubeconfig = home.resolve("kubeconfig");
        Path cache = tmp.resolve("kube-cache");
        String pods1 = Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-n", "simple-buy", "--context=kind-cluster1").ok().out();
        assertThat(pods1.lines().filter(l -> l.matches("\\S+ +2/2 +Running +0 +.*")).count()).isEqualTo(CLUSTER1_APP.size());
        String pods2 = Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-n", "simple-buy", "--context=kind-cluster2").ok().out();
        assertThat(pods2).containsPattern("product-\\S+ +2/2 +Running");
        for (String context : List.of("kind-cluster1", "kind-cluster2")) {
            String istio = Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-n", "istio-system", "--context=" + context).ok().out();
            assertThat(istio).containsPattern("istiod-\\S+ +1/1 +Running").containsPattern("istio-ingressgateway-\\S+ +1/1 +Running");
        }
        String gatewayIp = Kubectls.run(kubectl, kubeconfig, cache, "get", "svc", "istio-ingressgateway", "-n", "istio-system",
                "--context=kind-cluster1", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}").ok().out();
        assertThat(gatewayIp).isEqualTo("172.18.255.1");
        String logs = Kubectls.run(kubectl, kubeconfig, cache, "logs", "-n", "simple-buy", "-l", "app=auth",
                "--context=kind-cluster1", "--tail=50").ok().out();
        assertThat(logs).contains("auth-service starting",
                "connected to postgres\t{\"url\": \"postgres://simplebuy:***@postgres.simple-buy:5432/auth_db?sslmode=disable\", "
                        + "\"database\": \"auth_db\"}",
                "HTTP server listening\t{\"addr\": \":8081\"}", "\"path\": \"/health\", \"status\": 200");
        String productLogs = Kubectls.run(kubectl, kubeconfig, cache, "logs", "-n", "simple-buy", "-l", "app=product",
                "--context=kind-cluster2", "--tail=50").ok().out();
        assertThat(productLogs).contains("product-service starting",
                "connected to rabbitmq\t{\"url\": \"amqp://guest:***@rabbitmq.simple-buy:5672/\"}");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
