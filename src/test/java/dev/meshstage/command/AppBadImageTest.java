package dev.meshstage.command;

import dev.meshstage.support.DirectoryCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An image no registry has, set in a copy of the workshop: the deploy fails fast and says why; status shows it. */
class AppBadImageTest {

    @TempDir
    Path tmp;

    @Test
    void imagePullBackOffFailsTheDeployWithinItsWaitAndShowsInStatus() throws IOException {
        Path workshop = tmp.resolve("workshop");
        DirectoryCopy.copy(Path.of("configs"), workshop.resolve("configs"));
        DirectoryCopy.copy(Path.of("sample-app"), workshop.resolve("sample-app"));
        Path kustomization = workshop.resolve("sample-app/kustomization.yaml");
        String edited = Files.readString(kustomization)
                .replaceFirst("(name: sayedimran/simple-buy-order\\s+newTag: )v1\\.0\\.0", "$1v9.9.9");
        assertThat(edited).contains("v9.9.9");
        Files.writeString(kustomization, edited);

        try (EmbeddedShell shell = EmbeddedShell.start("sim", workshop, tmp.resolve("home"))) {
            for (String step : new String[] {"cluster create --all", "lb install", "mesh install", "mesh link"}) {
                assertThat(shell.run(step).ok()).as(step).isTrue();
            }
            long started = System.nanoTime();
            EmbeddedShell.Result deploy = shell.run("app deploy");
            assertThat(System.nanoTime() - started).as("fails fast, not after the 5 minute wait").isLessThan(60_000_000_000L);
            assertThat(deploy.ok()).isFalse();
            assertThat(deploy.lines()).anyMatch(l -> l.matches("order +Deployment +0/1 +ImagePullBackOff +istio-proxy +sayedimran/simple-buy-order:v9.9.9"));
            assertThat(deploy.lines()).last().asString()
                    .startsWith("error: app deploy on cluster1: order cannot start: image sayedimran/simple-buy-order:v9.9.9: ImagePullBackOff (pod order-")
                    .contains("Back-off pulling image \"sayedimran/simple-buy-order:v9.9.9\"",
                            "docker.io/sayedimran/simple-buy-order:v9.9.9: not found",
                            "fix the image (sample-app/kustomization.yaml images:) or load it with 'images preload'");

            EmbeddedShell.Result status = shell.run("app status");
            assertThat(status.lines()).anyMatch(l -> l.matches("cluster1 +order +Deployment +0/1 +1/2 +0 +ImagePullBackOff +istio-proxy .*"));
            assertThat(status.lines()).contains("not ready:");
            assertThat(status.lines()).anyMatch(l -> l.startsWith("  cluster1/order: pod order-") && l.contains(
                    "container order (sayedimran/simple-buy-order:v9.9.9) ImagePullBackOff: Back-off pulling image"));
            assertThat(status.lines()).anyMatch(l -> l.matches("cluster1 +auth +Deployment +1/1 +2/2 +0 +Running .*"));

            EmbeddedShell.Result preload = shell.run("images preload --cluster 1");
            assertThat(preload.ok()).isFalse();
            assertThat(preload.lines()).contains("cluster1: FAILED  sayedimran/simple-buy-order:v9.9.9 (not in the local docker images: "
                    + "'docker pull sayedimran/simple-buy-order:v9.9.9' first (or fix the name))");
            assertThat(preload.lines()).contains("cluster1: loaded  docker.io/istio/proxyv2:1.28.3");
            assertThat(preload.lines()).last().asString().isEqualTo(
                    "error: 1 image not preloaded (see above); pods using them will pull from the registry");

            EmbeddedShell.Result delete = shell.run("app delete order");
            assertThat(delete.lines()).containsExactly("cluster1:", "  deployment.apps/order deleted", "  service/order deleted");
            assertThat(shell.run("app status").lines()).noneMatch(l -> l.contains(" order ")).noneMatch(l -> l.equals("not ready:"));
            EmbeddedShell.Result all = shell.run("app delete");
            assertThat(all.lines()).contains("  deployment.apps/order not found", "  namespace/simple-buy deleted");
            assertThat(all.lines().get(1)).isEqualTo("  virtualservice.networking.istio.io/simple-buy-routes deleted");
        }
    }
}
