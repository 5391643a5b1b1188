package dev.meshstage.step;

import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway's address as what it is: LoadBalancer IP or pending, NodePort and the host port kind maps to it. */
class GatewayAddressTest {

    private static final ClusterPlan CLUSTER = new ClusterPlan("cluster1", "10.244.0.0/16", "10.96.0.0/16",
            List.of(new ClusterPlan.NodePlan("cluster1-control-plane", "control-plane", "",
                    List.of(new ClusterPlan.PortMapping(30000, 8081, "TCP")))),
            List.of(), "network1", "mesh1", Path.of("configs/kind/cluster1-config.yaml"));

    private static Service service(String type, Integer nodePort, String ip) {
        var b = new ServiceBuilder().withNewMetadata().withName("istio-ingressgateway").endMetadata()
                .withNewSpec().withType(type).addNewPort().withPort(80).withNodePort(nodePort).endPort().endSpec();
        if (ip != null) {
            b.withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus();
        }
        return b.build();
    }

    @Test
    void aNodePortServiceIsNeverPending() {
        assertThat(GatewayAddress.of(service("NodePort", 30000, null), 80, CLUSTER).describe())
                .isEqualTo("NodePort 30000 → localhost:8081 (kind extraPortMappings)");
        assertThat(GatewayAddress.of(service("NodePort", 31234, null), 80, CLUSTER).describe())
                .isEqualTo("NodePort 31234 (no kind extraPortMappings maps it to a host port)");
    }

    @Test
    void aLoadBalancerHasItsIpOrIsPendingAndSaysWhy() {
        assertThat(GatewayAddress.of(service("LoadBalancer", 30000, "172.18.255.1"), 80, CLUSTER).describe())
                .isEqualTo("172.18.255.1 (LoadBalancer; NodePort 30000 → localhost:8081)");
        assertThat(GatewayAddress.of(service("LoadBalancer", null, null), 80, CLUSTER).describe())
                .startsWith("LoadBalancer <pending>").contains("lb install");
        assertThat(GatewayAddress.of(service("ClusterIP", null, null), 80, CLUSTER).describe())
                .isEqualTo("ClusterIP (no address outside the cluster)");
    }
}
