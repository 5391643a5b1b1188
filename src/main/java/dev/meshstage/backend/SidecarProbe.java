package dev.meshstage.backend;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real request of {@code trace} where the backend has no data plane of its own (kind, attached clusters): by
 * exec through the API into the caller's pod — {@code pilot-agent request GET clusters} in its sidecar for the
 * endpoints Envoy has, and a {@code curl} from its workload container when that has one.
 */
public final class SidecarProbe {

    static final String PROXY = "istio-proxy";
    private static final Duration EXEC = Duration.ofSeconds(10);

    private SidecarProbe() {
    }

    /** Envoy's hosts of {@code outboundCluster}; empty when the pod has no sidecar or the agent did not answer. */
    public static Optional<List<Backend.EnvoyEndpoint>> endpoints(KubernetesClient client, String namespace, String pod,
            String outboundCluster) {
        PodExec.Result r = PodExec.run(client, namespace, pod, PROXY, EXEC, "pilot-agent", "request", "GET", "clusters");
        if (r.exitCode() != 0) {
            return Optional.empty();
        }
        return Optional.of(hosts(r.out(), outboundCluster));
    }

    /**
     * The hosts of one cluster in Envoy's {@code /clusters} text ({@code NAME::ADDRESS::health_flags::FLAGS} lines),
     * in the order Envoy lists them; healthy when the flags say {@code healthy}.
     */
    static List<Backend.EnvoyEndpoint> hosts(String clustersText, String outboundCluster) {
        Map<String, Boolean> hosts = new LinkedHashMap<>();
        String prefix = outboundCluster + "::";
        for (String line : clustersText.lines().toList()) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String[] parts = line.substring(prefix.length()).split("::");
            if (parts.length == 3 && parts[1].equals("health_flags") && parts[0].contains(":")) {
                hosts.put(parts[0], parts[2].strip().equals("healthy"));
            }
        }
        List<Backend.EnvoyEndpoint> out = new ArrayList<>();
        hosts.forEach((address, healthy) -> out.add(new Backend.EnvoyEndpoint(address, healthy)));
        return out;
    }

    /**
     * {@code curl http://HOST:PORT/} from the pod's workload container: the HTTP status (0 when none came back, with
     * curl's words as the body); empty when the container has no curl or the pod is gone.
     */
    public static Optional<Backend.Probe> curl(KubernetesClient client, String namespace, String pod, String host, int port) {
        Pod p = client.pods().inNamespace(namespace).withName(pod).get();
        if (p == null || p.getSpec() == null) {
            return Optional.empty();
        }
        Optional<String> workload = p.getSpec().getContainers().stream().map(Container::getName).filter(n -> !n.equals(PROXY)).findFirst();
        if (workload.isEmpty()) {
            return Optional.empty();
        }
        String url = "http://" + host + ":" + port + "/";
        PodExec.Result r = PodExec.run(client, namespace, pod, workload.get(), EXEC, "curl", "-sS", "-o", "/dev/null",
                "-w", "%{http_code}", "--max-time", "5", url);
        return answer(r);
    }

    /** What a curl run says, or empty when there was no curl to run (exit 126/127, or the runtime could not start it). */
    static Optional<Backend.Probe> answer(PodExec.Result r) {
        String code = r.out().strip();
        if (r.exitCode() == 126 || r.exitCode() == 127 || r.exitCode() == -1 && code.isEmpty()
                || r.err().contains("executable file not found")) {
            return Optional.empty();
        }
        int status = code.matches("\\d{3}") ? Integer.parseInt(code) : 0;
        String said = r.err().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        return Optional.of(new Backend.Probe(status, "", status / 100 == 2 ? "" : said, null, null));
    }
}
