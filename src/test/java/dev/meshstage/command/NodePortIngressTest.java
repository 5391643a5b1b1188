package dev.meshstage.command;

import dev.meshstage.support.DirectoryCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workshop checkout whose ingress gateway is a NodePort Service, as the original repository's
 * configs/istio/cluster1.yaml is: its address is the node port and the host port kind maps to it, never "pending".
 */
class NodePortIngressTest {

    @TempDir
    Path tmp;

    @Test
    void theIngressGatewayIsReportedByItsNodePortAndHostPort() throws IOException {
        Path workshop = tmp.resolve("workshop");
        for (String dir : List.of("configs", "sample-app")) {
            DirectoryCopy.copy(Path.of(dir), workshop.resolve(dir));
        }
        Path istio = workshop.resolve("configs/istio/cluster1.yaml");
        String config = Files.readString(istio);
        assertThat(config).contains("type: LoadBalancer");
        Files.writeString(istio, config.replace("type: LoadBalancer", "type: NodePort"));

        try (EmbeddedShell shell = EmbeddedShell.start("sim", workshop, tmp.resolve("home"))) {
            for (String step : List.of("cluster create --all", "lb install")) {
                assertThat(shell.run(step).ok()).as(step).isTrue();
            }
            EmbeddedShell.Result install = shell.run("mesh install");
            assertThat(install.ok()).as(String.join("\n", install.lines())).isTrue();
            assertThat(install.lines()).contains("  ingress gateway NodePort 30000 → localhost:8081 (kind extraPortMappings)")
                    .anyMatch(l -> l.matches("  ingress gateway 172\\.18\\.255\\.\\d+ \\(LoadBalancer; NodePort 30000 → localhost:8082\\)"))
                    .noneMatch(l -> l.contains("<pending>"));
            assertThat(shell.run("app url").lines()).contains(
                    "  type            NodePort (no load-balancer IP: reach it by its node port)",
                    "  node port       http://localhost:8081/   (kind extraPortMappings for nodePort 30000)")
                    .noneMatch(l -> l.contains("<pending>"));
        }
    }
}
