package dev.meshstage.backend.kind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ToolsCheckTest {

    @TempDir
    Path temp;

    @Test
    void reportsEveryToolWithItsVersion() {
        StandinTools tools = StandinTools.installAll(temp);

        List<ToolsReport> reports = new ToolsCheck(new ProcessRunner(tools.environment())).check();

        assertThat(reports).extracting(ToolsReport::tool).containsExactly("docker", "kind", "istioctl", "kubectl");
        assertThat(reports).allMatch(ToolsReport::found);
        assertThat(reports).extracting(ToolsReport::version).containsExactly("28.5.1", "v0.31.0", "1.28.3", "v1.34.1");
        assertThat(reports).extracting(ToolsReport::wanted).containsExactly("", "v0.31.0", "1.28.3", "");
        assertThat(reports).extracting(ToolsReport::problem).containsOnly("");
        assertThat(reports.get(1).location()).isEqualTo(tools.bin.resolve("kind").toString());
        assertThat(tools.calls()).containsExactly(
                "docker version --format {{.Client.Version}} | KUBECONFIG=",
                "kind version | KUBECONFIG=",
                "istioctl version --remote=false | KUBECONFIG=",
                "kubectl version --client -o json | KUBECONFIG=");
    }

    @Test
    void aMissingToolIsReportedWithHowToInstallIt() {
        StandinTools tools = StandinTools.install(temp, List.of("docker", "kind", "kubectl"));

        List<ToolsReport> reports = new ToolsCheck(new ProcessRunner(tools.environment())).check();

        ToolsReport istioctl = reports.get(2);
        assertThat(istioctl).isEqualTo(new ToolsReport("istioctl", false, "", "", "1.28.3",
                "curl -L https://istio.io/downloadIstio | ISTIO_VERSION=1.28.3 sh - && sudo cp istio-1.28.3/bin/istioctl /usr/local/bin/",
                "not found on PATH"));
        assertThat(reports.get(1).found()).isTrue();
        assertThat(tools.calls()).noneMatch(call -> call.startsWith("istioctl"));
    }

    @Test
    void aDockerWithoutDaemonIsFoundButFlagged() {
        StandinTools tools = StandinTools.installAll(temp).with("STANDIN_DOCKER_DOWN", "1");

        ToolsReport docker = new ToolsCheck(new ProcessRunner(tools.environment())).check().get(0);

        assertThat(docker.found()).isTrue();
        assertThat(docker.version()).isEqualTo("28.5.1");
        assertThat(docker.problem())
                .isEqualTo("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");
    }
}
