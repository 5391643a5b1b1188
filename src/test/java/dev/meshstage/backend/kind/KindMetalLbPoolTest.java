package dev.meshstage.backend.kind;

import dev.meshstage.error.BackendException;
import dev.meshstage.kube.MetalLbManifests;
import dev.meshstage.step.MetalLbPools;
import dev.meshstage.workshop.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code lb install} on the kind backend up to the objects it would apply: the node network read from
 * docker (the stand-in), and the workshop's pools fitted into it. Applying needs a real API server.
 */
class KindMetalLbPoolTest {

    @TempDir
    Path temp;

    @Test
    void readsKindsSubnetFromDockerAndFitsTheWorkshopPoolsIntoIt() {
        StandinTools tools = StandinTools.installAll(temp).with("STANDIN_KIND_SUBNET", "172.19.0.0/16");
        Path home = temp.resolve("home");
        KindBackend backend = new KindBackend(home, tools.environment());

        String subnet = backend.nodeNetworkSubnet();

        assertThat(subnet).isEqualTo("172.19.0.0/16"); // the IPv6 subnet listed first is skipped
        assertThat(tools.calls()).containsExactly("docker network inspect kind | KUBECONFIG=" + home.resolve("kubeconfig"));
        List<MetalLbPools.Source> sources = List.of("cluster1", "cluster2").stream().map(c -> {
            String name = "configs/metallb/metallb-" + c + ".yaml";
            return new MetalLbPools.Source(c, name, MetalLbManifests.config(Path.of(name), name));
        }).toList();
        List<MetalLbPools.Fitted> fitted = MetalLbPools.fit(sources, Cidr.parse(subnet));
        assertThat(fitted.get(0).objects().get(0).at("/spec/addresses/0").asString()).isEqualTo("172.19.255.1-172.19.255.100");
        assertThat(fitted.get(1).objects().get(0).at("/spec/addresses/0").asString()).isEqualTo("172.19.255.101-172.19.255.200");
    }

    @Test
    void withoutDockerOrBeforeTheClustersExistTheSubnetIsAOneLineErrorSayingWhatToDo() {
        StandinTools down = StandinTools.installAll(temp.resolve("down")).with("STANDIN_DOCKER_DOWN", "1");
        assertThatThrownBy(() -> new KindBackend(temp.resolve("home"), down.environment()).nodeNetworkSubnet())
                .isInstanceOf(BackendException.class)
                .hasMessage("cannot read kind's docker network: docker is not running (Cannot connect to the Docker daemon at "
                        + "unix:///var/run/docker.sock. Is the docker daemon running?); start Docker");

        StandinTools fresh = StandinTools.installAll(temp.resolve("fresh")).with("STANDIN_KIND_NO_NETWORK", "1");
        assertThatThrownBy(() -> new KindBackend(temp.resolve("home"), fresh.environment()).nodeNetworkSubnet())
                .isInstanceOf(BackendException.class)
                .hasMessage("docker has no network 'kind' yet: create the clusters first with 'cluster create'");
    }
}
