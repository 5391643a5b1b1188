package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.kube.MetalLbManifests;
import dev.meshstage.workshop.Cidr;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetalLbPoolsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The workshop's own files, as {@code lb install} reads them. */
    static List<MetalLbPools.Source> workshopSources() {
        return List.of("cluster1", "cluster2").stream().map(c -> {
            String name = "configs/metallb/metallb-" + c + ".yaml";
            return new MetalLbPools.Source(c, name, MetalLbManifests.config(Path.of(name), name));
        }).toList();
    }

    private static MetalLbPools.Source source(String cluster, String... addresses) {
        ObjectNode pool = (ObjectNode) JSON.readTree("""
                {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"default-pool","namespace":"metallb-system"},
                 "spec":{"addresses":[]}}""");
        for (String a : addresses) {
            pool.withArray("/spec/addresses").add(a);
        }
        return new MetalLbPools.Source(cluster, "configs/metallb/metallb-" + cluster + ".yaml", List.of(pool));
    }

    @Test
    void poolsKeepTheirHostPartInTheDetectedNetworkAndTheFilesStayAsTheyAre() throws Exception {
        String before = Files.readString(Path.of("configs/metallb/metallb-cluster1.yaml"));

        List<MetalLbPools.Fitted> fitted = MetalLbPools.fit(workshopSources(), Cidr.parse("172.19.0.0/16"));

        assertThat(fitted).extracting(MetalLbPools.Fitted::cluster).containsExactly("cluster1", "cluster2");
        MetalLbPools.Pool pool1 = fitted.get(0).pools().get(0);
        assertThat(pool1.name()).isEqualTo("default-pool");
        assertThat(pool1.written()).containsExactly("172.18.255.1-172.18.255.100");
        assertThat(pool1.applied()).containsExactly("172.19.255.1-172.19.255.100");
        assertThat(pool1.moved()).isTrue();
        assertThat(fitted.get(1).pools().get(0).applied()).containsExactly("172.19.255.101-172.19.255.200");
        ObjectNode applied = fitted.get(0).objects().get(0);
        assertThat(applied.at("/spec/addresses/0").asString()).isEqualTo("172.19.255.1-172.19.255.100");
        assertThat(fitted.get(0).objects().get(1).at("/kind").asString()).isEqualTo("L2Advertisement");
        assertThat(Files.readString(Path.of("configs/metallb/metallb-cluster1.yaml"))).isEqualTo(before);
    }

    @Test
    void poolsAlreadyInTheNetworkAndCidrsKeepTheirForm() {
        List<MetalLbPools.Fitted> same = MetalLbPools.fit(workshopSources(), Cidr.parse("172.18.0.0/16"));
        assertThat(same.get(0).pools().get(0).moved()).isFalse();

        List<MetalLbPools.Fitted> cidr = MetalLbPools.fit(List.of(source("cluster1", "172.18.255.0/25")), Cidr.parse("10.89.0.0/16"));
        assertThat(cidr.get(0).pools().get(0).applied()).containsExactly("10.89.255.0/25");
        // a small network the file was written for is used as it is
        List<MetalLbPools.Fitted> inside = MetalLbPools.fit(List.of(source("cluster1", "192.168.7.10-192.168.7.20")),
                Cidr.parse("192.168.7.0/24"));
        assertThat(inside.get(0).pools().get(0).applied()).containsExactly("192.168.7.10-192.168.7.20");
    }

    @Test
    void aNetworkTooSmallForTheHostPartIsAOneLineErrorNamingTheFile() {
        assertThatThrownBy(() -> MetalLbPools.fit(workshopSources(), Cidr.parse("172.19.0.0/24")))
                .isInstanceOf(BackendException.class)
                .hasMessage("configs/metallb/metallb-cluster1.yaml: pool default-pool 172.18.255.1-172.18.255.100 cannot be fitted "
                        + "into the node network 172.19.0.0/24: its host part .255.1-.255.100 needs a /16; write a range inside "
                        + "172.19.0.0/24 in that file");
    }

    @Test
    void poolsOfTwoClustersMayNotShareAddressesAfterFitting() {
        // distinct as written (different /16s), the same once both are moved into the detected network
        List<MetalLbPools.Source> sources = List.of(source("cluster1", "172.18.255.1-172.18.255.100"),
                source("cluster2", "172.20.255.50-172.20.255.150"));
        assertThatThrownBy(() -> MetalLbPools.fit(sources, Cidr.parse("172.19.0.0/16")))
                .isInstanceOf(BackendException.class)
                .hasMessage("configs/metallb/metallb-cluster2.yaml: pool default-pool 172.19.255.50-172.19.255.150 overlaps pool "
                        + "default-pool 172.19.255.1-172.19.255.100 of cluster1 (configs/metallb/metallb-cluster1.yaml) once both "
                        + "are fitted into 172.19.0.0/16; give each pool its own range");
        assertThatThrownBy(() -> MetalLbPools.fit(List.of(source("cluster1", "172.18.255.1-172.18.255.300")), Cidr.parse("172.18.0.0/16")))
                .hasMessageStartingWith("configs/metallb/metallb-cluster1.yaml: pool default-pool address \"172.18.255.300\" is not an IPv4 address");
    }
}
