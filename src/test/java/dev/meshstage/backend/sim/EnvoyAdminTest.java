package dev.meshstage.backend.sim;

import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshModelBuilder;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.route.Candidate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cart's Envoy admin on hand-built meshes: its outbound clusters are the routing rule's endpoints. */
class EnvoyAdminTest {

    private static final String PRODUCT = "outbound|9082||product.simple-buy.svc.cluster.local";

    private static Map<String, List<Candidate>> outbound(MeshModelBuilder mesh) {
        MeshModel m = mesh.build();
        return EnvoyAdmin.outbound(m, "cluster1", MeshModelBuilder.cart(m));
    }

    private static List<String> hostLines(String text, String cluster, String stat) {
        return text.lines().filter(l -> l.startsWith(cluster + "::") && l.contains("::" + stat + "::")).toList();
    }

    @Test
    void theOtherNetworkIsItsGatewayWeightedByItsEndpoints() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").pod("simple-buy", "product", true, true);
        Map<String, List<Candidate>> out = outbound(mesh);
        assertThat(out).containsKeys(PRODUCT, "outbound|8082||product.simple-buy.svc.cluster.local",
                "outbound|15443||istio-eastwestgateway.istio-system.svc.cluster.local");
        String text = EnvoyAdmin.clustersText(out);
        assertThat(hostLines(text, PRODUCT, "weight")).containsExactly(PRODUCT + "::172.18.255.102:15443::weight::2");
        assertThat(hostLines(text, PRODUCT, "health_flags")).containsExactly(PRODUCT + "::172.18.255.102:15443::health_flags::healthy");
        assertThat(text).contains(PRODUCT + "::eds_service_name::" + PRODUCT + "\n").contains("BlackHoleCluster::added_via_api::true\n")
                .contains("xds-grpc::added_via_api::false\n");
    }

    @Test
    void aLocalReplicaIsItsPodIpBesideTheGateway() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").pod("simple-buy", "product", true, true);
        String text = EnvoyAdmin.clustersText(outbound(mesh));
        assertThat(hostLines(text, PRODUCT, "weight")).hasSize(2)
                .anyMatch(l -> l.matches("\\Q" + PRODUCT + "::\\E10\\.244\\.0\\.\\d+:9082::weight::1"))
                .contains(PRODUCT + "::172.18.255.102:15443::weight::1");
    }

    @Test
    void aGatewayWithoutAddressLeavesTheRawRemotePodIps() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").eastWest(null);
        assertThat(outbound(mesh).get(PRODUCT)).singleElement().satisfies(c -> {
            assertThat(c.address()).startsWith("10.245.0.").endsWith(":9082");
            assertThat(c.via()).isEqualTo(Candidate.Via.REMOTE_POD_IP);
        });
    }

    @Test
    void aRemoteEndpointWithoutSidecarIsDropped() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        var c2 = mesh.cluster("cluster2");
        c2.pods.clear();
        c2.endpoints.clear();
        c2.pod("simple-buy", "product", false, true);
        assertThat(outbound(mesh).get(PRODUCT)).isEmpty();
        assertThat(hostLines(EnvoyAdmin.clustersText(outbound(mesh)), PRODUCT, "weight")).isEmpty();
    }

    @Test
    void withoutTheRemoteRegistryOnlyLocalServicesAndEndpoints() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").discovery.clear();
        mesh.cluster("cluster1").discovers("cluster2", MeshParts.Sync.TIMEOUT);
        mesh.cluster("cluster2").service("simple-buy", "only-remote", 8080);
        Map<String, List<Candidate>> out = outbound(mesh);
        assertThat(out.get(PRODUCT)).isEmpty();
        assertThat(out).doesNotContainKey("outbound|8080||only-remote.simple-buy.svc.cluster.local");
        mesh.cluster("cluster1").discovery.clear();
        mesh.cluster("cluster1").discovers("cluster2", MeshParts.Sync.SYNCED);
        assertThat(outbound(mesh)).containsKey("outbound|8080||only-remote.simple-buy.svc.cluster.local");
    }

    @Test
    void theJsonFormIsWhatProxyConfigEndpointsReads() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").pod("simple-buy", "product", true, true);
        JsonNode root = JsonMapper.builder().build().readTree(EnvoyAdmin.clustersJson(outbound(mesh)));
        JsonNode product = null;
        for (JsonNode c : root.path("cluster_statuses")) {
            if (c.path("name").asString().equals(PRODUCT)) {
                product = c;
            }
        }
        assertThat(product).isNotNull();
        assertThat(product.path("host_statuses")).hasSize(2);
        JsonNode gw = product.path("host_statuses").get(1);
        assertThat(gw.path("address").path("socket_address").path("address").asString()).isEqualTo("172.18.255.102");
        assertThat(gw.path("address").path("socket_address").path("port_value").asInt()).isEqualTo(15443);
        assertThat(gw.path("weight").asInt()).isEqualTo(1);
    }

    @Test
    void statsCountTheEndpointsAndTheAdminAnswersItsPaths() {
        MeshModel m = MeshModelBuilder.routing().build();
        var cart = MeshModelBuilder.cart(m);
        assertThat(EnvoyAdmin.answer(m, "cluster1", cart, "/stats").body())
                .contains("cluster." + PRODUCT + ".membership_healthy: 1\n");
        assertThat(EnvoyAdmin.answer(m, "cluster1", cart, "/config_dump").body()).contains("\"CLUSTER_ID\" : \"cluster1\"")
                .contains("\"NETWORK\" : \"network1\"").contains("\"name\" : \"" + PRODUCT + "\"").contains("sidecar~");
        assertThat(EnvoyAdmin.answer(m, "cluster1", cart, "/nosuch").status()).isEqualTo(404);
    }
}
