package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterBringUpTest {

    @Test
    void threeReadyNodesWithKindNamesCidrsAndAddresses() {
        try (SimHarness sim = new SimHarness().started()) {
            List<ObjectNode> nodes = sim.list("v1", "Node", "");
            assertThat(nodes).extracting(n -> n.at("/metadata/name").asString())
                    .containsExactly("cluster1-control-plane", "cluster1-worker", "cluster1-worker2");
            assertThat(nodes).extracting(n -> n.at("/spec/podCIDR").asString())
                    .containsExactly("10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24");
            assertThat(nodes).extracting(n -> n.at("/status/addresses/0/address").asString())
                    .containsExactly("172.18.0.2", "172.18.0.3", "172.18.0.4");
            assertThat(nodes).allSatisfy(n -> {
                assertThat(Json.conditionTrue(n, "Ready")).isTrue();
                assertThat(n.at("/status/nodeInfo/kubeletVersion").asString()).isEqualTo("v1.34.3");
                assertThat(n.at("/status/nodeInfo/osImage").asString()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
                assertThat(n.at("/status/nodeInfo/containerRuntimeVersion").asString()).startsWith("containerd://2.1.");
            });
            ObjectNode cp = nodes.get(0);
            assertThat(cp.at("/metadata/labels").has("node-role.kubernetes.io/control-plane")).isTrue();
            assertThat(cp.at("/spec/taints/0/key").asString()).isEqualTo("node-role.kubernetes.io/control-plane");
            assertThat(cp.at("/spec/taints/0/effect").asString()).isEqualTo("NoSchedule");
            assertThat(nodes.get(1).at("/spec/taints").isMissingNode()).isTrue();
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void kubeSystemRunsLikeKind() {
        try (SimHarness sim = new SimHarness().started()) {
            assertThat(sim.list("v1", "Namespace", "")).extracting(n -> n.at("/metadata/name").asString())
                    .containsExactly("default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage");
            Map<String, String> cidrs = sim.list("v1", "Node", "").stream().collect(Collectors.toMap(
                    n -> n.at("/metadata/name").asString(), n -> n.at("/spec/podCIDR").asString()));
            Map<String, String> nodeIps = sim.list("v1", "Node", "").stream().collect(Collectors.toMap(
                    n -> n.at("/metadata/name").asString(), n -> n.at("/status/addresses/0/address").asString()));
            List<ObjectNode> pods = sim.list("v1", "Pod", "kube-system");
            assertThat(pods).extracting(p -> p.at("/metadata/name").asString().endsWith("control-plane") ? p.at("/metadata/name").asString()
                    : p.at("/metadata/name").asString().replaceAll("-[a-z0-9]{5}$", "").replaceAll("-[a-z0-9]{8,10}$", ""))
                    .contains("coredns", "etcd-cluster1-control-plane", "kube-apiserver-cluster1-control-plane",
                            "kube-controller-manager-cluster1-control-plane", "kube-scheduler-cluster1-control-plane",
                            "kube-proxy", "kindnet");
            assertThat(pods).hasSize(2 + 4 + 3 + 3);
            for (ObjectNode p : pods) {
                String name = p.at("/metadata/name").asString();
                assertThat(p.at("/status/phase").asString()).as(name).isEqualTo("Running");
                assertThat(Json.conditionTrue(p, "Ready")).as(name).isTrue();
                String node = p.at("/spec/nodeName").asString();
                String ip = p.at("/status/podIP").asString();
                if (p.at("/spec/hostNetwork").asBoolean(false)) {
                    assertThat(ip).as(name).isEqualTo(nodeIps.get(node));
                } else {
                    assertThat(Ipv4.parse(cidrs.get(node)).contains(ip)).as(name + " " + ip + " in " + cidrs.get(node)).isTrue();
                    assertThat(ip).doesNotEndWith(".0").doesNotEndWith(".1");
                }
            }
            List<ObjectNode> coredns = pods.stream().filter(p -> p.at("/metadata/name").asString().startsWith("coredns-")).toList();
            assertThat(coredns).hasSize(2);
            assertThat(coredns).extracting(p -> p.at("/spec/nodeName").asString())
                    .doesNotContain("cluster1-control-plane").containsExactlyInAnyOrder("cluster1-worker", "cluster1-worker2");
            ObjectNode etcd = sim.get("v1", "Pod", "kube-system", "etcd-cluster1-control-plane");
            assertThat(etcd.at("/metadata/ownerReferences/0/kind").asString()).isEqualTo("Node");
            assertThat(etcd.at("/status/containerStatuses/0/image").asString()).startsWith("registry.k8s.io/etcd:3.6.");
            ObjectNode dns = sim.get("v1", "Service", "kube-system", "kube-dns");
            assertThat(dns.at("/spec/clusterIP").asString()).isEqualTo("10.96.0.10");
            assertThat(sim.get("v1", "Service", "default", "kubernetes").at("/spec/clusterIP").asString()).isEqualTo("10.96.0.1");
            ObjectNode ep = sim.get("v1", "Endpoints", "kube-system", "kube-dns");
            assertThat(ep.at("/subsets/0/addresses")).hasSize(2);
            assertThat(sim.get("storage.k8s.io/v1", "StorageClass", "", "standard").at("/metadata/annotations")
                    .path("storageclass.kubernetes.io/is-default-class").asString()).isEqualTo("true");
            for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease", "local-path-storage")) {
                assertThat(sim.get("v1", "ServiceAccount", ns, "default")).as(ns).isNotNull();
                assertThat(sim.get("v1", "ConfigMap", ns, "kube-root-ca.crt").at("/data/ca.crt").asString()).contains("TESTCA");
            }
            assertThat(sim.list("v1", "Pod", "local-path-storage")).singleElement()
                    .satisfies(p -> assertThat(p.at("/status/phase").asString()).isEqualTo("Running"));
            assertThat(sim.list("apps/v1", "DaemonSet", "kube-system")).allSatisfy(ds ->
                    assertThat(ds.at("/status/numberReady").asInt()).isEqualTo(3));
            assertThat(sim.get("apps/v1", "Deployment", "kube-system", "coredns").at("/status/availableReplicas").asInt()).isEqualTo(2);
            List<String> logs = sim.runtime.logSource().lines("kube-system", coredns.get(0).at("/metadata/name").asString(), "coredns", false, false);
            assertThat(logs).contains("CoreDNS-1.12.1");
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void scheduledEventsAreRecorded() {
        try (SimHarness sim = new SimHarness().started()) {
            List<ObjectNode> events = sim.store.list(sim.type("v1", "Event"), "kube-system", LabelSelector.everything(),
                    FieldSelector.parse("reason=Scheduled")).items();
            assertThat(events).isNotEmpty();
            JsonNode e = events.get(0);
            assertThat(e.at("/source/component").asString()).isEqualTo("default-scheduler");
            assertThat(e.at("/message").asString()).matches("Successfully assigned kube-system/.+ to cluster1-.+");
            assertThat(e.at("/count").asInt()).isEqualTo(1);
            assertThat(e.at("/involvedObject/kind").asString()).isEqualTo("Pod");
        }
    }
}
