package dev.meshstage.render;

import dev.meshstage.server.ServerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerStatusRendererTest {

    @Test
    void aRunningServerWithItsClusters() {
        String out = ServerStatusRenderer.render(ServerStatus.running(4242, Duration.ofSeconds(192), "/h/run/sim.sock",
                List.of(new ServerStatus.Endpoint("kind-cluster1", "https://127.0.0.1:16443"),
                        new ServerStatus.Endpoint("kind-cluster2", "https://127.0.0.1:26443")),
                Duration.ofMinutes(60), "/h/logs/server.log"));
        assertThat(out).isEqualTo("""
                server   running, pid 4242, up 3m12s
                socket   /h/run/sim.sock (0600)
                log      /h/logs/server.log
                stops    on 'sim stop', after 60 minutes without a command or an API request, or when no cluster is left
                CONTEXT         API SERVER
                kind-cluster1   https://127.0.0.1:16443
                kind-cluster2   https://127.0.0.1:26443
                """);
    }

    @Test
    void notRunningNamesWhatIsSaved() {
        assertThat(ServerStatusRenderer.render(ServerStatus.notRunning(List.of("cluster1", "cluster2"))))
                .isEqualTo("server   not running: the next command that needs the clusters starts it\n"
                        + "saved    cluster1, cluster2\n");
        assertThat(ServerStatusRenderer.render(ServerStatus.notRunning(List.of()))).endsWith("saved    no clusters\n");
    }

    @Test
    void aRunningServerWithoutClusters() {
        assertThat(ServerStatusRenderer.render(ServerStatus.running(7, Duration.ZERO, "s", List.of(), Duration.ofMinutes(5), "l")))
                .contains("up 0s", "after 5 minutes").endsWith("no clusters: create them with 'cluster create --all'\n");
    }

    @Test
    void uptimeAsKubectlWritesAges() {
        assertThat(ServerStatusRenderer.uptime(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(ServerStatusRenderer.uptime(Duration.ofSeconds(60))).isEqualTo("1m0s");
        assertThat(ServerStatusRenderer.uptime(Duration.ofMinutes(125))).isEqualTo("2h5m");
        assertThat(ServerStatusRenderer.uptime(Duration.ofHours(76))).isEqualTo("3d4h");
        assertThat(ServerStatusRenderer.uptime(Duration.ofSeconds(-3))).isEqualTo("0s");
    }
}
