package dev.meshstage.backend.kind;

import dev.meshstage.error.BackendException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Step 0 of the workshop: are docker, kind, istioctl and kubectl there, in which versions, and how to get the missing ones. */
public final class ToolsCheck {

    public static final String KIND_VERSION = "v0.31.0";
    public static final String ISTIO_VERSION = "1.28.3";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+[\\w.+-]*");

    private final ProcessRunner processes;

    public ToolsCheck(ProcessRunner processes) {
        this.processes = processes;
    }

    public List<ToolsReport> check() {
        return List.of(docker(), kind(), istioctl(), kubectl());
    }

    private ToolsReport docker() {
        String hint = "install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop, then start it";
        return probe("docker", "", hint, () -> {
            // asks the daemon as well: a non-zero exit with a client version means docker is there but not running
            ProcessResult result = ask("docker", "version", "--format", "{{.Client.Version}}");
            String version = firstVersion(String.join("\n", result.stdout())).orElseGet(
                    () -> firstVersion(String.join("\n", ask("docker", "--version").stdout())).orElse(""));
            return new Answer(version, result.succeeded() ? "" : result.lastErrorLine());
        });
    }

    private ToolsReport kind() {
        String hint = "curl -Lo kind https://kind.sigs.k8s.io/dl/" + KIND_VERSION + "/kind-linux-amd64 && chmod +x kind"
                + " && sudo mv kind /usr/local/bin/ (other systems: kind-linux-arm64, kind-darwin-arm64, …)";
        return probe("kind", KIND_VERSION, hint, () -> versionOf(ask("kind", "version")));
    }

    private ToolsReport istioctl() {
        String hint = "curl -L https://istio.io/downloadIstio | ISTIO_VERSION=" + ISTIO_VERSION
                + " sh - && sudo cp istio-" + ISTIO_VERSION + "/bin/istioctl /usr/local/bin/";
        return probe("istioctl", ISTIO_VERSION, hint, () -> versionOf(ask("istioctl", "version", "--remote=false")));
    }

    private ToolsReport kubectl() {
        String hint = "install kubectl from https://kubernetes.io/docs/tasks/tools/ (a v1.34 client matches the kindest/node:v1.34.3 nodes)";
        return probe("kubectl", "", hint, () -> {
            ProcessResult result = ask("kubectl", "version", "--client", "-o", "json");
            String output = String.join("\n", result.stdout());
            try {
                String version = JsonMapper.builder().build().readTree(output).path("clientVersion").path("gitVersion").asString("");
                if (!version.isEmpty()) {
                    return new Answer(version, result.succeeded() ? "" : result.lastErrorLine());
                }
            } catch (JacksonException e) {
                // older or wrapped kubectl: fall back to the first version-looking word
            }
            return versionOf(result);
        });
    }

    private record Answer(String version, String problem) {
    }

    @FunctionalInterface
    private interface Probe {
        Answer ask();
    }

    private ToolsReport probe(String tool, String wanted, String hint, Probe probe) {
        Optional<Path> location = processes.find(tool);
        if (location.isEmpty()) {
            return new ToolsReport(tool, false, "", "", wanted, hint, "not found on PATH");
        }
        Answer answer;
        try {
            answer = probe.ask();
        } catch (BackendException e) {
            answer = new Answer("", e.getMessage());
        }
        String problem = answer.version().isEmpty() && answer.problem().isEmpty()
                ? "did not report a version" : answer.problem();
        return new ToolsReport(tool, true, location.get().toString(), answer.version(), wanted, hint, problem);
    }

    private ProcessResult ask(String... command) {
        return processes.attempt(List.of(command), TIMEOUT, line -> { });
    }

    private static Answer versionOf(ProcessResult result) {
        String version = firstVersion(String.join("\n", result.stdout())).orElse("");
        return new Answer(version, result.succeeded() ? "" : result.lastErrorLine());
    }

    private static Optional<String> firstVersion(String text) {
        Matcher matcher = VERSION.matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }
}
