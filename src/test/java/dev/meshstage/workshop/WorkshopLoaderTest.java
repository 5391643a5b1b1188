package dev.meshstage.workshop;

import dev.meshstage.workshop.ClusterPlan.NodePlan;
import dev.meshstage.workshop.ClusterPlan.PortMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.meshstage.workshop.TestWorkshops.copyOfRepository;
import static dev.meshstage.workshop.TestWorkshops.edit;
import static dev.meshstage.workshop.TestWorkshops.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkshopLoaderTest {

    private final WorkshopLoader loader = new WorkshopLoader();

    @TempDir
    Path temp;

    @Test
    void readsTheRepositoryWorkshop() {
        WorkshopPlan plan = loader.load(TestWorkshops.REPOSITORY);

        assertThat(plan.directory()).isEqualTo(TestWorkshops.REPOSITORY);
        assertThat(plan.clusterNames()).containsExactly("cluster1", "cluster2");

        ClusterPlan cluster1 = plan.cluster("cluster1").orElseThrow();
        assertThat(cluster1.podSubnet()).isEqualTo("10.244.0.0/16");
        assertThat(cluster1.serviceSubnet()).isEqualTo("10.96.0.0/16");
        assertThat(cluster1.nodes()).extracting(NodePlan::name)
                .containsExactly("cluster1-control-plane", "cluster1-worker", "cluster1-worker2");
        assertThat(cluster1.nodes()).extracting(NodePlan::role).containsExactly("control-plane", "worker", "worker");
        assertThat(cluster1.nodes()).extracting(NodePlan::image).containsOnly("kindest/node:v1.34.3");
        assertThat(cluster1.nodes().get(0).portMappings()).containsExactly(new PortMapping(30000, 8081, "TCP"));
        assertThat(cluster1.nodes().get(1).portMappings()).isEmpty();
        assertThat(cluster1.poolRanges()).containsExactly("172.18.255.1-172.18.255.100");
        assertThat(cluster1.network()).isEqualTo("network1");
        assertThat(cluster1.meshId()).isEqualTo("mesh1");
        assertThat(cluster1.context()).isEqualTo("kind-cluster1");
        assertThat(cluster1.kindConfig()).isEqualTo(TestWorkshops.REPOSITORY.resolve("configs/kind/cluster1-config.yaml"));

        ClusterPlan cluster2 = plan.cluster("cluster2").orElseThrow();
        assertThat(cluster2.podSubnet()).isEqualTo("10.245.0.0/16");
        assertThat(cluster2.serviceSubnet()).isEqualTo("10.97.0.0/16");
        assertThat(cluster2.nodes()).extracting(NodePlan::name)
                .containsExactly("cluster2-control-plane", "cluster2-worker", "cluster2-worker2");
        assertThat(cluster2.nodes().get(0).portMappings()).containsExactly(new PortMapping(30000, 8082, "TCP"));
        assertThat(cluster2.poolRanges()).containsExactly("172.18.255.101-172.18.255.200");
        assertThat(cluster2.network()).isEqualTo("network2");
        assertThat(cluster2.meshId()).isEqualTo("mesh1");

        assertThat(plan.metallbConfig("cluster2")).isRegularFile().hasFileName("metallb-cluster2.yaml");
        assertThat(plan.istioConfig("cluster1")).isRegularFile().hasFileName("cluster1.yaml");
        assertThat(plan.eastWestGatewayConfig("cluster1")).isRegularFile();
        assertThat(plan.exposeServicesConfig()).isRegularFile();
    }

    @Test
    void appliesKindDefaultsWhenNetworkingAndNodesAreLeftOut() throws IOException {
        Path dir = copyOfRepository(temp);
        Path kindFile = dir.resolve("configs/kind/cluster1-config.yaml");
        Files.writeString(kindFile, "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: cluster1\n");

        ClusterPlan cluster1 = loader.load(dir).cluster("cluster1").orElseThrow();

        assertThat(cluster1.podSubnet()).isEqualTo("10.244.0.0/16");
        assertThat(cluster1.serviceSubnet()).isEqualTo("10.96.0.0/16");
        assertThat(cluster1.nodes()).extracting(NodePlan::name).containsExactly("cluster1-control-plane");
        assertThat(cluster1.nodes().get(0).image()).isEmpty();
    }

    @Test
    void namesSeveralControlPlanesLikeKind() throws IOException {
        Path dir = copyOfRepository(temp);
        edit(dir.resolve("configs/kind/cluster2-config.yaml"), "  - role: worker\n", "  - role: control-plane\n  - role: worker\n");

        assertThat(loader.load(dir).cluster("cluster2").orElseThrow().nodes()).extracting(NodePlan::name)
                .containsExactly("cluster2-control-plane", "cluster2-control-plane2", "cluster2-worker", "cluster2-worker2");
    }

    @Test
    void rejectsPodSubnetsOverlappingAcrossClusters() {
        Path dir = copyOfRepository(temp);
        Path kindFile = dir.resolve("configs/kind/cluster2-config.yaml");
        edit(kindFile, "10.245.0.0/16", "10.244.128.0/17");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("pod subnet 10.244.0.0/16 of cluster1 (configs/kind/cluster1-config.yaml line "
                        + lineOf(dir.resolve("configs/kind/cluster1-config.yaml"), "podSubnet") + ") overlaps pod subnet "
                        + "10.244.128.0/17 of cluster2 (configs/kind/cluster2-config.yaml line " + lineOf(kindFile, "podSubnet")
                        + "); give every cluster its own pod and service subnets");
    }

    @Test
    void rejectsPodAndServiceSubnetOverlappingWithinOneCluster() {
        Path dir = copyOfRepository(temp);
        edit(dir.resolve("configs/kind/cluster1-config.yaml"), "10.96.0.0/16", "10.244.0.0/20");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pod subnet 10.244.0.0/16 of cluster1")
                .hasMessageContaining("overlaps service subnet 10.244.0.0/20 of cluster1");
    }

    @Test
    void reportsMalformedYamlWithFileAndLine() throws IOException {
        Path dir = copyOfRepository(temp);
        Path kindFile = dir.resolve("configs/kind/cluster2-config.yaml");
        Files.writeString(kindFile, "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: cluster2\nnetworking:\n"
                + "  podSubnet: \"10.245.0.0/16\"\n serviceSubnet: 10.97.0.0/16\n");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configs/kind/cluster2-config.yaml line 6: malformed YAML")
                .hasMessageNotContaining("\n");
    }

    @Test
    void reportsAMissingMetallbFileAndHowToChooseTheDirectory() throws IOException {
        Path dir = copyOfRepository(temp);
        Files.delete(dir.resolve("configs/metallb/metallb-cluster2.yaml"));

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("missing configs/metallb/metallb-cluster2.yaml (cluster2's MetalLB pool) in " + dir)
                .hasMessageContaining("--workshop DIR")
                .hasMessageContaining("MESHSTAGE_WORKSHOP");
    }

    @Test
    void reportsADirectoryWithoutConfigs() {
        assertThatThrownBy(() -> loader.load(temp))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no configs/kind/ in " + temp)
                .hasMessageContaining("--workshop DIR");
    }

    @Test
    void reportsAnInvalidCidrAtItsLine() {
        Path dir = copyOfRepository(temp);
        Path kindFile = dir.resolve("configs/kind/cluster1-config.yaml");
        edit(kindFile, "10.244.0.0/16", "10.244.0.0/33");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configs/kind/cluster1-config.yaml line " + lineOf(kindFile, "podSubnet")
                        + ": networking.podSubnet: \"10.244.0.0/33\" has prefix length 33, more than 32; "
                        + "write an IPv4 CIDR such as 10.244.0.0/16");
    }

    @Test
    void suggestsTheNetworkAddressWhenHostBitsAreSet() {
        Path dir = copyOfRepository(temp);
        edit(dir.resolve("configs/kind/cluster2-config.yaml"), "10.97.0.0/16", "10.97.3.0/16");

        assertThatThrownBy(() -> loader.load(dir))
                .hasMessageContaining("networking.serviceSubnet: \"10.97.3.0/16\" has host bits set; did you mean 10.97.0.0/16?");
    }

    @Test
    void rejectsABackwardsPoolRangeAtItsLine() {
        Path dir = copyOfRepository(temp);
        Path metallb = dir.resolve("configs/metallb/metallb-cluster2.yaml");
        edit(metallb, "172.18.255.101-172.18.255.200", "172.18.255.200-172.18.255.101");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configs/metallb/metallb-cluster2.yaml line " + lineOf(metallb, "172.18.255.200-")
                        + ": MetalLB address \"172.18.255.200-172.18.255.101\" ends before it starts");
    }

    @Test
    void rejectsOverlappingPools() {
        Path dir = copyOfRepository(temp);
        Path metallb2 = dir.resolve("configs/metallb/metallb-cluster2.yaml");
        edit(metallb2, "172.18.255.101-", "172.18.255.100-");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("MetalLB pool 172.18.255.1-172.18.255.100 of cluster1 (configs/metallb/metallb-cluster1.yaml line "
                        + lineOf(dir.resolve("configs/metallb/metallb-cluster1.yaml"), "172.18.255.1-") + ") "
                        + "overlaps pool 172.18.255.100-172.18.255.200 of cluster2 (configs/metallb/metallb-cluster2.yaml line "
                        + lineOf(metallb2, "172.18.255.100-") + "); split the range so each address belongs to one pool");
    }

    @Test
    void rejectsAPoolInsideAPodSubnet() {
        Path dir = copyOfRepository(temp);
        edit(dir.resolve("configs/metallb/metallb-cluster1.yaml"), "172.18.255.1-172.18.255.100", "10.245.255.0/24");

        assertThatThrownBy(() -> loader.load(dir))
                .hasMessageContaining("MetalLB pool 10.245.255.0-10.245.255.255 of cluster1 (configs/metallb/metallb-cluster1.yaml line ")
                .hasMessageContaining("overlaps pod subnet 10.245.0.0/16 of cluster2 (configs/kind/cluster2-config.yaml line ");
    }

    @Test
    void rejectsDuplicateClusterNames() throws IOException {
        Path dir = copyOfRepository(temp);
        Files.copy(dir.resolve("configs/kind/cluster1-config.yaml"), dir.resolve("configs/kind/cluster9-config.yaml"));

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cluster name \"cluster1\" is used by both configs/kind/cluster1-config.yaml and "
                        + "configs/kind/cluster9-config.yaml; give each kind config its own name");
    }

    @Test
    void rejectsAnIstioClusterNameThatDiffersFromKind() {
        Path dir = copyOfRepository(temp);
        Path istio = dir.resolve("configs/istio/cluster2.yaml");
        edit(istio, "clusterName: cluster2", "clusterName: cluster1");

        assertThatThrownBy(() -> loader.load(dir))
                .hasMessage("configs/istio/cluster2.yaml line " + lineOf(istio, "clusterName:")
                        + ": clusterName is \"cluster1\" but the kind config names the cluster \"cluster2\"; make them equal");
    }

    @Test
    void rejectsHostPortsTakenTwice() {
        Path dir = copyOfRepository(temp);
        edit(dir.resolve("configs/kind/cluster2-config.yaml"), "hostPort: 8082", "hostPort: 8081");

        assertThatThrownBy(() -> loader.load(dir))
                .hasMessageStartingWith("host port 8081/TCP is mapped by both cluster1-control-plane and cluster2-control-plane");
    }

    @Test
    void rejectsAnEastWestGatewayOnAnotherNetwork() {
        Path dir = copyOfRepository(temp);
        Path gateway = dir.resolve("configs/istio/eastwest-gateway-cluster2.yaml");
        edit(gateway, "      network: network2", "      network: network1");

        assertThatThrownBy(() -> loader.load(dir))
                .hasMessage("configs/istio/eastwest-gateway-cluster2.yaml line " + lineOf(gateway, "      network: network1")
                        + ": east-west gateway network is \"network1\" but cluster2 is on \"network2\"; make them equal");
    }

    @Test
    void rejectsAMissingClusterName() throws IOException {
        Path dir = copyOfRepository(temp);
        Path kindFile = dir.resolve("configs/kind/cluster1-config.yaml");
        edit(kindFile, "name: cluster1\n", "");

        assertThatThrownBy(() -> loader.load(dir))
                .hasMessageStartingWith("configs/kind/cluster1-config.yaml line ")
                .hasMessageContaining("name is missing");
    }

    @Test
    void readsAWorkshopOfThreeClusters() {
        WorkshopPlan plan = loader.load(TestWorkshops.THREE_CLUSTERS);

        assertThat(plan.clusterNames()).containsExactly("cluster1", "cluster2", "cluster3");
        ClusterPlan cluster3 = plan.cluster("cluster3").orElseThrow();
        assertThat(cluster3.network()).isEqualTo("network3");
        assertThat(cluster3.podSubnet()).isEqualTo("10.246.0.0/16");
        assertThat(cluster3.serviceSubnet()).isEqualTo("10.98.0.0/16");
        assertThat(cluster3.poolRanges()).containsExactly("172.18.255.201-172.18.255.250");
        assertThat(cluster3.nodes()).hasSize(3);
        assertThat(plan.appManifests("cluster3")).isEqualTo(plan.sampleApp().resolve("cluster3-manifests"));
    }

    @Test
    void rejectsAThirdClusterWhoseServiceSubnetOverlapsTheFirstsWithBothLines() {
        Path dir = TestWorkshops.copyOfConfigs(TestWorkshops.THREE_CLUSTERS, temp);
        Path kind3 = dir.resolve("configs/kind/cluster3-config.yaml");
        edit(kind3, "10.98.0.0/16", "10.96.0.0/12");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("service subnet 10.96.0.0/16 of cluster1 (configs/kind/cluster1-config.yaml line "
                        + lineOf(dir.resolve("configs/kind/cluster1-config.yaml"), "serviceSubnet")
                        + ") overlaps service subnet 10.96.0.0/12 of cluster3 (configs/kind/cluster3-config.yaml line "
                        + lineOf(kind3, "serviceSubnet") + "); give every cluster its own pod and service subnets");
    }

    @Test
    void namesKindsDefaultWhenAConfigLeavesItsSubnetOut() {
        Path dir = TestWorkshops.copyOfConfigs(TestWorkshops.THREE_CLUSTERS, temp);
        edit(dir.resolve("configs/kind/cluster3-config.yaml"), "  podSubnet: \"10.246.0.0/16\"\n", "");

        assertThatThrownBy(() -> loader.load(dir))
                .hasMessageContaining("overlaps pod subnet 10.244.0.0/16 of cluster3 (configs/kind/cluster3-config.yaml, kind's default)");
    }

    @Test
    void rejectsTwoClustersOnOneNetworkWithBothLines() {
        Path dir = TestWorkshops.copyOfConfigs(TestWorkshops.THREE_CLUSTERS, temp);
        Path istio3 = dir.resolve("configs/istio/cluster3.yaml");
        edit(istio3, "      network: network3", "      network: network2");
        edit(dir.resolve("configs/istio/eastwest-gateway-cluster3.yaml"), "      network: network3", "      network: network2");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("network \"network2\" of cluster3 (configs/istio/cluster3.yaml line " + lineOf(istio3, "network: network2")
                        + ") is also the network of cluster2 (configs/istio/cluster2.yaml line "
                        + lineOf(dir.resolve("configs/istio/cluster2.yaml"), "network: network2")
                        + "); give every cluster its own network (values.global.network), as its east-west gateway announces it");
    }

    @Test
    void rejectsAThirdClustersPoolCollidingWithTheSecondsWithBothLines() {
        Path dir = TestWorkshops.copyOfConfigs(TestWorkshops.THREE_CLUSTERS, temp);
        Path metallb3 = dir.resolve("configs/metallb/metallb-cluster3.yaml");
        edit(metallb3, "172.18.255.201-172.18.255.250", "172.18.255.150-172.18.255.250");

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("MetalLB pool 172.18.255.101-172.18.255.200 of cluster2 (configs/metallb/metallb-cluster2.yaml line "
                        + lineOf(dir.resolve("configs/metallb/metallb-cluster2.yaml"), "172.18.255.101-")
                        + ") overlaps pool 172.18.255.150-172.18.255.250 of cluster3 (configs/metallb/metallb-cluster3.yaml line "
                        + lineOf(metallb3, "172.18.255.150-") + "); split the range so each address belongs to one pool");
    }
}
