package dev.meshstage.mesh.source;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelRelevanceTest {

    private static Node node(String rv, String ready, String heartbeat, String ip, String... labels) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName("worker").withResourceVersion(rv).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).withLastHeartbeatTime(heartbeat).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus();
        for (String l : labels) {
            b.editMetadata().addToLabels(l, "").endMetadata();
        }
        return b.build();
    }

    private static ConfigMap configMap(String rv, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName("istio-ca-root-cert").withResourceVersion(rv).endMetadata()
                .addToData("root-cert.pem", value).build();
    }

    @Test
    void aHeartbeatChangesNothing() {
        assertThat(ModelRelevance.changesModel(node("5", "True", "2026-12-01T10:00:00Z", "172.18.0.3"),
                node("9", "True", "2026-12-01T10:05:00Z", "172.18.0.3"))).isFalse();
    }

    @Test
    void readinessAddressRolesAndTheLoadBalancerLabelOfANodeDo() {
        Node was = node("5", "True", "t1", "172.18.0.3");
        assertThat(ModelRelevance.changesModel(was, node("6", "False", "t1", "172.18.0.3"))).isTrue();
        assertThat(ModelRelevance.changesModel(was, node("6", "True", "t1", "172.18.0.4"))).isTrue();
        assertThat(ModelRelevance.changesModel(was, node("6", "True", "t1", "172.18.0.3", "node-role.kubernetes.io/control-plane"))).isTrue();
        assertThat(ModelRelevance.changesModel(was, node("6", "True", "t1", "172.18.0.3",
                "node.kubernetes.io/exclude-from-external-load-balancers"))).isTrue();
    }

    @Test
    void anObjectHandedBackAtTheSameVersionChangesNothing() {
        assertThat(ModelRelevance.changesModel(configMap("7", "a"), configMap("7", "a"))).isFalse();
        assertThat(ModelRelevance.changesModel(node("5", "True", "t1", "172.18.0.3"), node("5", "True", "t1", "172.18.0.3"))).isFalse();
    }

    @Test
    void anyOtherKindChangesAtANewVersion() {
        assertThat(ModelRelevance.changesModel(configMap("7", "a"), configMap("8", "a"))).isTrue();
        assertThat(ModelRelevance.changesModel(configMap("7", "a"), configMap("8", "b"))).isTrue();
    }

    @Test
    void anAddOrADeleteAlwaysDoes() {
        assertThat(ModelRelevance.changesModel(null, configMap("7", "a"))).isTrue();
        assertThat(ModelRelevance.changesModel(configMap("7", "a"), null)).isTrue();
        assertThat(ModelRelevance.changesModel(configMap(null, "a"), configMap(null, "a"))).isTrue();
    }
}
