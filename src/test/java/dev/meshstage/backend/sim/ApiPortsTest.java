package dev.meshstage.backend.sim;

import dev.meshstage.support.ClassVertx;
import dev.meshstage.workshop.ClusterPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Which port a simulated cluster's API server serves on, and what it says when its own is taken. */
class ApiPortsTest {

    @RegisterExtension
    static final ClassVertx VERTX = new ClassVertx();

    @Test
    void eachHomeAsksForTenPortsOfItsOwnBelowTheEphemeralRange() {
        Path one = Path.of("/home/presenter/.meshstage");
        Path spare = Path.of("/home/presenter/.meshstage-spare");
        int first = SimBackend.preferredPort(one, 0);
        assertThat(first).isBetween(20000, 29990);
        assertThat(SimBackend.preferredPort(one, 1)).isEqualTo(first + 1);
        assertThat(SimBackend.preferredPort(one, 9)).isEqualTo(first + 9);
        assertThat(SimBackend.preferredPort(one, 10)).as("past ten clusters: any free port").isZero();
        assertThat(SimBackend.preferredPort(one, -1)).as("a cluster not in the plans").isZero();
        assertThat(SimBackend.preferredPort(Path.of("/home/presenter/x/../.meshstage"), 0)).as("the same home").isEqualTo(first);
        assertThat(SimBackend.preferredPort(spare, 0)).as("another home").isNotEqualTo(first);
    }

    @Test
    void aClusterWhosePortIsTakenServesOnAnotherAndSaysWhatThatBreaks(@TempDir Path dir) throws Exception {
        ClusterPlan plan = new ClusterPlan("moved", "10.244.0.0/16", "10.96.0.0/16",
                List.of(new ClusterPlan.NodePlan("moved-control-plane", "control-plane", "", List.of())), List.of(),
                "network1", "mesh1", Path.of("kind.yaml"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.createDirectories(dir.resolve("moved"));
            Files.writeString(dir.resolve("moved/port"), Integer.toString(taken.getLocalPort()));
            List<String> said = new CopyOnWriteArrayList<>();
            try (SimCluster cluster = SimCluster.start(plan, List.of(plan), dir.resolve("moved"), VERTX.get(), 0, said::add)) {
                assertThat(cluster.apiServer().port()).isNotEqualTo(taken.getLocalPort());
                assertThat(said).anySatisfy(l -> assertThat(l).startsWith("API server https://127.0.0.1:" + cluster.apiServer().port())
                        .endsWith("(port " + taken.getLocalPort() + " is taken: remote secrets that name it are stale until 'mesh link')"));
                assertThat(Files.readString(dir.resolve("moved/port")).strip()).as("remembered from now on")
                        .isEqualTo(Integer.toString(cluster.apiServer().port()));
            }
            List<String> again = new CopyOnWriteArrayList<>();
            try (SimCluster cluster = SimCluster.start(plan, List.of(plan), dir.resolve("moved"), VERTX.get(), 0, again::add)) {
                assertThat(again).anySatisfy(l -> assertThat(l).isEqualTo("API server https://127.0.0.1:" + cluster.apiServer().port()));
            }
        }
    }
}
