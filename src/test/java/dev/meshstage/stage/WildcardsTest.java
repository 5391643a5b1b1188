package dev.meshstage.stage;

import dev.meshstage.transcript.OutputMatcher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What varies becomes [..], secrets are redacted, and the rest is left exactly as it was. */
class WildcardsTest {

    private final Wildcards w = new Wildcards(List.of("/tmp/junit123/home"));

    @Test
    void apiPortsAddressesAndPoolsVary() {
        assertThat(w.line("cluster1: created (3 nodes, API https://127.0.0.1:38211)")).isEqualTo("cluster1: created (3 nodes, API https://127.0.0.1:[..])");
        assertThat(w.line("  pool default-pool 172.18.255.1-172.18.255.100")).isEqualTo("  pool default-pool [..]-[..]");
        assertThat(w.line("  east-west gateway 172.18.255.2:15443 (network network1)")).isEqualTo("  east-west gateway [..]:15443 (network network1)");
        assertThat(w.line("pod subnet 10.244.0.0/16")).isEqualTo("pod subnet 10.244.0.0/16");
    }

    @Test
    void agesNamesFingerprintsTimesAndTheHomeVary() {
        assertThat(w.line("istiod-7d9f8b6c5d-x2k4p   1/1   Running   0   5m2s"))
                .isEqualTo("istiod-[..]   1/1   Running   0   [..]");
        assertThat(w.line("speaker-x2k4p   1/1   Running   0   10s")).isEqualTo("speaker-[..]   1/1   Running   0   [..]");
        assertThat(w.line("root CA AB:CD:EF:01:23:45:67:89:AB:CD (/tmp/junit123/home/pki/mesh)")).isEqualTo("root CA [..] ([..]/pki/mesh)");
        assertThat(w.line("at 2026-12-01T18:09:18Z")).isEqualTo("at [..]");
    }

    @Test
    void secretsAreRedacted() {
        assertThat(w.line("token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl")).isEqualTo("token: [..]");
        assertThat(w.line("Authorization: Bearer abc.def")).isEqualTo("Authorization: Bearer [..]");
        assertThat(w.line("password=hunter2")).isEqualTo("password=[..]");
        assertThat(w.lines(List.of("key:", "-----BEGIN EC PRIVATE KEY-----", "MHcCAQEEIB", "-----END EC PRIVATE KEY-----", "done")))
                .containsExactly("key:", OutputMatcher.SKIP_LINES, "done");
    }

    @Test
    void whatDoesNotVaryStaysAsItIs() {
        for (String line : List.of("NAME       CONTEXT         EXISTS   NODES   NETWORK    BACKEND",
                "cluster1   kind-cluster1   yes      3       network1   sim",
                "  metallb-system       4/4",
                "  kube-system/kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP",
                "meshstage dev (backend sim; workshop: kind v0.31.0 node v1.34.3, MetalLB v0.14.9, Istio 1.28.3)",
                "next: mesh install (Istio on each cluster; its east-west gateway gets a MetalLB address)")) {
            String expected = line.replace("10.96.0.10", "[..]");
            assertThat(w.line(line)).isEqualTo(expected);
        }
    }
}
