package dev.meshstage.step;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What istioctl installs on an attached cluster: the workshop's IstioOperator with its name and network. */
class AttachedIstioFilesTest {

    @Test
    void istiodGetsTheAttachedClustersNameAndNetwork() throws Exception {
        String adapted = AttachedIstioFiles.adapt(Files.readString(Path.of("configs/istio/cluster2.yaml")), "cluster2.yaml",
                "lab2", "eu-west");
        assertThat(adapted).startsWith("# Made by meshstage for the attached cluster lab2 from cluster2.yaml")
                .contains("        clusterName: lab2\n").contains("      network: eu-west\n").contains("meshID: mesh1")
                .doesNotContain("clusterName: cluster2").doesNotContain("network2");
    }

    @Test
    void theEastWestGatewayAnnouncesTheAttachedClustersNetworkEverywhere() throws Exception {
        String original = Files.readString(Path.of("configs/istio/eastwest-gateway-cluster1.yaml"));
        String adapted = AttachedIstioFiles.adapt(original, "eastwest-gateway-cluster1.yaml", "lab1", "lab-net");
        assertThat(adapted).doesNotContain("network1")
                .contains("topology.istio.io/network: lab-net")
                .contains("value: lab-net")
                .contains("      network: lab-net\n");
        assertThat(adapted.lines().count()).isEqualTo(original.lines().count() + 1);
    }

    @Test
    void aFileWithoutANetworkIsRefused() {
        assertThatThrownBy(() -> AttachedIstioFiles.adapt("kind: IstioOperator\n", "x.yaml", "lab1", "n1"))
                .hasMessage("x.yaml names no network (values.global.network) to replace with n1");
    }
}
