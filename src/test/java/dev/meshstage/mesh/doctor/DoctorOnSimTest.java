package dev.meshstage.mesh.doctor;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.support.Workshops;
import dev.meshstage.step.Fault;
import dev.meshstage.support.Kubectls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * doctor on the sim's full workshop: green when healthy; every {@code sim fault}, and each problem made with plain
 * kubectl (as a user would, not through meshstage), fails exactly the checks that explain it, and the fix its hint
 * names (or {@code sim fault clear}) makes it green again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoctorOnSimTest {

    private EmbeddedShell shell;
    private Path home;
    private Path cache;
    private String kubectl;

    @BeforeAll
    void workshop(@TempDir Path home, @TempDir Path cache) {
        this.home = home;
        this.cache = cache;
        List<String> kubectls = Kubectls.oldestAndNewest();
        assertThat(kubectls).as("a kubectl on this machine").isNotEmpty();
        kubectl = kubectls.get(kubectls.size() - 1);
        shell = Workshops.full(home);
    }

    @AfterAll
    void close() {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void theHealthyWorkshopIsGreen() {
        EmbeddedShell.Result r = shell.run("doctor");
        assertThat(r.ok()).as(String.join("\n", r.lines())).isTrue();
        assertThat(r.lines()).contains("tools and contexts", "remote discovery", "application", "✔ istiod is ready",
                "✔ all checks passed");
        assertThat(r.lines()).noneMatch(l -> l.startsWith("✘") || l.startsWith("‼") || l.startsWith("·"));
    }

    /** The checks each fault must fail: the one that names its cause, and those that name what it makes fail. */
    private static final Map<Fault, List<String>> FAILS = Map.of(
            Fault.REMOTE_SECRET_MISSING, List.of("remote-secrets"),
            Fault.REMOTE_SECRET_UNREACHABLE, List.of("istiod-synced"),
            Fault.EASTWEST_GATEWAY_DOWN, List.of("eastwest-ready"),
            Fault.GATEWAY_NETWORK_LABEL_MISSING, List.of("eastwest-network"),
            Fault.PASSTHROUGH_MISSING, List.of("cross-network-gateway"),
            Fault.SIDECAR_MISSING, List.of("injection", "sidecars", "endpoints"),
            Fault.SECOND_ROOT, List.of("one-root"),
            Fault.STUB_SERVICE_MISSING, List.of("stub-services"));

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyFaultFailsExactlyTheChecksThatExplainIt(Fault fault) throws Exception {
        assertThat(FAILS).as("what " + fault.word() + " must fail").containsKey(fault);
        scenario(() -> assertThat(shell.run("sim fault " + fault.word()).ok()).isTrue(), null,
                () -> assertThat(shell.run("sim fault clear").ok()).isTrue(), FAILS.get(fault).toArray(String[]::new));
    }

    /** A step a test takes with kubectl or meshstage. */
    interface Step {
        void run() throws Exception;
    }

    /** Breaks, checks that doctor fails exactly {@code ids} with {@code hint}, fixes (even when the check failed), and checks green. */
    private void scenario(Step breakage, String hint, Step fix, String... ids) throws Exception {
        try {
            breakage.run();
            assertFails(hint, ids);
        } finally {
            fix.run();
        }
        assertGreen();
    }

    @Test
    void aDeletedRemoteSecret() throws Exception {
        scenario(() -> kubectl("delete", "secret", "istio-remote-secret-cluster2", "-n", "istio-system", "--context", "kind-cluster1"),
                "mesh link", () -> assertThat(shell.run("mesh link").ok()).isTrue(), "remote-secrets");
    }

    @Test
    void aDeletedRemoteSecretIsNoneOfTheOtherClustersBusiness() throws Exception {
        scenario(() -> {
            kubectl("delete", "secret", "istio-remote-secret-cluster2", "-n", "istio-system", "--context", "kind-cluster1");
            assertThat(shell.run("doctor --cluster cluster2").ok()).as("cluster2's own view is fine").isTrue();
            assertThat(shell.run("doctor --cluster 1").ok()).isFalse();
        }, "mesh link", () -> assertThat(shell.run("mesh link").ok()).isTrue(), "remote-secrets");
    }

    @Test
    void aRemovedNetworkLabel() throws Exception {
        scenario(() -> kubectl("label", "namespace", "istio-system", "topology.istio.io/network-", "--context", "kind-cluster2"),
                "kubectl label namespace istio-system topology.istio.io/network=network2 --overwrite --context kind-cluster2",
                () -> kubectl("label", "namespace", "istio-system", "topology.istio.io/network=network2", "--overwrite",
                        "--context", "kind-cluster2"),
                "istio-system-network");
    }

    @Test
    void aScaledDownEastWestGateway() throws Exception {
        scenario(() -> kubectl("scale", "deployment/istio-eastwestgateway", "-n", "istio-system", "--replicas=0", "--context", "kind-cluster2"),
                "kubectl scale deployment/istio-eastwestgateway -n istio-system --replicas=1 --context kind-cluster2",
                () -> kubectl("scale", "deployment/istio-eastwestgateway", "-n", "istio-system", "--replicas=1", "--context", "kind-cluster2"),
                "eastwest-ready");
    }

    @Test
    void anUnlabelledAppNamespaceAndARestartedPod() throws Exception {
        scenario(() -> {
            kubectl("label", "namespace", "simple-buy", "istio-injection-", "--context", "kind-cluster2");
            assertFails("kubectl label namespace simple-buy istio-injection=enabled", "injection");
            restartProduct();
        }, "kubectl rollout restart deployment/product -n simple-buy --context kind-cluster2", () -> {
            kubectl("label", "namespace", "simple-buy", "istio-injection=enabled", "--overwrite", "--context", "kind-cluster2");
            restartProduct();
        }, "injection", "sidecars", "endpoints");
    }

    @Test
    void aDeletedStubService() throws Exception {
        scenario(() -> kubectl("delete", "service", "postgres", "-n", "simple-buy", "--context", "kind-cluster2"),
                "app deploy --cluster cluster2", () -> assertThat(shell.run("app deploy --cluster cluster2").ok()).isTrue(),
                "stub-services");
    }

    /** kubectl refuses a second restart within the second of the last (its annotation has second precision): try again, as a person would. */
    private void restartProduct() throws Exception {
        for (int attempt = 0; ; attempt++) {
            Kubectls.Result r = Kubectls.run(kubectl, home.resolve("kubeconfig"), cache,
                    "rollout", "restart", "deployment/product", "-n", "simple-buy", "--context", "kind-cluster2");
            if (r.exit() == 0) {
                break;
            }
            assertThat(r.err()).as("kubectl rollout restart").contains("within the past second");
            assertThat(attempt).as("retries of a restart kubectl called too soon").isLessThan(10);
            Thread.sleep(250);
        }
        kubectl("rollout", "status", "deployment/product", "-n", "simple-buy", "--timeout=60s", "--context", "kind-cluster2");
    }

    /** doctor fails, naming exactly {@code ids}; {@code hint} (when given) is among the hints printed. */
    private void assertFails(String hint, String... ids) {
        EmbeddedShell.Result json = shell.run("doctor --json");
        assertThat(json.ok()).isFalse();
        JsonNode report = JsonMapper.builder().build().readTree(String.join("\n", json.lines().subList(0, json.lines().size() - 1)));
        assertThat(report.path("ok").asBoolean()).isFalse();
        Set<String> failed = new TreeSet<>();
        List<String> hints = new ArrayList<>();
        report.path("checks").forEach(c -> {
            if (c.path("status").asString().equals("fail")) {
                failed.add(c.path("id").asString());
                hints.add(c.path("hint").asString());
            }
        });
        assertThat(failed).as(report.toString()).isEqualTo(new TreeSet<>(List.of(ids)));
        if (hint != null) {
            assertThat(hints).anyMatch(h -> h.startsWith(hint));
        }
        EmbeddedShell.Result text = shell.run("doctor");
        assertThat(text.ok()).isFalse();
        assertThat(text.lines().get(text.lines().size() - 1)).startsWith("error: doctor: " + ids.length + " of ");
        assertThat(text.lines()).filteredOn(l -> l.startsWith("✘ ") && !l.matches("✘ \\d+ checks? failed.*")).hasSize(ids.length);
        assertThat(text.lines()).anyMatch(l -> l.startsWith("✘ " + ids.length + (ids.length == 1 ? " check failed" : " checks failed")));
    }

    private void assertGreen() {
        EmbeddedShell.Result r = shell.run("doctor");
        assertThat(r.ok()).as(String.join("\n", r.lines())).isTrue();
    }

    private void kubectl(String... args) throws Exception {
        Kubectls.run(kubectl, home.resolve("kubeconfig"), cache, args).ok();
    }
}
