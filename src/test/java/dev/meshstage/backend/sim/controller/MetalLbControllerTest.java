package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.StoreException;
import dev.meshstage.kube.MetalLbManifests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetalLbControllerTest {

    private static final String POOL = "{'apiVersion':'metallb.io/v1beta1','kind':'IPAddressPool',"
            + "'metadata':{'name':'%s','namespace':'metallb-system'},'spec':{'addresses':['%s']%s}}";
    private static final String L2 = "{'apiVersion':'metallb.io/v1beta1','kind':'L2Advertisement',"
            + "'metadata':{'name':'default','namespace':'metallb-system'},'spec':{'ipAddressPools':['default-pool']}}";

    /** Applies the bundled MetalLB manifests straight into the store, as the API server would. */
    static void installMetalLb(SimHarness sim) {
        for (ObjectNode o : MetalLbManifests.install()) {
            sim.store.create(sim.type(o.path("apiVersion").asString(), o.path("kind").asString()),
                    o.path("metadata").path("namespace").asString(""), o);
        }
        sim.settle();
    }

    private static ObjectNode pool(SimHarness sim, String name, String addresses, String extra) {
        return sim.apply("metallb.io/v1beta1", "IPAddressPool", "metallb-system", POOL.formatted(name, addresses, extra));
    }

    private static ObjectNode lbService(SimHarness sim, String name, String extraSpec) {
        return sim.apply("v1", "Service", "demo", "{'metadata':{'name':'" + name + "'},'spec':{'type':'LoadBalancer',"
                + "'selector':{'app':'web'},'ports':[{'port':80}]" + extraSpec + "}}");
    }

    private static String ip(SimHarness sim, String service) {
        return sim.get("v1", "Service", "demo", service).at("/status/loadBalancer/ingress/0/ip").asString("");
    }

    private static List<String> events(SimHarness sim, String service) {
        return sim.store.list(sim.type("v1", "Event"), "demo", LabelSelector.everything(),
                FieldSelector.parse("involvedObject.name=" + service)).items().stream()
                .map(e -> e.path("reason").asString() + " " + e.path("message").asString()).toList();
    }

    @Test
    void servicesStayPendingUntilMetalLbIsInstalledThenGetTheLowestFreeAddress() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'web','labels':{'app':'web'}},"
                    + "'spec':{'containers':[{'name':'web','image':'nginx:alpine'}]}}");
            lbService(sim, "early", "");
            sim.settle();
            assertThat(ip(sim, "early")).isEmpty();
            assertThat(events(sim, "early")).isEmpty();

            installMetalLb(sim);
            // MetalLB without a pool assigns nothing and, like v0.14.9, says nothing either
            assertThat(ip(sim, "early")).isEmpty();
            assertThat(sim.get("v1", "Secret", "metallb-system", "memberlist")).isNotNull();

            pool(sim, "default-pool", "172.18.255.1-172.18.255.100", "");
            sim.apply("metallb.io/v1beta1", "L2Advertisement", "metallb-system", L2);
            assertThat(ip(sim, "early")).isEqualTo("172.18.255.1");
            ObjectNode early = sim.get("v1", "Service", "demo", "early");
            assertThat(early.at("/metadata/annotations/metallb.io~1ip-allocated-from-pool").asString()).isEqualTo("default-pool");
            assertThat(early.at("/status/loadBalancer/ingress/0/ipMode").asString()).isEqualTo("VIP");
            List<String> events = events(sim, "early");
            assertThat(events).contains("IPAllocated Assigned IP [\"172.18.255.1\"]");
            // the control plane is excluded from external load balancers when there are workers
            assertThat(events).filteredOn(e -> e.startsWith("nodeAssigned")).singleElement().satisfies(e ->
                    assertThat(e).matches("nodeAssigned announcing from node \"cluster1-worker2?\" with protocol \"layer2\""));

            lbService(sim, "second", "");
            assertThat(ip(sim, "second")).isEqualTo("172.18.255.2");
            sim.store.delete(sim.type("v1", "Service"), "demo", "early", "Background", null);
            sim.settle();
            lbService(sim, "third", "");
            assertThat(ip(sim, "third")).isEqualTo("172.18.255.1");

            // no longer a LoadBalancer: the address goes back
            ObjectNode second = sim.get("v1", "Service", "demo", "second");
            ((ObjectNode) second.get("spec")).put("type", "ClusterIP");
            sim.store.update(sim.type("v1", "Service"), "demo", "second", second);
            sim.settle();
            ObjectNode released = sim.get("v1", "Service", "demo", "second");
            assertThat(released.at("/status/loadBalancer/ingress").isMissingNode()).isTrue();
            assertThat(released.at("/metadata/annotations/metallb.io~1ip-allocated-from-pool").isMissingNode()).isTrue();
            lbService(sim, "fourth", "");
            assertThat(ip(sim, "fourth")).isEqualTo("172.18.255.2");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void requestedAddressesAutoAssignBuggyAddressesAndExhaustion() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            installMetalLb(sim);
            pool(sim, "a-manual", "172.18.200.0/30", ",'autoAssign':false");
            pool(sim, "b-edge", "172.18.254.255-172.18.255.1", ",'avoidBuggyIPs':true");

            lbService(sim, "asked", ",'loadBalancerIP':'172.18.200.2'");
            assertThat(ip(sim, "asked")).isEqualTo("172.18.200.2");
            sim.apply("v1", "Service", "demo", "{'metadata':{'name':'annotated','annotations':"
                    + "{'metallb.universe.tf/loadBalancerIPs':'172.18.200.3'}},'spec':{'type':'LoadBalancer','ports':[{'port':80}]}}");
            assertThat(ip(sim, "annotated")).isEqualTo("172.18.200.3");

            // a-manual is not auto-assigned; b-edge skips .255 and .0
            lbService(sim, "auto", "");
            assertThat(ip(sim, "auto")).isEqualTo("172.18.255.1");
            lbService(sim, "more", "");
            assertThat(ip(sim, "more")).isEmpty();
            assertThat(events(sim, "more")).containsExactly("AllocationFailed Failed to allocate IP for \"demo/more\": no available IPs");

            lbService(sim, "outside", ",'loadBalancerIP':'10.1.2.3'");
            assertThat(events(sim, "outside")).containsExactly(
                    "AllocationFailed Failed to allocate IP for \"demo/outside\": [\"10.1.2.3\"] is not allowed in config");

            // freeing an address lets a waiting service have it
            sim.store.delete(sim.type("v1", "Service"), "demo", "auto", "Background", null);
            sim.settle();
            assertThat(ip(sim, "more")).isEqualTo("172.18.255.1");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void aPoolAppliedBeforeTheControllerIsReadyFailsLikeTheRealWebhookRace() {
        try (SimHarness sim = new SimHarness().started()) {
            // from here on time only moves when the test says so: the controller pod stays unready
            sim.runtime.setAutoHorizon(Duration.ZERO);
            sim.runtime.advance(Duration.ofMinutes(2));
            installMetalLb(sim);
            String webhookIp = sim.get("v1", "Service", "metallb-system", "metallb-webhook-service").at("/spec/clusterIP").asString();
            assertThat(webhookIp).startsWith("10.96.");

            assertThatThrownBy(() -> pool(sim, "default-pool", "172.18.255.1-172.18.255.100", ""))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.code()).isEqualTo(500);
                        assertThat(e.reason()).isEqualTo("InternalError");
                        assertThat(e.getMessage()).isEqualTo("Internal error occurred: failed calling webhook "
                                + "\"ipaddresspoolvalidationwebhook.metallb.io\": failed to call webhook: Post "
                                + "\"https://metallb-webhook-service.metallb-system.svc:443/validate-metallb-io-v1beta1-ipaddresspool?timeout=10s\": "
                                + "dial tcp " + webhookIp + ":443: connect: connection refused");
                    });
            assertThatThrownBy(() -> sim.apply("metallb.io/v1beta1", "L2Advertisement", "metallb-system", L2))
                    .hasMessageContaining("failed calling webhook \"l2advertisementvalidationwebhook.metallb.io\"");

            sim.runtime.advance(Duration.ofSeconds(30)); // image pull, start, readiness probe after 10 s
            ObjectNode created = pool(sim, "default-pool", "172.18.255.1-172.18.255.100", "");
            assertThat(created.at("/metadata/name").asString()).isEqualTo("default-pool");

            // now the webhook answers, and validates like MetalLB
            assertThatThrownBy(() -> pool(sim, "other", "172.18.255.64/26", ""))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.code()).isEqualTo(403);
                        assertThat(e.getMessage()).isEqualTo("admission webhook \"ipaddresspoolvalidationwebhook.metallb.io\" "
                                + "denied the request: CIDR \"172.18.255.64/26\" in pool \"other\" overlaps with already defined CIDR \"172.18.255.64/27\"");
                    });
            assertThatThrownBy(() -> pool(sim, "broken", "172.18.250.9-172.18.250.1", ""))
                    .hasMessage("admission webhook \"ipaddresspoolvalidationwebhook.metallb.io\" denied the request: parsing address "
                            + "pool broken: invalid CIDR \"172.18.250.9-172.18.250.1\" in pool \"broken\": invalid IP range "
                            + "\"172.18.250.9-172.18.250.1\": start IP \"172.18.250.9\" is after the end IP \"172.18.250.1\"");
            assertThatThrownBy(() -> pool(sim, "typo", "172.18.250.0/33", ""))
                    .hasMessageEndingWith("invalid CIDR \"172.18.250.0/33\" in pool \"typo\": invalid CIDR \"172.18.250.0/33\"");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }
}
