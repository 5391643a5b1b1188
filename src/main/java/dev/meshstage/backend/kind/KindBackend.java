package dev.meshstage.backend.kind;

import dev.meshstage.backend.Backend;
import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ClusterState;
import dev.meshstage.backend.ClusterState.Outcome;
import dev.meshstage.backend.ImagePreload;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.SidecarProbe;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.client.KubernetesClient;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Real clusters through the kind CLI. kind writes the {@code kind-<name>} contexts into the kubeconfig named
 * by {@code KUBECONFIG}; every kind process gets {@code $MESHSTAGE_HOME/kubeconfig} there, so the learner's
 * own {@code ~/.kube/config} is left alone and meshstage's kubeconfig holds exactly its clusters.
 */
public final class KindBackend implements Backend {

    /** Pulling the node image and booting three nodes can take several minutes on a laptop. */
    static final Duration CREATE_TIMEOUT = Duration.ofMinutes(15);
    static final Duration DELETE_TIMEOUT = Duration.ofMinutes(3);
    static final Duration QUERY_TIMEOUT = Duration.ofMinutes(1);
    /** istioctl's own readiness wait is 5 minutes per component. */
    static final Duration ISTIO_TIMEOUT = Duration.ofMinutes(12);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path kubeconfig;
    private final ProcessRunner processes;

    /**
     * @param meshstageHome the meshstage home; the kubeconfig is {@code <home>/kubeconfig}
     * @param environment   environment for the tools, including the PATH they are looked up on
     */
    public KindBackend(Path meshstageHome, Map<String, String> environment) {
        this.kubeconfig = meshstageHome.toAbsolutePath().normalize().resolve("kubeconfig");
        this.processes = new ProcessRunner(environment).withEnvironment("KUBECONFIG", kubeconfig.toString());
    }

    @Override
    public String name() {
        return "kind";
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The runner every tool of this backend runs through (environment with meshstage's KUBECONFIG). */
    public ProcessRunner processes() {
        return processes;
    }

    @Override
    public List<ClusterState> listClusters() {
        return clusterNames().stream().map(ClusterState::listed).toList();
    }

    @Override
    public List<ClusterState> createClusters(List<ClusterPlan> plans, ProgressListener progress) {
        Set<String> existing = Set.copyOf(clusterNames());
        prepareHome();
        return inParallel(plans, plan -> {
            if (existing.contains(plan.name())) {
                progress.progress(plan.name(), "already exists (context " + plan.context() + ")");
                return new ClusterState(plan.name(), plan.context(), true, Outcome.ALREADY_DONE, "already exists");
            }
            try {
                processes.run(List.of("kind", "create", "cluster", "--config", plan.kindConfig().toString()), CREATE_TIMEOUT,
                        line -> report(progress, plan.name(), line));
                return new ClusterState(plan.name(), plan.context(), true, Outcome.DONE,
                        "created with " + plan.nodes().size() + " nodes, context " + plan.context());
            } catch (BackendException e) {
                // kind removes the nodes of a cluster it failed to create, so nothing is left behind
                return new ClusterState(plan.name(), plan.context(), false, Outcome.FAILED, e.getMessage());
            }
        });
    }

    @Override
    public List<ClusterState> deleteClusters(List<String> names, ProgressListener progress) {
        Set<String> existing = Set.copyOf(clusterNames());
        return inParallel(names, name -> {
            String context = ClusterPlan.contextOf(name);
            if (!existing.contains(name)) {
                progress.progress(name, "no such kind cluster");
                return new ClusterState(name, context, false, Outcome.NONE, "no such kind cluster");
            }
            try {
                processes.run(List.of("kind", "delete", "cluster", "--name", name), DELETE_TIMEOUT,
                        line -> report(progress, name, line));
                return new ClusterState(name, context, false, Outcome.DONE, "deleted");
            } catch (BackendException e) {
                return new ClusterState(name, context, true, Outcome.FAILED, e.getMessage());
            }
        });
    }

    /** {@code istioctl install -y -f FILE --context kind-<c>}; istioctl waits for the components itself. */
    @Override
    public void istioInstall(ClusterPlan cluster, Path operatorFile, ProgressListener progress) {
        processes.run(List.of("istioctl", "install", "-y", "-f", operatorFile.toString(), "--context", cluster.context()),
                ISTIO_TIMEOUT, line -> report(progress, cluster.name(), line));
    }

    /**
     * The control-plane container's address on docker network {@code kind}: istiod runs in the other cluster's
     * container, where the kubeconfig's 127.0.0.1 is that container itself (istio/istio#31081). The API server's
     * certificate names the node address, so TLS verifies.
     */
    @Override
    public String apiServerUrlForPeers(String cluster) {
        String node = cluster + "-control-plane";
        ProcessResult r = processes.run(List.of("docker", "inspect", node, "--format",
                "{{ .NetworkSettings.Networks.kind.IPAddress }}"), QUERY_TIMEOUT, line -> { });
        String ip = r.stdout().stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (!ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            throw new BackendException(node + " has no IPv4 address on docker network kind ('" + ip
                    + "'): is the cluster running? docker ps --filter name=" + node);
        }
        return "https://" + ip + ":6443";
    }

    /** {@code istioctl remote-clusters --context kind-<c>} (istiod's /debug/clusterz), columns NAME SECRET STATUS ISTIOD. */
    @Override
    public List<RemoteClusterStatus> remoteClusters(String cluster) {
        ProcessResult r = processes.run(List.of("istioctl", "remote-clusters", "--context", ClusterPlan.contextOf(cluster)),
                QUERY_TIMEOUT, line -> { });
        return RemoteClustersTable.parse(cluster, r.stdout());
    }

    /**
     * {@code docker network inspect kind}: the first IPv4 subnet of the network kind puts every node on (it
     * also has an IPv6 one). Docker chooses it from its address pools, so it is only known once kind has
     * created the network with the first cluster.
     */
    @Override
    public String nodeNetworkSubnet() {
        ProcessResult result = processes.attempt(List.of("docker", "network", "inspect", "kind"), QUERY_TIMEOUT, line -> { });
        if (!result.succeeded()) {
            String reason = result.lastErrorLine();
            if (reason.contains("Cannot connect to the Docker daemon")) {
                throw new BackendException("cannot read kind's docker network: docker is not running (" + reason + "); start Docker");
            }
            if (reason.contains("not found")) {
                throw new BackendException("docker has no network 'kind' yet: create the clusters first with 'cluster create'");
            }
            throw new BackendException("`" + result.commandLine() + "` failed (exit " + result.exitCode() + "): " + reason);
        }
        JsonNode networks;
        try {
            networks = JSON.readTree(String.join("\n", result.stdout()));
        } catch (JacksonException e) {
            throw new BackendException("`" + result.commandLine() + "` printed something that is not JSON: " + e.getOriginalMessage());
        }
        for (JsonNode config : networks.path(0).path("IPAM").path("Config")) {
            String subnet = config.path("Subnet").asString("");
            if (!subnet.isEmpty() && !subnet.contains(":")) {
                return subnet;
            }
        }
        throw new BackendException("docker network 'kind' has no IPv4 subnet; delete the clusters and the network "
                + "(docker network rm kind), then create the clusters again");
    }

    @Override
    public List<ImagePreload> preloadImages(String cluster, List<String> images, ProgressListener progress) {
        return new KindImageLoader(processes, KindImageLoader.hostPlatform()).load(cluster, images, progress);
    }

    /** The README's {@code kubectl port-forward svc/istio-ingressgateway PORT:80}, kept open until closed. */
    @Override
    public AutoCloseable openIngress(String cluster, int localPort) {
        return KindIngressForward.open(kubeconfig, cluster, localPort);
    }

    /**
     * The real request of {@code trace}: a curl from the caller's workload container, by exec through the API (empty
     * when the container has no curl); {@link #sidecarEndpoints} asks its sidecar's Envoy.
     */
    @Override
    public Optional<Probe> probe(dev.meshstage.mesh.model.MeshModel model, String cluster, String namespace, String pod,
            String serviceNamespace, String service, int port) {
        try (KubernetesClient client = KindIngressForward.client(kubeconfig, cluster)) {
            return SidecarProbe.curl(client, namespace, pod, service + "." + serviceNamespace, port);
        }
    }

    /** {@code pilot-agent request GET clusters} in the pod's istio-proxy container, by exec through the API. */
    @Override
    public Optional<List<EnvoyEndpoint>> sidecarEndpoints(String cluster, String namespace, String pod, String outboundCluster) {
        try (KubernetesClient client = KindIngressForward.client(kubeconfig, cluster)) {
            return SidecarProbe.endpoints(client, namespace, pod, outboundCluster);
        }
    }

    /** {@code kind get clusters}: one name per stdout line; with none, kind prints a notice on stderr only. */
    private List<String> clusterNames() {
        ProcessResult result = processes.run(List.of("kind", "get", "clusters"), QUERY_TIMEOUT, line -> { });
        return result.stdout().stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private void prepareHome() {
        try {
            Files.createDirectories(kubeconfig.getParent());
        } catch (IOException e) {
            throw new BackendException("cannot create " + kubeconfig.getParent() + " for meshstage's kubeconfig: " + e.getMessage());
        }
    }

    private static void report(ProgressListener progress, String cluster, String line) {
        if (!line.isBlank()) {
            progress.progress(cluster, line.strip());
        }
    }

    /** One thread per cluster: kind creates clusters independently, and each takes minutes. */
    private static <T> List<ClusterState> inParallel(List<T> items, Function<T, ClusterState> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService executor = Executors.newFixedThreadPool(items.size(), runnable -> {
            Thread thread = new Thread(runnable, "kind-backend");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ClusterState>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(executor.submit(() -> work.apply(item)));
            }
            List<ClusterState> states = new ArrayList<>();
            for (Future<ClusterState> future : futures) {
                states.add(future.get());
            }
            return List.copyOf(states);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while kind was working; run the command again to continue");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BackendException backendException) {
                throw backendException;
            }
            throw new BackendException("kind step failed unexpectedly: " + e.getCause());
        } finally {
            executor.shutdownNow();
        }
    }
}
