package dev.meshstage.backend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading Envoy's /clusters text and curl's answer, as trace does on kind (no cluster needed). */
class SidecarProbeTest {

    private static final String CLUSTER = "outbound|9082||product.simple-buy.svc.cluster.local";

    private static final String CLUSTERS = """
            BlackHoleCluster::observability_name::BlackHoleCluster
            outbound|9082||product.simple-buy.svc.cluster.local::observability_name::outbound|9082||product.simple-buy.svc.cluster.local
            outbound|9082||product.simple-buy.svc.cluster.local::default_priority::max_connections::4294967295
            outbound|9082||product.simple-buy.svc.cluster.local::172.18.255.102:15443::cx_active::0
            outbound|9082||product.simple-buy.svc.cluster.local::172.18.255.102:15443::health_flags::healthy
            outbound|9082||product.simple-buy.svc.cluster.local::172.18.255.102:15443::weight::1
            outbound|9082||product.simple-buy.svc.cluster.local::10.244.1.7:9082::health_flags::/failed_active_hc
            outbound|9082||product.simple-buy.svc.cluster.localx::10.9.9.9:9082::health_flags::healthy
            outbound|80||product.simple-buy.svc.cluster.local::10.244.1.8:80::health_flags::healthy
            """;

    @Test
    void theHostsOfOneClusterWithTheirHealth() {
        assertThat(SidecarProbe.hosts(CLUSTERS, CLUSTER)).containsExactly(
                new Backend.EnvoyEndpoint("172.18.255.102:15443", true),
                new Backend.EnvoyEndpoint("10.244.1.7:9082", false));
    }

    @Test
    void aClusterEnvoyDoesNotHaveHasNoHosts() {
        assertThat(SidecarProbe.hosts(CLUSTERS, "outbound|9082||nosuch.simple-buy.svc.cluster.local")).isEmpty();
        assertThat(SidecarProbe.hosts("", CLUSTER)).isEmpty();
    }

    @Test
    void curlsStatusCodeIsTheRequestsStatus() {
        assertThat(SidecarProbe.answer(new PodExec.Result(0, "200", ""))).hasValueSatisfying(p -> {
            assertThat(p.status()).isEqualTo(200);
            assertThat(p.body()).isEmpty();
            assertThat(p.servedBy()).isNull();
        });
        assertThat(SidecarProbe.answer(new PodExec.Result(0, "503", ""))).hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(503));
    }

    @Test
    void noAnswerIsStatusZeroWithCurlsWords() {
        assertThat(SidecarProbe.answer(new PodExec.Result(7, "000", "curl: (7) Failed to connect to product.simple-buy port 9082\n")))
                .hasValueSatisfying(p -> {
                    assertThat(p.status()).isZero();
                    assertThat(p.body()).isEqualTo("curl: (7) Failed to connect to product.simple-buy port 9082");
                });
    }

    @Test
    void aContainerWithoutCurlSendsNoRequest() {
        assertThat(SidecarProbe.answer(new PodExec.Result(127, "", "sh: curl: not found"))).isEmpty();
        assertThat(SidecarProbe.answer(new PodExec.Result(-1, "", "OCI runtime exec failed: exec failed: unable to start container "
                + "process: exec: \"curl\": executable file not found in $PATH"))).isEmpty();
    }
}
