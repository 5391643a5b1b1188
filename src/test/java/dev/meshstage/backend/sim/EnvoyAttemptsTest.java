package dev.meshstage.backend.sim;

import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshModelBuilder;
import dev.meshstage.mesh.model.TrustFact;
import dev.meshstage.mesh.route.Candidate;
import dev.meshstage.mesh.route.Router;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A request from cart to product as the sim's data plane sends it: along the routing rule, as cart's Envoy would. */
class EnvoyAttemptsTest {

    private static EnvoyAttempts.Outcome send(MeshModelBuilder mesh, long n) {
        MeshModel m = mesh.build();
        return EnvoyAttempts.send(m, "cluster1", MeshModelBuilder.cart(m), "simple-buy", "product", 9082, Router.Origin.SIDECAR, n);
    }

    @Test
    void healthyGoesThroughTheOtherNetworksGateway() {
        EnvoyAttempts.Outcome o = send(MeshModelBuilder.routing(), 1);
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.servedBy().address()).isEqualTo("172.18.255.102:15443");
        assertThat(o.servedBy().cluster()).isEqualTo("cluster2");
        assertThat(o.servedPod()).startsWith("product-");
        assertThat(o.tried()).hasSize(1);
    }

    @Test
    void aLocalReplicaAndTwoRemotePodsShareTheRequestsByWeight() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").pod("simple-buy", "product", true, true);
        mesh.cluster("cluster2").pod("simple-buy", "product", true, true);
        List<Candidate.Via> vias = new ArrayList<>();
        List<String> remotePods = new ArrayList<>();
        for (long n = 0; n < 6; n++) {
            EnvoyAttempts.Outcome o = send(mesh, n);
            assertThat(o.ok()).isTrue();
            vias.add(o.servedBy().via());
            if (o.servedBy().via() == Candidate.Via.GATEWAY) {
                remotePods.add(o.servedPod());
            }
        }
        // weight 1 for the local pod, 2 for the gateway standing for two pods
        assertThat(vias).filteredOn(v -> v == Candidate.Via.LOCAL_POD).hasSize(2);
        assertThat(vias).filteredOn(v -> v == Candidate.Via.GATEWAY).hasSize(4);
        // behind the gateway, the east-west gateway's own balancing takes both remote pods in turn
        assertThat(remotePods).containsOnly("product-abc11", "product-abc12").contains("product-abc11", "product-abc12");
    }

    @Test
    void aGatewayWithoutAddressLeavesRawPodIpsThatTimeOut() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").eastWest(null);
        EnvoyAttempts.Outcome o = send(mesh, 1);
        assertThat(o.status()).isEqualTo(503);
        assertThat(o.flags()).isEqualTo("UF,URX");
        assertThat(o.body()).contains("connection timeout");
        assertThat(o.tried()).isNotEmpty().allSatisfy(c -> assertThat(c.via()).isEqualTo(Candidate.Via.REMOTE_POD_IP));
    }

    @Test
    void aDestinationWithoutSidecarIsDroppedSoNoHealthyUpstream() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        var c2 = mesh.cluster("cluster2");
        c2.pods.clear();
        c2.endpoints.clear();
        c2.pod("simple-buy", "product", false, true);
        EnvoyAttempts.Outcome o = send(mesh, 1);
        assertThat(o.status()).isEqualTo(503);
        assertThat(o.flags()).isEqualTo("UH");
        assertThat(o.body()).isEqualTo("no healthy upstream");
        assertThat(o.tried()).isEmpty();
    }

    @Test
    void aSecondRootFailsTheHandshakeAfterTheRetries() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster2").trust(new TrustFact(TrustFact.Source.CACERTS, "other-root", "int2", true, "other-root"));
        EnvoyAttempts.Outcome o = send(mesh, 1);
        assertThat(o.status()).isEqualTo(503);
        assertThat(o.flags()).isEqualTo("UF,URX");
        assertThat(o.body()).contains("CERTIFICATE_VERIFY_FAILED");
        assertThat(o.tried()).hasSize(EnvoyAttempts.ATTEMPTS).allSatisfy(c -> assertThat(c.address()).isEqualTo("172.18.255.102:15443"));
    }

    @Test
    void withASecondRootARetryFindsTheLocalReplica() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").pod("simple-buy", "product", true, true);
        mesh.cluster("cluster2").trust(new TrustFact(TrustFact.Source.CACERTS, "other-root", "int2", true, "other-root"));
        // n = 1 picks the gateway (slot 1 of weights 1 + 1): it fails, the retry goes to the local pod
        EnvoyAttempts.Outcome o = send(mesh, 1);
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.tried()).extracting(Candidate::via).containsExactly(Candidate.Via.GATEWAY, Candidate.Via.LOCAL_POD);
        assertThat(o.servedBy().cluster()).isEqualTo("cluster1");
    }

    @Test
    void aCallerWithoutSidecarReachesOnlyItsOwnClustersPods() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        var c1 = mesh.cluster("cluster1");
        c1.pods.clear();
        c1.pod("simple-buy", "cart", false, true);
        assertThat(send(mesh, 1).ok()).isFalse();
        c1.pod("simple-buy", "product", true, true);
        EnvoyAttempts.Outcome o = send(mesh, 1);
        assertThat(o.ok()).isTrue();
        assertThat(o.servedBy().via()).isEqualTo(Candidate.Via.LOCAL_POD);
        assertThat(o.servedBy().cluster()).isEqualTo("cluster1");
    }

    @Test
    void aNameThatDoesNotResolveIsNotSent() {
        MeshModelBuilder mesh = MeshModelBuilder.routing();
        mesh.cluster("cluster1").services.removeIf(s -> s.name().equals("product"));
        EnvoyAttempts.Outcome o = send(mesh, 1);
        assertThat(o.status()).isZero();
        assertThat(o.tried()).isEmpty();
    }
}
