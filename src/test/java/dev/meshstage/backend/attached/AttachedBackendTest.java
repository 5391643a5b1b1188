package dev.meshstage.backend.attached;

import dev.meshstage.error.BackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttachedBackendTest {

    @TempDir
    Path home;

    @Test
    void loopbackAddressesAreTheOnesNoOtherClusterCanReach() {
        for (String url : List.of("https://127.0.0.1:6443", "https://127.8.9.10", "https://localhost:16443", "https://LOCALHOST",
                "https://api.localhost:443", "https://[::1]:6443")) {
            assertThat(AttachedBackend.loopback(url)).as(url).isTrue();
        }
        for (String url : List.of("https://10.0.0.5:6443", "https://172.18.0.3:6443", "https://api.prod.example.com",
                "https://[2001:db8::1]:443", "https://128.0.0.1")) {
            assertThat(AttachedBackend.loopback(url)).as(url).isFalse();
        }
    }

    @Test
    void theRemoteSecretsServerIsTheContextsOwnAddressUnlessItIsLoopback() {
        AttachedClusters registry = new AttachedClusters(home);
        registry.add(new AttachedClusters.Entry("lab1", "prod-eu", "/k/config", "https://10.0.0.5:6443", "network1"));
        registry.add(new AttachedClusters.Entry("lab2", "kind-lab", "/k/config", "https://127.0.0.1:40123", "network2"));
        AttachedBackend backend = new AttachedBackend(registry, Map.of());

        assertThat(backend.apiServerUrlForPeers("lab1")).isEqualTo("https://10.0.0.5:6443");
        assertThatThrownBy(() -> backend.apiServerUrlForPeers("lab2")).isInstanceOf(BackendException.class)
                .hasMessage("the API address of lab2 (context kind-lab) is https://127.0.0.1:40123, a loopback address the other"
                        + " clusters' istiods cannot reach; attach it with a kubeconfig that names an address they reach");
    }

    @Test
    void neverCreatesOrDeletesAnAttachedCluster() {
        AttachedClusters registry = new AttachedClusters(home);
        registry.add(new AttachedClusters.Entry("lab1", "prod-eu", "/k/config", "https://10.0.0.5:6443", "network1"));
        AttachedBackend backend = new AttachedBackend(registry, Map.of());

        assertThatThrownBy(() -> backend.deleteClusters(List.of("lab1"), (c, m) -> { }))
                .hasMessage("lab1 is attached: meshstage never deletes an existing cluster; 'cluster detach lab1' takes it out of"
                        + " the mesh and leaves it as it is");
        assertThat(backend.listClusters()).extracting(c -> c.name() + " " + c.context()).containsExactly("lab1 prod-eu");
    }

    @Test
    void theRegistryKeepsAttachOrderInAPrivateFileAndIsGoneWhenEmpty() throws Exception {
        AttachedClusters registry = new AttachedClusters(home);
        assertThat(registry.list()).isEmpty();
        registry.add(new AttachedClusters.Entry("b", "ctx-b", "/k/b", "https://10.0.0.2", "nb"));
        registry.add(new AttachedClusters.Entry("a", "ctx-a", "/k/a", "https://10.0.0.1", "na"));

        assertThat(new AttachedClusters(home).list()).extracting(AttachedClusters.Entry::name).containsExactly("b", "a");
        assertThat(Files.getPosixFilePermissions(home.resolve("attached.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(registry.remove("c")).isFalse();
        assertThat(registry.remove("b")).isTrue();
        assertThat(registry.find("a")).isPresent();
        assertThat(registry.remove("a")).isTrue();
        assertThat(home.resolve("attached.json")).doesNotExist();
    }
}
