package dev.meshstage.step;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.support.Workshops;
import dev.meshstage.mesh.route.Hop;
import dev.meshstage.mesh.route.Problem;
import dev.meshstage.mesh.trace.TraceReport;
import dev.meshstage.session.TraceService;
import dev.meshstage.support.Kubectls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mesh broken with plain kubectl against the sim, not with {@code sim fault}: trace reads the clusters' state, so it
 * must mark the same hop, and the sim's request must fail the way it says; the workshop step named as the fix repairs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlBreakageTest {

    private EmbeddedShell shell;
    private Path home;
    private Path cache;
    private String kubectl;

    @BeforeAll
    void workshop(@TempDir Path dir) {
        List<String> found = Kubectls.oldestAndNewest();
        Assumptions.assumeFalse(found.isEmpty(), "no kubectl on this machine");
        kubectl = found.get(found.size() - 1);
        home = dir.resolve("home");
        cache = dir.resolve("kube-cache");
        shell = Workshops.full(home);
    }

    @AfterAll
    void close() {
        if (shell != null) {
            shell.close();
        }
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("kind-cluster1", "delete secret istio-remote-secret-cluster2 -n istio-system",
                        Problem.Cause.REMOTE_NOT_DISCOVERED, "mesh link"),
                Arguments.of("kind-cluster2", "label svc istio-eastwestgateway -n istio-system topology.istio.io/network-",
                        Problem.Cause.REMOTE_POD_IPS, "mesh install"),
                Arguments.of("kind-cluster2", "scale deploy istio-eastwestgateway -n istio-system --replicas=0",
                        Problem.Cause.GATEWAY_NOT_READY, "kubectl scale deploy istio-eastwestgateway -n istio-system --replicas=1 --context kind-cluster2"),
                Arguments.of("kind-cluster2", "delete gateway.networking.istio.io cross-network-gateway -n istio-system",
                        Problem.Cause.NO_PASSTHROUGH_LISTENER, "mesh install"));
    }

    @ParameterizedTest
    @MethodSource("breakages")
    void traceFindsWhatKubectlBroke(String context, String breakage, Problem.Cause cause, String repair) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--context", context));
        args.addAll(List.of(breakage.split(" ")));
        Kubectls.run(kubectl, home.resolve("kubeconfig"), cache, args.toArray(String[]::new)).ok();

        TraceReport broken = shell.bean(TraceService.class).trace("cart", "product", 0, "cluster1");
        Hop hop = broken.plan().broken().orElseThrow(() -> new AssertionError(breakage + " left the path whole"));
        assertThat(hop.problem().cause()).isEqualTo(cause);
        assertThat(broken.request().status()).isEqualTo(cause.failure().status());
        assertThat(broken.request().flags()).isEqualTo(cause.failure().flags());

        if (repair.startsWith("kubectl ")) {
            List<String> fix = new java.util.ArrayList<>(List.of(repair.substring("kubectl ".length()).split(" ")));
            Kubectls.run(kubectl, home.resolve("kubeconfig"), cache, fix.toArray(String[]::new)).ok();
        } else {
            assertThat(shell.run(repair).ok()).as(repair).isTrue();
        }
        TraceReport after = shell.bean(TraceService.class).trace("cart", "product", 0, "cluster1");
        assertThat(after.plan().ok()).as("repaired by " + repair + ": " + after.plan().broken()).isTrue();
        assertThat(after.request().ok()).isTrue();
    }
}
