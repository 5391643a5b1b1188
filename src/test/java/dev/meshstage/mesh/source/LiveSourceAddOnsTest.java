package dev.meshstage.mesh.source;

import dev.meshstage.backend.sim.apiserver.ApiServer;
import dev.meshstage.backend.sim.apiserver.SimKubeconfig;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.mesh.model.IstioGatewayFact;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.pki.ClusterCertificates;
import dev.meshstage.support.OneClusterAccess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live source's add-on kinds (Istio's gateways and virtual services, MetalLB's pools) against a real API server:
 * not watched while their CRDs are not there (no informer getting 404 and retrying), watched once a CRD serves
 * the version read, in the first model when it already does, and dropped with their objects when it goes.
 */
class LiveSourceAddOnsTest {

    private static final String TOKEN = "add-ons-test-token";
    private static final ClusterCertificates CERTS = ClusterCertificates.generate("cluster1");

    private final Vertx vertx = ApiServer.newVertx();
    private final ObjectStore store = new ObjectStore("cluster1", new ResourceRegistry(), Instant::now, 7);
    private ApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new ApiServer(vertx, store, CERTS, TOKEN, 0).start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig("kind-cluster1", SimKubeconfig.render(server), null)).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
        vertx.close();
    }

    @Test
    void anAddOnIsWatchedFromWhenItsCrdIsServedUntilItGoes() throws Exception {
        LinkedBlockingQueue<MeshModel> models = new LinkedBlockingQueue<>();
        try (LiveSource live = new LiveSource(new OneClusterAccess(client), Clock.systemUTC())) {
            live.addListener(models::add);
            live.start(60_000);
            assertThat(live.watchedKinds("cluster1")).contains("pods", "services").doesNotContain("gateways", "virtualservices", "pools");

            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().resource(gatewayCrd("v1")).create();
            await(() -> live.watchedKinds("cluster1").contains("gateways"), "the gateways watched once their CRD is served");
            assertThat(live.watchedKinds("cluster1")).doesNotContain("virtualservices", "pools");
            gateway("ingress");
            OneClusterAccess.await(models, f -> f.istioGateways().stream().map(IstioGatewayFact::name).toList().contains("ingress"),
                    "the gateway created after its CRD");

            client.resource(crd).delete();
            OneClusterAccess.await(models, f -> f.istioGateways().isEmpty(), "no gateways once their CRD went");
            await(() -> !live.watchedKinds("cluster1").contains("gateways"), "the gateways no longer watched");
        }
    }

    @Test
    void aCrdThatDoesNotServeTheVersionReadStartsNothing() throws Exception {
        try (LiveSource live = new LiveSource(new OneClusterAccess(client), Clock.systemUTC())) {
            live.start(60_000);
            client.apiextensions().v1().customResourceDefinitions().resource(gatewayCrd("v1alpha3")).create();
            Thread.sleep(500); // its event has come by now
            assertThat(live.watchedKinds("cluster1")).doesNotContain("gateways");
        }
    }

    @Test
    void anAddOnAlreadyInstalledIsInTheFirstModel() {
        client.apiextensions().v1().customResourceDefinitions().resource(gatewayCrd("v1")).create();
        gateway("ingress");
        try (LiveSource live = new LiveSource(new OneClusterAccess(client), Clock.systemUTC())) {
            MeshModel first = live.start(60_000);
            assertThat(first.cluster("cluster1").orElseThrow().istioGateways()).extracting(IstioGatewayFact::name).containsExactly("ingress");
        }
    }

    private void gateway(String name) {
        GenericKubernetesResource g = new GenericKubernetesResource();
        g.setApiVersion("networking.istio.io/v1");
        g.setKind("Gateway");
        g.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace("default").build());
        g.setAdditionalProperties(Map.of("spec", Map.of("selector", Map.of("istio", "ingressgateway"))));
        client.genericKubernetesResources(SnapshotSource.GATEWAYS).inNamespace("default").resource(g).create();
    }

    private static CustomResourceDefinition gatewayCrd(String version) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("gateways.networking.istio.io").endMetadata()
                .withNewSpec().withGroup("networking.istio.io").withScope("Namespaced")
                .withNewNames().withKind("Gateway").withPlural("gateways").withSingular("gateway").withListKind("GatewayList").endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }

    private static void await(BooleanSupplier ok, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!ok.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what + " within 30 s").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
