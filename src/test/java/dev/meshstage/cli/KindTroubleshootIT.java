package dev.meshstage.cli;

import dev.meshstage.backend.kind.StandinTools;
import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.session.Session;
import dev.meshstage.support.MeshstageProcess;
import dev.meshstage.support.TmuxShell;
import dev.meshstage.support.Workshops;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The troubleshooting commands on the kind backend, through the real jar with stand-in docker/kind/istioctl: the
 * "kind clusters" are real API servers (a whole workshop on the sim, in this test's JVM) reached through the kind
 * home's kubeconfig, so trace reads them through the Kubernetes API exactly as on real kind clusters; istiod's view
 * comes from the stand-in {@code istioctl remote-clusters}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KindTroubleshootIT {

    private Path tmp;
    private EmbeddedShell sim;
    private StandinTools tools;
    private Path kindHome;

    @BeforeAll
    void clusters(@TempDir Path dir) throws Exception {
        tmp = dir;
        sim = Workshops.full(tmp.resolve("sim-home"));
        tools = StandinTools.installAll(tmp.resolve("tools"));
        kindHome = tmp.resolve("kind-home");
        Files.createDirectories(kindHome);
        Files.copy(tmp.resolve("sim-home").resolve("kubeconfig"), kindHome.resolve("kubeconfig"));
        Files.createDirectories(tools.state.resolve("kind"));
        for (String c : List.of("cluster1", "cluster2")) {
            Files.writeString(tools.state.resolve("kind").resolve(c), "6443\n");
        }
        remoteClusters("cluster1", "cluster2", "synced");
        remoteClusters("cluster2", "cluster1", "synced");
    }

    /** What the stand-in istioctl answers for {@code remote-clusters --context kind-<from>}. */
    private void remoteClusters(String from, String other, String status) throws Exception {
        String table = "NAME         SECRET                                        STATUS      ISTIOD\n"
                + from + "                                                   synced      istiod-7b74b9d8f-x2x9q\n"
                + (status == null ? "" : other + "     istio-system/istio-remote-secret-" + other + "     " + status
                        + "      istiod-7b74b9d8f-x2x9q\n");
        Files.writeString(tools.state.resolve("remote-clusters-kind-" + from), table);
    }

    @AfterAll
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    private MeshstageProcess.Result kind(String... command) throws Exception {
        String[] args = new String[command.length + 2];
        args[0] = "--backend";
        args[1] = "kind";
        System.arraycopy(command, 0, args, 2, command.length);
        return MeshstageProcess.run(kindHome, Path.of("").toAbsolutePath(), tools.environment(), args);
    }

    @Test
    void traceReadsTheClustersThroughTheApiAndFindsTheBrokenHop() throws Exception {
        var healthy = kind("trace", "cart", "product");
        assertThat(healthy.exitCode()).as(healthy.stderr() + healthy.stdout()).isZero();
        assertThat(healthy.stdout()).contains("cart (cluster1, pod cart-").contains("outbound|9082||product.simple-buy.svc.cluster.local")
                .contains("172.18.255.102:15443   1        cluster2   network2   east-west gateway").contains("path: ok");
        assertThat(tools.calls()).anyMatch(c -> c.startsWith("istioctl remote-clusters --context kind-cluster1"));
        // the real request, by exec through the API (the sim's container runtime answers it as the pods' would), and
        // cart's Envoy has exactly the endpoints the routing rule computes: cluster2's gateway, not its pod IP
        assertThat(healthy.stdout()).contains("request (sent now): 200\n")
                .contains("sidecar's endpoints (pilot-agent request GET clusters): 172.18.255.102:15443 — as computed\n")
                .doesNotContain("note:");
        assertThat(tools.calls()).noneMatch(c -> c.startsWith("docker exec"));

        // istiod in cluster1 loses cluster2: its remote secret deleted, as a person with kubectl would
        sim.bean(Session.class).client("cluster1").secrets().inNamespace("istio-system").withName("istio-remote-secret-cluster2").delete();
        remoteClusters("cluster1", "cluster2", null);
        var broken = kind("trace", "cart", "product");
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.stdout()).as(broken.stdout()).contains("broken at hop 5 (endpoint in cluster1)").contains("  fix: mesh link")
                // the request fails as the path says, and cart's Envoy has lost cluster2's gateway as computed
                .contains("request (sent now): 503\n")
                .contains("sidecar's endpoints (pilot-agent request GET clusters): none — as computed\n").doesNotContain("note:");
        assertThat(broken.stderr().strip()).startsWith("error: the path from cart to product is broken").doesNotContain("Exception");

        var unknown = kind("trace", "nosuch", "product");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr().strip().lines()).singleElement().asString().contains("no workload 'nosuch'").contains("cart");
    }

    @Test
    void dashboardOnceShowsEveryKindClusterFromItsApi() throws Exception {
        var both = kind("dashboard", "--once", "--width", "160");
        assertThat(both.exitCode()).as(both.stderr() + both.stdout()).isZero();
        List<String> lines = both.stdout().lines().toList();
        assertThat(lines.get(0)).startsWith(" meshstage dashboard");
        assertThat(lines.get(1)).contains("cluster1  kind-cluster1  nodes 3/3").contains("cluster2  kind-cluster2  nodes 3/3");
        // the mesh as each cluster's istiod sees it: cluster2's view of cluster1 comes from the stand-in istioctl
        assertThat(lines.get(2)).contains("istiod ✔  east-west 172.18.255.").contains("cluster1 ✔");
        assertThat(both.stdout()).contains("simple-buy").contains("istio-system").contains("✔ Running").doesNotContain("not answering");
        assertThat(lines).anyMatch(l -> l.contains("cart-") && l.contains("│") && l.indexOf("cart-") < l.indexOf('│'))
                .anyMatch(l -> l.contains("product-") && l.indexOf("product-") > l.indexOf('│'));
        assertThat(both.stderr()).doesNotContain("Exception");

        var one = kind("dashboard", "--once", "--cluster", "cluster2", "--width", "100");
        assertThat(one.exitCode()).as(one.stderr() + one.stdout()).isZero();
        assertThat(one.stdout()).contains("cluster2  kind-cluster2").doesNotContain("kind-cluster1").contains("product-");
    }

    @Test
    void theLiveDashboardOnKindShowsAChangeAndQGivesThePromptBack() throws Exception {
        Assumptions.assumeTrue(TmuxShell.available(), "tmux is not installed");
        StringBuilder command = new StringBuilder("/usr/bin/env -u MESHSTAGE_HOME -u MESHSTAGE_WORKSHOP -u MESHSTAGE_BACKEND");
        tools.environment().forEach((k, v) -> command.append(' ').append(k).append("='").append(v).append('\''));
        command.append(' ').append(Path.of(System.getProperty("java.home"), "bin", "java")).append(" -XX:TieredStopAtLevel=1 -jar ")
                .append(Path.of("target/meshstage.jar").toAbsolutePath()).append(" --home ").append(kindHome).append(" --backend kind");
        try (TmuxShell tmux = TmuxShell.command("kind-dash-it", 120, 40, command.toString())) {
            tmux.await(s -> s.contains("meshstage[kind:cluster1]:>"), "the kind shell's prompt");
            tmux.send("dashboard", "Enter");
            tmux.await(s -> s.contains("meshstage dashboard") && s.contains("kind-cluster2") && s.contains("product-"), "the dashboard");

            // a pod created in cluster2 through its API, as kubectl would: it shows in cluster2's column (right of the bar)
            sim.bean(Session.class).client("cluster2").pods().inNamespace("simple-buy").resource(new PodBuilder()
                    .withNewMetadata().withName("kind-dash-probe").endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("nginx:alpine").endContainer().endSpec().build()).create();
            tmux.await(s -> s.lines().anyMatch(l -> l.contains("kind-dash-probe") && l.indexOf("kind-dash-probe") > l.indexOf('│')),
                    "the new pod in cluster2's column");

            tmux.send("q");
            tmux.await(s -> s.contains("meshstage[kind:cluster1]:>") && !s.contains("meshstage dashboard"), "the prompt after q");
            tmux.send("exit", "Enter");
            tmux.awaitExit();
        } finally {
            sim.bean(Session.class).client("cluster2").pods().inNamespace("simple-buy").withName("kind-dash-probe").withGracePeriod(0).delete();
        }
    }
}
