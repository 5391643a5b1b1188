package dev.meshstage.command;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lb install} end to end on the sim, checked from the outside with a client of our own. */
class LbInstallTest {

    @TempDir
    Path tmp;

    private static KubernetesClient client(Path home, String cluster) throws IOException {
        Path kubeconfig = home.resolve("kubeconfig");
        Config config = Config.fromKubeconfig("kind-" + cluster, Files.readString(kubeconfig), kubeconfig.toString());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Service loadBalancer(KubernetesClient client, String name) {
        return client.services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withType("LoadBalancer").addToSelector("app", name).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
    }

    private static String externalIp(KubernetesClient client, String name) {
        Service svc = client.services().inNamespace("default").withName(name).get();
        var ingress = svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null ? null
                : svc.getStatus().getLoadBalancer().getIngress();
        return ingress == null || ingress.isEmpty() ? "<pending>" : ingress.get(0).getIp();
    }

    @Test
    void installsMetalLbOnBothClustersSoLoadBalancerServicesGetAddressesFromTheirClustersPool() throws IOException {
        Path home = tmp.resolve("home");
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home)) {
            EmbeddedShell.Result tooEarly = shell.run("lb install");
            assertThat(tooEarly.ok()).isFalse();
            assertThat(tooEarly.lines()).containsExactly("error: 'lb install' needs cluster1 to have reached 'cluster created', "
                    + "but it is at 'not created': run 'cluster create' first");

            assertThat(shell.run("cluster create --all").ok()).isTrue();
            try (KubernetesClient cluster1 = client(home, "cluster1"); KubernetesClient cluster2 = client(home, "cluster2")) {
                loadBalancer(cluster1, "early");
                assertThat(externalIp(cluster1, "early")).isEqualTo("<pending>");

                EmbeddedShell.Result install = shell.run("lb install");
                assertThat(install.ok()).as(String.join("\n", install.lines())).isTrue();
                assertThat(install.lines()).containsExactly(
                        "cluster1: MetalLB v0.14.9 installed (26 objects created); controller ready, speakers ready on 3 nodes",
                        "  pool default-pool 172.18.255.1-172.18.255.100",
                        "cluster2: MetalLB v0.14.9 installed (26 objects created); controller ready, speakers ready on 3 nodes",
                        "  pool default-pool 172.18.255.101-172.18.255.200",
                        "next: mesh install — " + dev.meshstage.workflow.Step.MESH.why());

                assertThat(externalIp(cluster1, "early")).isEqualTo("172.18.255.1");
                loadBalancer(cluster2, "own");
                loadBalancer(cluster2, "another");
                assertThat(externalIp(cluster2, "own")).isEqualTo("172.18.255.101");
                assertThat(externalIp(cluster2, "another")).isEqualTo("172.18.255.102");
                List<String> events = cluster1.v1().events().inNamespace("default").list().getItems().stream()
                        .filter(e -> e.getInvolvedObject().getName().equals("early"))
                        .map(e -> e.getSource().getComponent() + " " + e.getReason() + " " + e.getMessage()).toList();
                assertThat(events).contains("metallb-controller IPAllocated Assigned IP [\"172.18.255.1\"]");

                EmbeddedShell.Result again = shell.run("lb install --cluster 2");
                assertThat(again.lines()).containsExactly(
                        "cluster2: already installed: pool default-pool 172.18.255.101-172.18.255.200",
                        "next: mesh install — " + dev.meshstage.workflow.Step.MESH.why());
                assertThat(externalIp(cluster2, "own")).isEqualTo("172.18.255.101");
            }
        }
    }
}
