package dev.meshstage.step;

import dev.meshstage.backend.Backend;
import dev.meshstage.backend.SidecarProbe;
import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.session.Session;
import dev.meshstage.support.Workshops;
import dev.meshstage.mesh.route.Hop;
import dev.meshstage.mesh.trace.TraceReport;
import dev.meshstage.session.TraceService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fault on the whole workshop: the trace of the request it breaks marks the hop with the fault's cause, the
 * sim's data plane fails that request the way the trace says — trace's own request, and the one a user sends from the
 * caller's pod ({@code kubectl exec … curl}, by exec through the API as trace does on kind) — the caller's Envoy admin
 * lists the endpoints the trace computes, and after {@code sim fault clear} all are whole again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimFaultsTest {

    private EmbeddedShell shell;

    @BeforeAll
    void workshop(@TempDir Path home) {
        shell = Workshops.full(home);
    }

    @AfterAll
    void close() {
        if (shell != null) {
            shell.close();
        }
    }

    private TraceReport trace(Fault f) {
        String cluster = f.traceFrom().equals("cart") ? "cluster1" : "cluster2";
        return shell.bean(TraceService.class).trace(f.traceFrom(), f.traceTo(), 0, cluster);
    }

    /** A curl from the caller's workload container to the callee's name, by exec: its HTTP status (0: none came back). */
    private int curlFromThePod(TraceReport t) {
        Backend.Probe p = SidecarProbe.curl(shell.bean(Session.class).client(t.caller().cluster()), t.caller().namespace(),
                t.caller().pod().name(), t.callee().service() + "." + t.callee().namespace(), t.plan().port())
                .orElseThrow(() -> new AssertionError("no curl in " + t.caller().pod().name()));
        return p.status();
    }

    /** The endpoints of the path's outbound cluster in the caller's Envoy ({@code pilot-agent request GET clusters}). */
    private Set<String> sidecarEndpoints(TraceReport t) {
        return SidecarProbe.endpoints(shell.bean(Session.class).client(t.caller().cluster()), t.caller().namespace(),
                t.caller().pod().name(), t.plan().outboundCluster()).orElseThrow().stream().map(Backend.EnvoyEndpoint::address)
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void faultBreaksTheHopItExplainsAndClearRepairsIt(Fault fault) {
        TraceReport before = trace(fault);
        assertThat(before.plan().ok()).as("healthy before " + fault.word() + ": " + before.plan().hops()).isTrue();
        assertThat(curlFromThePod(before)).as("curl from the caller's pod").isEqualTo(200);
        assertThat(sidecarEndpoints(before)).as("the caller's Envoy").isEqualTo(before.computedAddresses()).isNotEmpty();

        EmbeddedShell.Result r = shell.run("sim fault " + fault.word());
        assertThat(r.ok()).as(String.join("\n", r.lines())).isTrue();
        assertThat(shell.run("sim fault list").lines()).anyMatch(l -> l.equals(fault.word() + "  (cluster" + fault.defaultCluster()
                + " unless --cluster)  IN FORCE on cluster" + fault.defaultCluster()));

        TraceReport broken = trace(fault);
        Hop hop = broken.plan().broken().orElseThrow(() -> new AssertionError(fault.word() + " left the path whole: " + broken.plan().hops()));
        assertThat(hop.problem().cause()).isEqualTo(fault.cause());
        assertThat(hop.problem().fix()).isNotBlank();
        if (fault.cause().failure().status() != 0) {
            assertThat(broken.request()).isNotNull();
            assertThat(broken.request().status()).as("the sim's request fails as the trace says").isEqualTo(fault.cause().failure().status());
            assertThat(broken.request().flags()).isEqualTo(fault.cause().failure().flags());
        }
        assertThat(curlFromThePod(broken)).as("curl from the caller's pod fails as the trace says")
                .isEqualTo(fault.cause().failure().status());
        if (broken.plan().outboundCluster() != null) {
            assertThat(sidecarEndpoints(broken)).as("the caller's Envoy under " + fault.word()).isEqualTo(broken.computedAddresses());
        }
        EmbeddedShell.Result traced = shell.run("trace " + fault.traceFrom() + " " + fault.traceTo() + " --cluster "
                + (fault.traceFrom().equals("cart") ? "1" : "2"));
        assertThat(traced.ok()).isFalse();
        assertThat(traced.lines()).anyMatch(l -> l.startsWith("broken at hop")).anyMatch(l -> l.startsWith("  fix: "));

        assertThat(shell.run("sim fault clear").ok()).isTrue();
        TraceReport after = trace(fault);
        assertThat(after.plan().ok()).as("whole again after clear: " + after.plan().broken()).isTrue();
        assertThat(after.request().ok()).isTrue();
        assertThat(curlFromThePod(after)).isEqualTo(200);
    }

    /** Without a sidecar there is no Envoy: kube-proxy has no endpoint of product in cluster1 and refuses the connection. */
    @org.junit.jupiter.api.Test
    void aPodWithoutSidecarReachesOnlyItsOwnClustersEndpoints() throws Exception {
        var client = shell.bean(Session.class).client("cluster1");
        client.pods().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("plain-curl").endMetadata().withNewSpec().addNewContainer().withName("curl").withImage("curlimages/curl:8.16.0")
                .withCommand("sleep", "3650d").endContainer().endSpec().build()).create();
        try {
            client.pods().inNamespace("default").withName("plain-curl").waitUntilReady(60, java.util.concurrent.TimeUnit.SECONDS);
            Backend.Probe p = SidecarProbe.curl(client, "default", "plain-curl", "product.simple-buy", 9082).orElseThrow();
            assertThat(p.status()).as("product runs only in cluster2").isZero();
            assertThat(p.body()).contains("Connection refused");
            // its own cluster's endpoints it reaches: cart's Service has them
            assertThat(SidecarProbe.curl(client, "default", "plain-curl", "cart.simple-buy", 8083).orElseThrow().status()).isEqualTo(200);
        } finally {
            client.pods().inNamespace("default").withName("plain-curl").withGracePeriod(0).delete();
        }
    }
}
