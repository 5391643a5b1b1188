package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadControllersTest {

    static final String WEB = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'replicas':3,"
            + "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':"
            + "[{'name':'nginx','image':'nginx:alpine','ports':[{'name':'http','containerPort':80}]}]}}}}";

    static ObjectNode demo(SimHarness sim) {
        return sim.apply("v1", "Namespace", "", "{'metadata':{'name':'demo'}}");
    }

    static List<ObjectNode> pods(SimHarness sim, String ns, String selector) {
        return sim.store.list(sim.type("v1", "Pod"), ns, LabelSelector.parse(selector), FieldSelector.everything()).items();
    }

    @Test
    void deploymentCreatesReplicaSetAndReadyPodsWithEndpoints() {
        try (SimHarness sim = new SimHarness().started()) {
            demo(sim);
            sim.apply("apps/v1", "Deployment", "demo", WEB);
            sim.apply("v1", "Service", "demo", "{'metadata':{'name':'web'},'spec':{'selector':{'app':'web'},"
                    + "'ports':[{'port':8080,'targetPort':'http'}]}}");
            sim.settle();
            List<ObjectNode> rs = sim.list("apps/v1", "ReplicaSet", "demo");
            assertThat(rs).hasSize(1);
            String hash = rs.get(0).at("/metadata/labels/pod-template-hash").asString();
            assertThat(hash).hasSize(10);
            assertThat(rs.get(0).at("/metadata/name").asString()).isEqualTo("web-" + hash);
            assertThat(rs.get(0).at("/metadata/ownerReferences/0/controller").asBoolean()).isTrue();
            List<ObjectNode> pods = pods(sim, "demo", "app=web");
            assertThat(pods).hasSize(3).allSatisfy(p -> {
                assertThat(p.at("/metadata/name").asString()).matches("web-" + hash + "-[a-z0-9]{5}");
                assertThat(p.at("/status/phase").asString()).isEqualTo("Running");
                assertThat(Json.conditionTrue(p, "Ready")).isTrue();
                assertThat(p.at("/metadata/ownerReferences/0/blockOwnerDeletion").asBoolean()).isTrue();
                assertThat(p.at("/status/containerStatuses/0/state/running/startedAt").asString()).isNotEmpty();
                assertThat(p.at("/status/containerStatuses/0/imageID").asString()).startsWith("docker.io/library/nginx@sha256:");
                assertThat(p.at("/spec/nodeName").asString()).isIn("cluster1-worker", "cluster1-worker2");
            });
            ObjectNode d = sim.get("apps/v1", "Deployment", "demo", "web");
            assertThat(d.at("/status/readyReplicas").asInt()).isEqualTo(3);
            assertThat(d.at("/status/availableReplicas").asInt()).isEqualTo(3);
            assertThat(d.at("/status/updatedReplicas").asInt()).isEqualTo(3);
            assertThat(d.at("/status/observedGeneration").asInt()).isEqualTo(1);
            assertThat(Json.condition(d, "Available").path("reason").asString()).isEqualTo("MinimumReplicasAvailable");
            assertThat(Json.condition(d, "Progressing").path("reason").asString()).isEqualTo("NewReplicaSetAvailable");
            ObjectNode ep = sim.get("v1", "Endpoints", "demo", "web");
            assertThat(ep.at("/subsets/0/addresses")).hasSize(3);
            assertThat(ep.at("/subsets/0/ports/0/port").asInt()).isEqualTo(80);
            List<ObjectNode> slices = sim.list("discovery.k8s.io/v1", "EndpointSlice", "demo");
            assertThat(slices).singleElement().satisfies(s -> {
                assertThat(s.at("/metadata/labels/kubernetes.io~1service-name").asString()).isEqualTo("web");
                assertThat(s.at("/metadata/labels/endpointslice.kubernetes.io~1managed-by").asString()).isEqualTo("endpointslice-controller.k8s.io");
                assertThat(s.at("/endpoints")).hasSize(3);
                assertThat(s.at("/endpoints/0/conditions/ready").asBoolean()).isTrue();
            });
            List<String> logs = sim.runtime.logSource().lines("demo", pods.get(0).at("/metadata/name").asString(), "nginx", false, true);
            assertThat(logs).anyMatch(l -> l.contains("Configuration complete; ready for start up"));
            assertThat(logs.get(0)).matches("2026-01-01T09:\\d\\d:\\d\\d\\.\\d{9}Z .*");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void scaleDownAndRollingUpdate() {
        try (SimHarness sim = new SimHarness().started()) {
            demo(sim);
            sim.apply("apps/v1", "Deployment", "demo", WEB);
            sim.settle();
            ObjectNode d = sim.get("apps/v1", "Deployment", "demo", "web");
            ((ObjectNode) d.get("spec")).put("replicas", 1);
            sim.store.update(sim.type("apps/v1", "Deployment"), "demo", "web", d);
            sim.settle();
            assertThat(pods(sim, "demo", "app=web")).hasSize(1);
            assertThat(sim.get("apps/v1", "Deployment", "demo", "web").at("/status/replicas").asInt()).isEqualTo(1);

            d = sim.get("apps/v1", "Deployment", "demo", "web");
            ((ObjectNode) d.get("spec")).put("replicas", 3);
            ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("image", "nginx");
            String oldHash = sim.list("apps/v1", "ReplicaSet", "demo").get(0).at("/metadata/labels/pod-template-hash").asString();
            sim.store.update(sim.type("apps/v1", "Deployment"), "demo", "web", d);
            sim.settle();
            List<ObjectNode> rs = sim.list("apps/v1", "ReplicaSet", "demo");
            assertThat(rs).hasSize(2);
            ObjectNode newRs = rs.stream().filter(r -> !r.at("/metadata/labels/pod-template-hash").asString().equals(oldHash)).findFirst().orElseThrow();
            ObjectNode oldRs = rs.stream().filter(r -> r.at("/metadata/labels/pod-template-hash").asString().equals(oldHash)).findFirst().orElseThrow();
            assertThat(newRs.at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(oldRs.at("/spec/replicas").asInt()).isZero();
            assertThat(newRs.at("/metadata/annotations/deployment.kubernetes.io~1revision").asString()).isEqualTo("2");
            List<ObjectNode> pods = pods(sim, "demo", "app=web");
            assertThat(pods).hasSize(3).allSatisfy(p -> {
                assertThat(p.at("/spec/containers/0/image").asString()).isEqualTo("nginx");
                assertThat(Json.conditionTrue(p, "Ready")).isTrue();
            });
            ObjectNode dep = sim.get("apps/v1", "Deployment", "demo", "web");
            assertThat(dep.at("/status/updatedReplicas").asInt()).isEqualTo(3);
            assertThat(dep.at("/metadata/annotations/deployment.kubernetes.io~1revision").asString()).isEqualTo("2");
            List<String> scaling = sim.store.list(sim.type("v1", "Event"), "demo", LabelSelector.everything(),
                    FieldSelector.parse("reason=ScalingReplicaSet")).items().stream().map(e -> e.at("/message").asString()).toList();
            assertThat(scaling).contains("Scaled up replica set web-" + oldHash + " from 0 to 3",
                    "Scaled down replica set web-" + oldHash + " from 3 to 1",
                    "Scaled down replica set web-" + oldHash + " from 1 to 0");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void statefulSetCreatesPodsInOrderWithBoundClaims() {
        try (SimHarness sim = new SimHarness()) {
            sim.runtime.setAutoHorizon(Duration.ZERO);
            sim.runtime.start();
            sim.runtime.advance(Duration.ofMinutes(1));
            demo(sim);
            sim.apply("v1", "Service", "demo", "{'metadata':{'name':'redis'},'spec':{'clusterIP':'None','selector':{'app':'redis'},"
                    + "'ports':[{'port':6379}]}}");
            sim.apply("apps/v1", "StatefulSet", "demo", "{'metadata':{'name':'redis'},'spec':{'replicas':3,'serviceName':'redis',"
                    + "'selector':{'matchLabels':{'app':'redis'}},'template':{'metadata':{'labels':{'app':'redis'}},'spec':{'containers':"
                    + "[{'name':'redis','image':'redis:7-alpine','ports':[{'containerPort':6379}],"
                    + "'readinessProbe':{'exec':{'command':['redis-cli','ping']},'initialDelaySeconds':5,'periodSeconds':5},"
                    + "'volumeMounts':[{'name':'data','mountPath':'/data'}]}]}},"
                    + "'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce'],"
                    + "'resources':{'requests':{'storage':'5Gi'}}}}]}}");
            sim.settle();
            assertThat(pods(sim, "demo", "app=redis")).extracting(p -> p.at("/metadata/name").asString()).containsExactly("redis-0");
            assertThat(sim.get("v1", "PersistentVolumeClaim", "demo", "data-redis-0").at("/status/phase").asString()).isEqualTo("Bound");
            assertThat(sim.get("v1", "PersistentVolumeClaim", "demo", "data-redis-1")).isNull();
            sim.runtime.advance(Duration.ofMinutes(2));
            List<ObjectNode> pods = pods(sim, "demo", "app=redis");
            assertThat(pods).extracting(p -> p.at("/metadata/name").asString()).containsExactly("redis-0", "redis-1", "redis-2");
            Instant c0 = Instant.parse(pods.get(0).at("/metadata/creationTimestamp").asString());
            Instant c1 = Instant.parse(pods.get(1).at("/metadata/creationTimestamp").asString());
            Instant r0 = Instant.parse(Json.condition(pods.get(0), "Ready").path("lastTransitionTime").asString());
            assertThat(c1).isAfterOrEqualTo(r0).isAfter(c0);
            assertThat(pods).allSatisfy(p -> {
                assertThat(Json.conditionTrue(p, "Ready")).isTrue();
                assertThat(p.at("/spec/hostname").asString()).isEqualTo(p.at("/metadata/name").asString());
                assertThat(p.at("/spec/subdomain").asString()).isEqualTo("redis");
            });
            for (int i = 0; i < 3; i++) {
                ObjectNode pvc = sim.get("v1", "PersistentVolumeClaim", "demo", "data-redis-" + i);
                assertThat(pvc.at("/status/phase").asString()).isEqualTo("Bound");
                assertThat(pvc.at("/spec/storageClassName").asString()).isEqualTo("standard");
                String pv = pvc.at("/spec/volumeName").asString();
                assertThat(sim.get("v1", "PersistentVolume", "", pv).at("/status/phase").asString()).isEqualTo("Bound");
                assertThat(sim.get("v1", "PersistentVolume", "", pv).at("/spec/nodeAffinity/required/nodeSelectorTerms/0/matchExpressions/0/values/0").asString())
                        .isEqualTo(pods.get(i).at("/spec/nodeName").asString());
            }
            ObjectNode sts = sim.get("apps/v1", "StatefulSet", "demo", "redis");
            assertThat(sts.at("/status/readyReplicas").asInt()).isEqualTo(3);
            ObjectNode ep = sim.get("v1", "Endpoints", "demo", "redis");
            assertThat(ep.at("/subsets/0/addresses")).hasSize(3);
            assertThat(ep.at("/subsets/0/addresses/0/hostname").asString()).startsWith("redis-");
            assertThat(sim.runtime.logSource().lines("demo", "redis-0", "redis", false, false))
                    .anyMatch(l -> l.endsWith("Ready to accept connections tcp"));
            // scale down removes the highest ordinal, keeps its claim
            sts = sim.get("apps/v1", "StatefulSet", "demo", "redis");
            ((ObjectNode) sts.get("spec")).put("replicas", 2);
            sim.store.update(sim.type("apps/v1", "StatefulSet"), "demo", "redis", sts);
            sim.runtime.advance(Duration.ofSeconds(30));
            assertThat(pods(sim, "demo", "app=redis")).extracting(p -> p.at("/metadata/name").asString()).containsExactly("redis-0", "redis-1");
            assertThat(sim.get("v1", "PersistentVolumeClaim", "demo", "data-redis-2")).isNotNull();
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void daemonSetRunsOnePodPerEligibleNode() {
        try (SimHarness sim = new SimHarness().started()) {
            demo(sim);
            sim.apply("apps/v1", "DaemonSet", "demo", "{'metadata':{'name':'agent'},'spec':{'selector':{'matchLabels':{'app':'agent'}},"
                    + "'template':{'metadata':{'labels':{'app':'agent'}},'spec':{'containers':[{'name':'agent','image':'busybox',"
                    + "'command':['sh','-c','sleep 3600']}]}}}}");
            sim.settle();
            List<ObjectNode> pods = pods(sim, "demo", "app=agent");
            assertThat(pods).extracting(p -> p.at("/spec/nodeName").asString())
                    .containsExactlyInAnyOrder("cluster1-worker", "cluster1-worker2");
            assertThat(pods).allSatisfy(p -> assertThat(p.at("/status/phase").asString()).isEqualTo("Running"));
            ObjectNode ds = sim.get("apps/v1", "DaemonSet", "demo", "agent");
            assertThat(ds.at("/status/desiredNumberScheduled").asInt()).isEqualTo(2);
            assertThat(ds.at("/status/numberReady").asInt()).isEqualTo(2);
            assertThat(pods(sim, "kube-system", "k8s-app=kube-proxy")).extracting(p -> p.at("/spec/nodeName").asString())
                    .containsExactlyInAnyOrder("cluster1-control-plane", "cluster1-worker", "cluster1-worker2");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void jobRunsToCompletion() {
        try (SimHarness sim = new SimHarness().started()) {
            demo(sim);
            sim.apply("batch/v1", "Job", "demo", "{'metadata':{'name':'migrate'},'spec':{'template':{'spec':{'restartPolicy':'Never',"
                    + "'containers':[{'name':'migrate','image':'busybox','command':['sh','-c','echo done; sleep 5']}]}}}}");
            sim.settle();
            ObjectNode job = sim.get("batch/v1", "Job", "demo", "migrate");
            assertThat(job.at("/status/succeeded").asInt()).isEqualTo(1);
            assertThat(job.at("/status/active").asInt()).isZero();
            assertThat(Json.conditionTrue(job, "Complete")).isTrue();
            assertThat(job.at("/status/completionTime").asString()).isNotEmpty();
            ObjectNode pod = pods(sim, "demo", "batch.kubernetes.io/job-name=migrate").get(0);
            assertThat(pod.at("/status/phase").asString()).isEqualTo("Succeeded");
            assertThat(pod.at("/status/containerStatuses/0/state/terminated/reason").asString()).isEqualTo("Completed");
            Instant started = Instant.parse(pod.at("/status/containerStatuses/0/state/terminated/startedAt").asString());
            Instant finished = Instant.parse(pod.at("/status/containerStatuses/0/state/terminated/finishedAt").asString());
            assertThat(Duration.between(started, finished)).isEqualTo(Duration.ofSeconds(5));
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }
}
