package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.SimDataPlane;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One running container as its processes see it: which pod and cluster it is in, its spec and environment,
 * its file system, the cluster's DNS, the network (the sim's data plane) and its process table.
 */
final class Container {

    final String cluster;
    final String namespace;
    final String pod;
    final String name;
    final JsonNode podObject;
    final JsonNode spec;
    final Map<String, String> env;
    final ContainerFiles files;
    final ClusterDns dns;
    final SimDataPlane network;
    final Processes processes;
    final Supplier<Instant> clock;

    Container(String cluster, JsonNode podObject, JsonNode spec, Map<String, String> env, ContainerFiles files, ClusterDns dns,
            SimDataPlane network, Processes processes, Supplier<Instant> clock) {
        this.cluster = cluster;
        this.namespace = podObject.path("metadata").path("namespace").asString();
        this.pod = podObject.path("metadata").path("name").asString();
        this.name = spec.path("name").asString();
        this.podObject = podObject;
        this.spec = spec;
        this.env = env;
        this.files = files;
        this.dns = dns;
        this.network = network;
        this.processes = processes;
        this.clock = clock;
    }

    /** The Envoy sidecar or gateway proxy (istio/proxyv2): it has {@code pilot-agent} and an admin port. */
    boolean istioProxy() {
        return name.equals("istio-proxy") || spec.path("image").asString("").contains("istio/proxyv2");
    }

    String podIp() {
        return podObject.path("status").path("podIP").asString("");
    }

    /** PID 1's command line: the spec's command and args, or what the image runs by default. */
    String mainCommand() {
        List<String> argv = new ArrayList<>();
        spec.path("command").forEach(a -> argv.add(a.asString()));
        spec.path("args").forEach(a -> argv.add(a.asString()));
        if (!spec.path("command").isEmpty()) {
            return String.join(" ", argv);
        }
        String image = spec.path("image").asString("");
        String entry = istioProxy() ? "/usr/local/bin/pilot-agent proxy " + (podObject.path("metadata").path("labels").has("istio")
                ? "router" : "sidecar")
                : image.contains("istio/pilot") ? "/usr/local/bin/pilot-discovery discovery"
                : image.contains("nginx") ? "nginx: master process nginx -g daemon off;"
                : image.contains("busybox") ? "sh"
                : image.contains("redis") ? "redis-server *:6379"
                : image.contains("postgres") ? "postgres"
                : image.contains("rabbitmq") ? "rabbitmq-server"
                : image.contains("coredns") ? "/coredns -conf /etc/coredns/Corefile"
                : image.contains("simple-buy") ? "node server.js"
                : "/" + image.replaceAll(".*/", "").replaceAll(":.*", "");
        return argv.isEmpty() ? entry : entry + " " + String.join(" ", argv);
    }

    /** The processes of one container: PID 1 and whatever exec sessions run now. */
    static final class Processes {
        record Entry(int pid, String command) {
        }

        private final List<Entry> running = new ArrayList<>();
        private int next = 7;

        synchronized int start(String command) {
            int pid = next++;
            running.add(new Entry(pid, command));
            return pid;
        }

        synchronized void end(int pid) {
            running.removeIf(e -> e.pid() == pid);
        }

        synchronized List<Entry> list() {
            return List.copyOf(running);
        }
    }
}
