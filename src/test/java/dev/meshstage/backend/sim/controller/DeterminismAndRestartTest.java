package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.VirtualClock;
import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DeterminismAndRestartTest {

    private static String scenario() {
        try (SimHarness sim = new SimHarness().started()) {
            sim.apply("v1", "Namespace", "", "{'metadata':{'name':'simple-buy','labels':{'istio-injection':'enabled'}}}");
            sim.apply("v1", "Secret", "simple-buy", "{'metadata':{'name':'simple-buy-secrets'},'stringData':{'POSTGRES_PASSWORD':'simplebuy'}}");
            sim.apply("apps/v1", "Deployment", "simple-buy", "{'metadata':{'name':'auth'},'spec':{'replicas':2,'selector':{'matchLabels':{'app':'auth'}},"
                    + "'template':{'metadata':{'labels':{'app':'auth'}},'spec':{'containers':[{'name':'auth','image':'sayedimran/simple-buy-auth:v1.0.0',"
                    + "'env':[{'name':'HTTP_PORT','value':'8081'},{'name':'GRPC_PORT','value':'9081'}],"
                    + "'ports':[{'name':'http','containerPort':8081},{'name':'grpc','containerPort':9081}],"
                    + "'readinessProbe':{'httpGet':{'path':'/health','port':8081},'initialDelaySeconds':10,'periodSeconds':5}}]}}}}");
            sim.apply("v1", "Service", "simple-buy", "{'metadata':{'name':'auth'},'spec':{'selector':{'app':'auth'},"
                    + "'ports':[{'name':'http','port':8081,'targetPort':'http'},{'name':'grpc','port':9081,'targetPort':'grpc'}]}}");
            sim.apply("apps/v1", "StatefulSet", "simple-buy", "{'metadata':{'name':'rabbitmq'},'spec':{'replicas':1,'serviceName':'rabbitmq',"
                    + "'selector':{'matchLabels':{'app':'rabbitmq'}},'template':{'metadata':{'labels':{'app':'rabbitmq'}},'spec':{'containers':"
                    + "[{'name':'rabbitmq','image':'rabbitmq:3-management-alpine','readinessProbe':{'exec':{'command':['rabbitmq-diagnostics','-q','ping']},"
                    + "'initialDelaySeconds':20}}]}},'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce'],"
                    + "'resources':{'requests':{'storage':'5Gi'}}}}]}}");
            sim.apply("v1", "Pod", "simple-buy", "{'metadata':{'name':'broken'},'spec':{'containers':[{'name':'c','image':'does-not-exist:v9'}]}}");
            sim.apply("v1", "ServiceAccount", "simple-buy", "{'metadata':{'name':'reader'}}");
            sim.apply("v1", "Secret", "simple-buy", "{'metadata':{'name':'reader-token','annotations':{'kubernetes.io/service-account.name':'reader'}},"
                    + "'type':'kubernetes.io/service-account-token'}");
            sim.settle();
            ObjectNode pod = sim.get("v1", "Pod", "simple-buy", "rabbitmq-0");
            assertThat(Json.conditionTrue(pod, "Ready")).isTrue();
            assertThat(sim.runtime.errors()).isEmpty();
            ObjectNode snap = sim.store.snapshot();
            for (JsonNode entry : snap.path("objects")) {
                JsonNode o = entry.path("object");
                if ("kubernetes.io/service-account-token".equals(o.path("type").asString(""))) {
                    ((ObjectNode) o.path("data")).remove("token"); // random by design
                }
            }
            String logs = String.join("\n", sim.runtime.logSource().lines("simple-buy", "rabbitmq-0", "rabbitmq", false, true));
            assertThat(logs).contains("Server startup complete");
            return Json.write(snap) + "\n" + logs;
        }
    }

    @Test
    void sameScenarioGivesByteIdenticalSnapshots() {
        String first = scenario();
        String second = scenario();
        assertThat(first).contains("\"podIP\"").contains("rabbitmq-0").contains("data-rabbitmq-0");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void restoredClusterFinishesWhatWasHalfWay() {
        ObjectNode snapshot;
        java.time.Instant stoppedAt;
        Map<String, String> ipsBefore;
        try (SimHarness sim = new SimHarness()) {
            sim.runtime.setAutoHorizon(Duration.ZERO);
            sim.runtime.start();
            sim.runtime.advance(Duration.ofMinutes(1));
            sim.apply("v1", "Namespace", "", "{'metadata':{'name':'demo'}}");
            sim.apply("apps/v1", "Deployment", "demo", WorkloadControllersTest.WEB);
            sim.runtime.advance(Duration.ofMillis(1500)); // sandboxes up, images still pulling
            List<ObjectNode> pods = WorkloadControllersTest.pods(sim, "demo", "app=web");
            assertThat(pods).hasSize(3).allSatisfy(p -> {
                assertThat(p.at("/status/phase").asString()).isEqualTo("Pending");
                assertThat(p.at("/status/containerStatuses/0/state/waiting/reason").asString()).isEqualTo("ContainerCreating");
                assertThat(p.at("/status/podIP").asString()).isNotEmpty();
            });
            ipsBefore = pods.stream().collect(Collectors.toMap(p -> p.at("/metadata/name").asString(), p -> p.at("/status/podIP").asString()));
            snapshot = sim.store.snapshot();
            stoppedAt = sim.clock.get();
        }
        try (SimHarness sim = new SimHarness(SimHarness.plan("cluster1", "10.244.0.0/16", "10.96.0.0/16", 2),
                VirtualClock.instant(stoppedAt), snapshot)) {
            sim.runtime.start();
            sim.settle();
            List<ObjectNode> pods = WorkloadControllersTest.pods(sim, "demo", "app=web");
            assertThat(pods).hasSize(3).allSatisfy(p -> {
                assertThat(p.at("/status/phase").asString()).isEqualTo("Running");
                assertThat(Json.conditionTrue(p, "Ready")).isTrue();
                assertThat(p.at("/status/podIP").asString()).isEqualTo(ipsBefore.get(p.at("/metadata/name").asString()));
            });
            assertThat(sim.get("apps/v1", "Deployment", "demo", "web").at("/status/availableReplicas").asInt()).isEqualTo(3);
            assertThat(sim.list("v1", "Node", "")).hasSize(3);
            assertThat(sim.list("v1", "Pod", "kube-system")).hasSize(12);
            // running pods kept their addresses and got their logs back; a new pod gets a fresh address
            String corednsPod = WorkloadControllersTest.pods(sim, "kube-system", "k8s-app=kube-dns").get(0).at("/metadata/name").asString();
            assertThat(sim.runtime.logSource().lines("kube-system", corednsPod, "coredns", false, false)).contains("CoreDNS-1.12.1");
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'extra'},'spec':{'containers':[{'name':'c','image':'nginx:alpine'}]}}");
            sim.settle();
            List<String> allIps = sim.list("v1", "Pod", "").stream().filter(p -> !p.at("/spec/hostNetwork").asBoolean(false))
                    .map(p -> p.at("/status/podIP").asString()).toList();
            assertThat(allIps).doesNotHaveDuplicates();
            assertThat(sim.store.list(sim.type("v1", "Event"), "demo", LabelSelector.everything(), FieldSelector.parse("reason=Started")).items())
                    .hasSizeGreaterThanOrEqualTo(4);
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void eventsExpireAfterAnHourOfVirtualTime() {
        try (SimHarness sim = new SimHarness().started()) {
            assertThat(sim.list("v1", "Event", "kube-system")).isNotEmpty();
            sim.runtime.advance(Duration.ofMinutes(61));
            sim.runtime.advance(Duration.ofMinutes(1));
            assertThat(sim.list("v1", "Event", "kube-system")).isEmpty();
        }
    }
}
