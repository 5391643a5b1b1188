package dev.meshstage.mesh.route;

import dev.meshstage.mesh.model.MeshModelBuilder;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.TrustFact;
import dev.meshstage.mesh.route.Problem.Cause;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The routing rule on hand-built meshes: the workshop's healthy path, then one thing broken at a time. */
class RouterTest {

    private static RoutePlan cartToProduct(MeshModelBuilder mesh) {
        MeshModel m = mesh.build();
        return Router.route(m, "cluster1", MeshModelBuilder.cart(m), "simple-buy", "product", 0, Router.Origin.SIDECAR);
    }

    @Test
    void healthyPathCrossesToTheOtherNetworksGateway() {
        RoutePlan p = cartToProduct(MeshModelBuilder.routing());
        assertThat(p.ok()).as(p.hops().toString()).isTrue();
        assertThat(p.port()).isEqualTo(9082);
        assertThat(p.outboundCluster()).isEqualTo("outbound|9082||product.simple-buy.svc.cluster.local");
        assertThat(p.sni()).isEqualTo("outbound_.9082_._.product.simple-buy.svc.cluster.local");
        assertThat(p.endpoints()).singleElement().satisfies(c -> {
            assertThat(c.address()).isEqualTo("172.18.255.102:15443");
            assertThat(c.via()).isEqualTo(Candidate.Via.GATEWAY);
            assertThat(c.weight()).isEqualTo(1);
            assertThat(c.cluster()).isEqualTo("cluster2");
        });
        assertThat(p.hops()).extracting(Hop::what).containsExactly(Hop.Kind.POD, Hop.Kind.SIDECAR, Hop.Kind.DNS, Hop.Kind.CLUSTER,
                Hop.Kind.ENDPOINT, Hop.Kind.GATEWAY, Hop.Kind.LISTENER, Hop.Kind.DESTINATION, Hop.Kind.MTLS);
    }

    @Test
    void aLocalReplicaAndTheGatewayShareTheLoadByWeight() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").pod("simple-buy", "product", true, true);
        mesh.cluster("cluster2").pod("simple-buy", "product", true, true);
        RoutePlan p = cartToProduct(mesh);
        assertThat(p.ok()).isTrue();
        assertThat(p.endpoints()).extracting(Candidate::via, Candidate::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Candidate.Via.LOCAL_POD, 1),
                        org.assertj.core.groups.Tuple.tuple(Candidate.Via.GATEWAY, 2));
        assertThat(p.endpoints().get(0).address()).startsWith("10.244.0.").endsWith(":9082");
    }

    @Test
    void portGiven() {
        MeshModel m = MeshModelBuilder.routing().build();
        RoutePlan p = Router.route(m, "cluster1", MeshModelBuilder.cart(m), "simple-buy", "product", 8082, Router.Origin.SIDECAR);
        assertThat(p.outboundCluster()).isEqualTo("outbound|8082||product.simple-buy.svc.cluster.local");
        RoutePlan wrong = Router.route(m, "cluster1", MeshModelBuilder.cart(m), "simple-buy", "product", 1234, Router.Origin.SIDECAR);
        assertThat(wrong.broken()).hasValueSatisfying(h -> assertThat(h.problem().cause()).isEqualTo(Cause.NO_SUCH_PORT));
    }

    @Test
    void withoutTheLocalServiceTheNameDoesNotResolve() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").services.removeIf(s -> s.name().equals("product"));
        RoutePlan p = cartToProduct(mesh);
        assertThat(p.broken()).hasValueSatisfying(h -> {
            assertThat(h.what()).isEqualTo(Hop.Kind.DNS);
            assertThat(h.problem().cause()).isEqualTo(Cause.NAME_DOES_NOT_RESOLVE);
            assertThat(h.problem().cause().failure()).isEqualTo(Problem.Failure.NO_DNS);
        });
    }

    @Test
    void aGatewayProxyNeedsNoLocalService() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").services.removeIf(s -> s.name().equals("product"));
        MeshModel m = mesh.build();
        RoutePlan p = Router.route(m, "cluster1", MeshModelBuilder.cart(m), "simple-buy", "product", 8082, Router.Origin.GATEWAY_PROXY);
        assertThat(p.ok()).isTrue();
    }

    @Test
    void remoteNotDiscoveredWithoutItsSecret() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").discovery.clear();
        mesh.cluster("cluster1").remoteSecrets.clear();
        RoutePlan p = cartToProduct(mesh);
        assertThat(p.broken()).hasValueSatisfying(h -> {
            assertThat(h.what()).isEqualTo(Hop.Kind.ENDPOINT);
            assertThat(h.problem().cause()).isEqualTo(Cause.REMOTE_NOT_DISCOVERED);
            assertThat(h.problem().reason()).contains("no remote secret for cluster2");
            assertThat(h.problem().fix()).isEqualTo("mesh link");
            assertThat(h.problem().cause().failure().status()).isEqualTo(503);
        });
    }

    @Test
    void remoteTimedOut() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").discovery.clear();
        mesh.cluster("cluster1").discovers("cluster2", MeshParts.Sync.TIMEOUT);
        assertThat(cartToProduct(mesh).broken()).hasValueSatisfying(h -> assertThat(h.problem().reason()).contains("timeout"));
    }

    @Test
    void pendingGatewayAddressHandsOutRemotePodIps() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").eastWest(null);
        RoutePlan p = cartToProduct(mesh);
        assertThat(p.endpoints()).singleElement().satisfies(c -> {
            assertThat(c.via()).isEqualTo(Candidate.Via.REMOTE_POD_IP);
            assertThat(c.address()).startsWith("10.245.0.");
            assertThat(c.usable()).isFalse();
        });
        assertThat(p.broken()).hasValueSatisfying(h -> {
            assertThat(h.problem().cause()).isEqualTo(Cause.REMOTE_POD_IPS);
            assertThat(h.problem().cause().failure()).isEqualTo(Problem.Failure.CONNECT_TIMEOUT);
        });
    }

    @Test
    void remoteEndpointWithoutSidecarIsDropped() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        var c2 = mesh.cluster("cluster2");
        c2.pods.clear();
        c2.endpoints.clear();
        c2.pod("simple-buy", "product", false, true);
        RoutePlan p = cartToProduct(mesh);
        assertThat(p.endpoints()).isEmpty();
        assertThat(p.broken()).hasValueSatisfying(h -> assertThat(h.problem().cause()).isEqualTo(Cause.REMOTE_ENDPOINTS_WITHOUT_SIDECAR));
    }

    @Test
    void callerWithoutSidecarReachesOnlyLocalPods() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        var c1 = mesh.cluster("cluster1");
        c1.pods.clear();
        c1.pod("simple-buy", "cart", false, true);
        RoutePlan p = cartToProduct(mesh);
        assertThat(p.broken()).hasValueSatisfying(h -> assertThat(h.problem().cause()).isEqualTo(Cause.NO_SIDECAR_CROSS_NETWORK));
    }

    @Test
    void differentRootsFailTheHandshake() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").trust(new TrustFact(TrustFact.Source.CACERTS, "other-root", "int2", true, "other-root"));
        RoutePlan p = cartToProduct(mesh);
        assertThat(p.broken()).hasValueSatisfying(h -> {
            assertThat(h.what()).isEqualTo(Hop.Kind.MTLS);
            assertThat(h.problem().cause().failure().body()).contains("CERTIFICATE_VERIFY_FAILED");
        });
    }

    @Test
    void noPassthroughGatewayClosesTheConnection() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").istioGateways.clear();
        assertThat(cartToProduct(mesh).broken()).hasValueSatisfying(h -> {
            assertThat(h.what()).isEqualTo(Hop.Kind.LISTENER);
            assertThat(h.problem().fix()).contains("expose-services.yaml");
        });
    }

    @Test
    void gatewayWithoutPodsRefuses() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").gatewayPods(0);
        assertThat(cartToProduct(mesh).broken()).hasValueSatisfying(h -> assertThat(h.problem().cause()).isEqualTo(Cause.GATEWAY_NOT_READY));
    }

    @Test
    void gatewayOutsideTheNodeNetworkTimesOut() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").eastWest("172.17.255.102");
        assertThat(cartToProduct(mesh).broken()).hasValueSatisfying(h -> {
            assertThat(h.problem().cause()).isEqualTo(Cause.GATEWAY_UNREACHABLE);
            assertThat(h.problem().reason()).contains("172.18.0.0/16");
        });
    }

    @Test
    void headlessServiceAcrossNetworksIsUnreachable() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").headless("simple-buy", "postgres", 5432).pod("simple-buy", "postgres", true, true);
        mesh.cluster("cluster2").headless("simple-buy", "postgres", 5432);
        MeshModel m = mesh.build();
        var product = m.cluster("cluster2").orElseThrow().podsIn("simple-buy").get(0);
        RoutePlan p = Router.route(m, "cluster2", product, "simple-buy", "postgres", 5432, Router.Origin.SIDECAR);
        assertThat(p.broken()).hasValueSatisfying(h -> assertThat(h.problem().cause()).isEqualTo(Cause.HEADLESS_ACROSS_NETWORKS));
    }

    @Test
    void unknownCallerNetworkGetsRemotePodIps() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        var c1 = mesh.cluster("cluster1").withoutPodNetworkLabels();
        c1.namespace("istio-system", Map.of());
        RoutePlan p = cartToProduct(mesh);
        assertThat(p.broken()).hasValueSatisfying(h -> assertThat(h.problem().cause()).isEqualTo(Cause.REMOTE_POD_IPS));
    }

    @Test
    void destinationNotReady() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        var c2 = mesh.cluster("cluster2");
        c2.pods.clear();
        c2.endpoints.clear();
        c2.pod("simple-buy", "product", true, false);
        // a pod that is not ready is not a ready endpoint: nothing to send to
        assertThat(cartToProduct(mesh).broken()).hasValueSatisfying(h -> assertThat(h.problem().cause()).isEqualTo(Cause.NO_ENDPOINTS));
    }

    @Test
    void hostMatching() {
        assertThat(Router.hostMatches("*.local", "product.simple-buy.svc.cluster.local")).isTrue();
        assertThat(Router.hostMatches("*", "x")).isTrue();
        assertThat(Router.hostMatches("istio-system/*.local", "a.local")).isTrue();
        assertThat(Router.hostMatches("*.example.com", "a.local")).isFalse();
        assertThat(Router.hostMatches("a.local", "a.local")).isTrue();
    }

    @Test
    void subnets() {
        assertThat(Subnets.contains("172.18.0.0/16", "172.18.255.2")).isTrue();
        assertThat(Subnets.contains("172.18.0.0/16", "172.17.255.2")).isFalse();
        assertThat(Subnets.contains("10.0.0.0/8", "10.245.1.1")).isTrue();
    }

}
