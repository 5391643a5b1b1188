package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.StoreException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServicesAndPodsTest {

    private static List<ObjectNode> events(SimHarness sim, String ns, String pod) {
        return sim.store.list(sim.type("v1", "Event"), ns, LabelSelector.everything(),
                FieldSelector.parse("involvedObject.name=" + pod)).items();
    }

    @Test
    void servicesGetClusterIpsAndNodePorts() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            ObjectNode a = sim.apply("v1", "Service", "demo", "{'metadata':{'name':'a'},'spec':{'selector':{'app':'a'},'ports':[{'port':80}]}}");
            String ip = a.at("/spec/clusterIP").asString();
            assertThat(Ipv4.parse("10.96.0.0/16").contains(ip)).isTrue();
            assertThat(ip).isNotIn("10.96.0.1", "10.96.0.10");
            assertThat(a.at("/spec/clusterIPs/0").asString()).isEqualTo(ip);
            assertThat(a.at("/spec/ipFamilies/0").asString()).isEqualTo("IPv4");
            assertThat(a.at("/spec/ports/0/targetPort").asInt()).isEqualTo(80);
            assertThat(a.at("/spec/ports/0/protocol").asString()).isEqualTo("TCP");
            ObjectNode np = sim.apply("v1", "Service", "demo", "{'metadata':{'name':'np'},'spec':{'type':'NodePort','selector':{'app':'a'},"
                    + "'ports':[{'name':'http','port':80},{'name':'fixed','port':81,'nodePort':30000}]}}");
            int auto = np.at("/spec/ports/0/nodePort").asInt();
            assertThat(auto).isBetween(30000, 32767);
            assertThat(np.at("/spec/ports/1/nodePort").asInt()).isEqualTo(30000);
            assertThatThrownBy(() -> sim.apply("v1", "Service", "demo", "{'metadata':{'name':'clash'},'spec':{'type':'NodePort',"
                    + "'ports':[{'port':80,'nodePort':30000}]}}"))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.code()).isEqualTo(422);
                        assertThat(e.getMessage()).contains("provided port is already allocated");
                    });
            assertThatThrownBy(() -> sim.apply("v1", "Service", "demo", "{'metadata':{'name':'dup'},'spec':{'clusterIP':'" + ip + "','ports':[{'port':80}]}}"))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.getMessage()).contains("provided IP is already allocated"));
            ObjectNode headless = sim.apply("v1", "Service", "demo", "{'metadata':{'name':'h'},'spec':{'clusterIP':'None','selector':{'app':'a'},'ports':[{'port':5432}]}}");
            assertThat(headless.at("/spec/clusterIP").asString()).isEqualTo("None");
            ObjectNode lb = sim.apply("v1", "Service", "demo", "{'metadata':{'name':'lb'},'spec':{'type':'LoadBalancer','ports':[{'port':15443}]}}");
            assertThat(lb.at("/spec/ports/0/nodePort").asInt()).isBetween(30000, 32767);
            assertThat(lb.at("/status/loadBalancer").isObject()).isTrue();
            assertThat(lb.at("/status/loadBalancer/ingress").isMissingNode()).isTrue();
            // an update without clusterIP / nodePort keeps them (kubectl apply)
            ObjectNode edit = Bootstrap.q("{'apiVersion':'v1','kind':'Service','metadata':{'name':'np','namespace':'demo'},'spec':{'type':'NodePort',"
                    + "'selector':{'app':'b'},'ports':[{'name':'http','port':80},{'name':'fixed','port':81,'nodePort':30000}]}}");
            ObjectNode updated = sim.store.update(sim.type("v1", "Service"), "demo", "np", edit);
            assertThat(updated.at("/spec/clusterIP").asString()).isEqualTo(np.at("/spec/clusterIP").asString());
            assertThat(updated.at("/spec/ports/0/nodePort").asInt()).isEqualTo(auto);
            sim.settle();
            assertThat(sim.get("v1", "Endpoints", "demo", "a")).isNotNull();
            assertThat(sim.get("v1", "Endpoints", "demo", "a").has("subsets")).isFalse();
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void unknownImageFailsToPullAndBacksOff() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'bad','labels':{'app':'bad'}},'spec':{'containers':[{'name':'c','image':'nginxx'}]}}");
            sim.apply("v1", "Service", "demo", "{'metadata':{'name':'bad'},'spec':{'selector':{'app':'bad'},'ports':[{'port':80}]}}");
            sim.settle();
            ObjectNode pod = sim.get("v1", "Pod", "demo", "bad");
            assertThat(pod.at("/status/phase").asString()).isEqualTo("Pending");
            assertThat(pod.at("/status/containerStatuses/0/state/waiting/reason").asString()).isIn("ImagePullBackOff", "ErrImagePull");
            assertThat(pod.at("/status/podIP").asString()).isNotEmpty();
            List<ObjectNode> events = events(sim, "demo", "bad");
            List<String> reasons = events.stream().map(e -> e.at("/reason").asString()).toList();
            assertThat(reasons).contains("Scheduled", "Pulling", "Failed", "BackOff");
            assertThat(events).anySatisfy(e -> assertThat(e.at("/message").asString()).isEqualTo(
                    "Failed to pull image \"nginxx\": rpc error: code = Unknown desc = failed to pull and unpack image "
                            + "\"docker.io/library/nginxx:latest\": failed to resolve reference \"docker.io/library/nginxx:latest\": "
                            + "pull access denied, repository does not exist or may require authorization: server message: "
                            + "insufficient_scope: authorization failed"));
            assertThat(events).anySatisfy(e -> {
                assertThat(e.at("/reason").asString()).isEqualTo("Pulling");
                assertThat(e.at("/count").asInt()).isGreaterThan(1);
                assertThat(e.at("/source/host").asString()).startsWith("cluster1-worker");
                assertThat(e.at("/involvedObject/fieldPath").asString()).isEqualTo("spec.containers{c}");
            });
            assertThat(events).anySatisfy(e -> assertThat(e.at("/message").asString()).isEqualTo("Error: ImagePullBackOff"));
            assertThat(sim.get("v1", "Endpoints", "demo", "bad").at("/subsets/0/notReadyAddresses")).hasSize(1);
            assertThat(sim.list("discovery.k8s.io/v1", "EndpointSlice", "demo").get(0).at("/endpoints/0/conditions/ready").asBoolean()).isFalse();
            // the back-off settles into ImagePullBackOff between attempts
            sim.runtime.advance(Duration.ofSeconds(3));
            assertThat(sim.get("v1", "Pod", "demo", "bad").at("/status/containerStatuses/0/state/waiting/reason").asString()).isEqualTo("ImagePullBackOff");
            // preloading the image lets the next attempt succeed
            sim.runtime.images().add("nginxx", 5);
            sim.runtime.advance(Duration.ofMinutes(6));
            assertThat(sim.get("v1", "Pod", "demo", "bad").at("/status/phase").asString()).isEqualTo("Running");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void readinessFollowsTheProbeDelayOnTheVirtualClock() {
        try (SimHarness sim = new SimHarness()) {
            sim.runtime.setAutoHorizon(Duration.ZERO);
            sim.runtime.start();
            sim.runtime.advance(Duration.ofMinutes(1));
            WorkloadControllersTest.demo(sim);
            sim.runtime.preloadImages(List.of("nginx:alpine"));
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'slow'},'spec':{'containers':[{'name':'c','image':'nginx:alpine',"
                    + "'readinessProbe':{'httpGet':{'path':'/','port':80},'initialDelaySeconds':30,'periodSeconds':10}}]}}");
            sim.runtime.advance(Duration.ofSeconds(5));
            ObjectNode pod = sim.get("v1", "Pod", "demo", "slow");
            assertThat(pod.at("/status/phase").asString()).isEqualTo("Running");
            assertThat(Json.conditionTrue(pod, "Ready")).isFalse();
            assertThat(pod.at("/status/containerStatuses/0/ready").asBoolean()).isFalse();
            String started = pod.at("/status/containerStatuses/0/state/running/startedAt").asString();
            sim.runtime.advance(Duration.ofSeconds(20));
            assertThat(Json.conditionTrue(sim.get("v1", "Pod", "demo", "slow"), "Ready")).isFalse();
            sim.runtime.advance(Duration.ofSeconds(10));
            pod = sim.get("v1", "Pod", "demo", "slow");
            assertThat(Json.conditionTrue(pod, "Ready")).isTrue();
            assertThat(Duration.between(java.time.Instant.parse(started),
                    java.time.Instant.parse(Json.condition(pod, "Ready").path("lastTransitionTime").asString()))).isEqualTo(Duration.ofSeconds(30));
            assertThat(events(sim, "demo", "slow")).anySatisfy(e ->
                    assertThat(e.at("/message").asString()).isEqualTo("Container image \"nginx:alpine\" already present on machine"));
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void anAppBecomesReadyOnlyAfterTheDatabaseItsConfigNamesAndALocalStubDoesNotHoldItBack() {
        try (SimHarness sim = new SimHarness()) {
            sim.runtime.setAutoHorizon(Duration.ZERO);
            sim.runtime.start();
            sim.runtime.advance(Duration.ofMinutes(1));
            WorkloadControllersTest.demo(sim);
            sim.runtime.preloadImages(List.of("nginx:alpine", "postgres:16-alpine"));
            sim.apply("v1", "Service", "demo", "{'metadata':{'name':'db'},'spec':{'selector':{'app':'db'},'ports':[{'port':5432}]}}");
            sim.apply("v1", "Service", "demo", "{'metadata':{'name':'remote'},'spec':{'selector':{'app':'elsewhere'},'ports':[{'port':9000}]}}");
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'db','labels':{'app':'db'}},'spec':{'containers':[{'name':'postgres',"
                    + "'image':'postgres:16-alpine','readinessProbe':{'exec':{'command':['pg_isready']},'initialDelaySeconds':40}}]}}");
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'app'},'spec':{'containers':[{'name':'c','image':'nginx:alpine',"
                    + "'env':[{'name':'DATABASE_URL','value':'postgres://u:p@db.demo:5432/x'},{'name':'PEER','value':'remote:9000'}],"
                    + "'readinessProbe':{'httpGet':{'path':'/health','port':80},'initialDelaySeconds':10}}]}}");
            sim.runtime.advance(Duration.ofSeconds(20));
            assertThat(Json.conditionTrue(sim.get("v1", "Pod", "demo", "app"), "Ready")).as("waits for db").isFalse();
            sim.runtime.advance(Duration.ofSeconds(40));
            assertThat(Json.conditionTrue(sim.get("v1", "Pod", "demo", "db"), "Ready")).isTrue();
            assertThat(Json.conditionTrue(sim.get("v1", "Pod", "demo", "app"), "Ready")).as("ready once db is").isTrue();
            assertThat(sim.runtime.logSource().lines("demo", "app", "c", false, false))
                    .anyMatch(l -> l.contains("db not reachable yet") && l.contains(":5432: connect: connection refused"))
                    .noneMatch(l -> l.contains("remote not reachable"));
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void initContainersRunFirstAndLogsFollowTheImage() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'db'},'spec':{'initContainers':[{'name':'wait','image':'busybox',"
                    + "'command':['sh','-c','sleep 3']}],'containers':[{'name':'postgres','image':'postgres:16-alpine',"
                    + "'env':[{'name':'POSTGRES_DB','value':'auth_db'}],'ports':[{'containerPort':5432}]}]}}");
            sim.settle();
            ObjectNode pod = sim.get("v1", "Pod", "demo", "db");
            assertThat(pod.at("/status/phase").asString()).isEqualTo("Running");
            assertThat(pod.at("/status/initContainerStatuses/0/state/terminated/reason").asString()).isEqualTo("Completed");
            String initDone = pod.at("/status/initContainerStatuses/0/state/terminated/finishedAt").asString();
            String started = pod.at("/status/containerStatuses/0/state/running/startedAt").asString();
            assertThat(started.compareTo(initDone)).isGreaterThanOrEqualTo(0);
            assertThat(sim.runtime.logSource().lines("demo", "db", "postgres", false, false))
                    .anyMatch(l -> l.endsWith("database system is ready to accept connections"));
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void secretsGetStringDataEncodedAndTokensFilled() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            ObjectNode s = sim.apply("v1", "Secret", "demo", "{'metadata':{'name':'creds'},'stringData':{'PASSWORD':'simplebuy'}}");
            assertThat(s.has("stringData")).isFalse();
            assertThat(s.at("/type").asString()).isEqualTo("Opaque");
            assertThat(new String(Base64.getDecoder().decode(s.at("/data/PASSWORD").asString()), StandardCharsets.UTF_8)).isEqualTo("simplebuy");
            sim.apply("v1", "ServiceAccount", "demo", "{'metadata':{'name':'reader'}}");
            sim.apply("v1", "Secret", "demo", "{'metadata':{'name':'reader-token','annotations':{'kubernetes.io/service-account.name':'reader'}},"
                    + "'type':'kubernetes.io/service-account-token'}");
            sim.settle();
            ObjectNode token = sim.get("v1", "Secret", "demo", "reader-token");
            String jwt = new String(Base64.getDecoder().decode(token.at("/data/token").asString()), StandardCharsets.UTF_8);
            assertThat(jwt.split("\\.")).hasSize(3);
            assertThat(new String(Base64.getDecoder().decode(token.at("/data/namespace").asString()), StandardCharsets.UTF_8)).isEqualTo("demo");
            assertThat(new String(Base64.getDecoder().decode(token.at("/data/ca.crt").asString()), StandardCharsets.UTF_8)).contains("TESTCA");
            assertThat(token.at("/metadata/annotations/kubernetes.io~1service-account.uid").asString())
                    .isEqualTo(sim.get("v1", "ServiceAccount", "demo", "reader").at("/metadata/uid").asString());
            assertThat(sim.get("v1", "ServiceAccount", "demo", "default")).isNotNull();
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void unschedulablePodGetsFailedScheduling() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'nowhere'},'spec':{'nodeSelector':{'disk':'ssd'},"
                    + "'containers':[{'name':'c','image':'nginx'}]}}");
            sim.settle();
            ObjectNode pod = sim.get("v1", "Pod", "demo", "nowhere");
            assertThat(pod.at("/spec/nodeName").isMissingNode()).isTrue();
            assertThat(Json.condition(pod, "PodScheduled").path("reason").asString()).isEqualTo("Unschedulable");
            String expected = "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                    + "2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
            assertThat(events(sim, "demo", "nowhere")).anySatisfy(e -> {
                assertThat(e.at("/reason").asString()).isEqualTo("FailedScheduling");
                assertThat(e.at("/message").asString()).isEqualTo(expected);
            });
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void aPodThatFinishesMakesRoomForAPendingOne() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            // one worker left, with room for exactly one more pod
            ObjectNode cordoned = sim.get("v1", "Node", "", "cluster1-worker2");
            ((ObjectNode) cordoned.get("spec")).put("unschedulable", true);
            sim.store.update(sim.type("v1", "Node"), "", "cluster1-worker2", cordoned);
            long there = sim.list("v1", "Pod", "").stream()
                    .filter(p -> p.at("/spec/nodeName").asString("").equals("cluster1-worker") && Pods.active(p)).count();
            ObjectNode worker = sim.get("v1", "Node", "", "cluster1-worker");
            ((ObjectNode) worker.get("status").get("allocatable")).put("pods", String.valueOf(there + 1));
            sim.store.updateStatus(sim.type("v1", "Node"), "", "cluster1-worker", worker);
            sim.settle();

            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'once'},'spec':{'restartPolicy':'Never',"
                    + "'containers':[{'name':'c','image':'busybox:1.36','command':['sleep','300']}]}}");
            assertThat(sim.get("v1", "Pod", "demo", "once").at("/spec/nodeName").asString()).isEqualTo("cluster1-worker");
            sim.apply("v1", "Pod", "demo", "{'metadata':{'name':'waiting'},'spec':{'containers':[{'name':'c','image':'nginx'}]}}");
            ObjectNode waiting = sim.get("v1", "Pod", "demo", "waiting");
            assertThat(waiting.at("/spec/nodeName").isMissingNode()).isTrue();
            assertThat(Json.condition(waiting, "PodScheduled").path("message").asString()).contains("1 Too many pods");

            sim.runtime.advance(Duration.ofSeconds(400)); // the sleep ends: once Succeeded, its place free
            sim.settle();
            assertThat(sim.get("v1", "Pod", "demo", "once").at("/status/phase").asString()).isEqualTo("Succeeded");
            assertThat(sim.get("v1", "Pod", "demo", "waiting").at("/spec/nodeName").asString())
                    .as("the pending pod is scheduled once a pod on the node finishes").isEqualTo("cluster1-worker");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }
}
