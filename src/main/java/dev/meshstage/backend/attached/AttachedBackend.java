package dev.meshstage.backend.attached;

import dev.meshstage.backend.Backend;
import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ClusterState;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.SidecarProbe;
import dev.meshstage.backend.kind.ProcessResult;
import dev.meshstage.backend.kind.ProcessRunner;
import dev.meshstage.backend.kind.RemoteClustersTable;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Existing clusters added with {@code cluster attach}: reached through the user's own kubeconfig and context, never
 * created or deleted. Istio goes on them as on kind, through {@code istioctl} against the context; what the other
 * clusters' istiods call is the context's own API address.
 */
public final class AttachedBackend implements Backend {

    static final Duration QUERY_TIMEOUT = Duration.ofMinutes(1);
    static final Duration ISTIO_TIMEOUT = Duration.ofMinutes(12);

    private final AttachedClusters registry;
    private final ProcessRunner processes;

    public AttachedBackend(AttachedClusters registry, Map<String, String> environment) {
        this.registry = registry;
        this.processes = new ProcessRunner(environment);
    }

    @Override
    public String name() {
        return "attached";
    }

    /**
     * Never one file: each attached cluster is reached through the kubeconfig it was attached with (its entry;
     * {@code Session.kubeconfigs()} lists them all), so there is no mesh kubeconfig to name.
     */
    @Override
    public Path kubeconfig() {
        throw new BackendException("each attached cluster has its own kubeconfig (cluster list shows the contexts): there is no"
                + " one kubeconfig of the mesh");
    }

    @Override
    public List<ClusterState> listClusters() {
        return registry.list().stream().map(e -> new ClusterState(e.name(), e.context(), true, ClusterState.Outcome.NONE, "")).toList();
    }

    @Override
    public List<ClusterState> createClusters(List<ClusterPlan> plans, ProgressListener progress) {
        throw new BackendException(plans.get(0).name() + " is attached (context " + plans.get(0).context()
                + "): meshstage never creates or deletes an attached cluster");
    }

    @Override
    public List<ClusterState> deleteClusters(List<String> names, ProgressListener progress) {
        throw new BackendException(names.get(0) + " is attached: meshstage never deletes an existing cluster; 'cluster detach "
                + names.get(0) + "' takes it out of the mesh and leaves it as it is");
    }

    @Override
    public String nodeNetworkSubnet() {
        throw new BackendException("an attached cluster has no docker network meshstage can read");
    }

    /** {@code istioctl install -y -f FILE --context CTX --kubeconfig FILE}; istioctl waits for the components itself. */
    @Override
    public void istioInstall(ClusterPlan cluster, Path operatorFile, ProgressListener progress) {
        AttachedClusters.Entry e = entry(cluster.name());
        processes.run(List.of("istioctl", "install", "-y", "-f", operatorFile.toString(), "--context", e.context(),
                "--kubeconfig", e.kubeconfig()), ISTIO_TIMEOUT, line -> {
                    if (!line.isBlank()) {
                        progress.progress(cluster.name(), line.strip());
                    }
                });
    }

    /**
     * The context's own API address: the other clusters' istiods call it from their networks, so a loopback address
     * (a local cluster's port on this machine) would name each caller itself.
     */
    @Override
    public String apiServerUrlForPeers(String cluster) {
        AttachedClusters.Entry e = entry(cluster);
        if (loopback(e.server())) {
            throw new BackendException("the API address of " + cluster + " (context " + e.context() + ") is " + e.server()
                    + ", a loopback address the other clusters' istiods cannot reach; attach it with a kubeconfig that names"
                    + " an address they reach");
        }
        return e.server();
    }

    /** {@code istioctl remote-clusters --context CTX --kubeconfig FILE} (istiod's /debug/clusterz). */
    @Override
    public List<RemoteClusterStatus> remoteClusters(String cluster) {
        AttachedClusters.Entry e = entry(cluster);
        ProcessResult r = processes.run(List.of("istioctl", "remote-clusters", "--context", e.context(), "--kubeconfig",
                e.kubeconfig()), QUERY_TIMEOUT, line -> { });
        return RemoteClustersTable.parse(cluster, r.stdout());
    }

    /**
     * The real request of {@code trace}, as on kind: a curl from the caller's workload container, by exec through the
     * API with the kubeconfig and context the cluster was attached with (empty when the container has no curl).
     */
    @Override
    public Optional<Probe> probe(dev.meshstage.mesh.model.MeshModel model, String cluster, String namespace, String pod,
            String serviceNamespace, String service, int port) {
        try (KubernetesClient client = client(cluster)) {
            return SidecarProbe.curl(client, namespace, pod, service + "." + serviceNamespace, port);
        }
    }

    /** {@code pilot-agent request GET clusters} in the pod's istio-proxy container, by exec through the API. */
    @Override
    public Optional<List<EnvoyEndpoint>> sidecarEndpoints(String cluster, String namespace, String pod, String outboundCluster) {
        try (KubernetesClient client = client(cluster)) {
            return SidecarProbe.endpoints(client, namespace, pod, outboundCluster);
        }
    }

    private KubernetesClient client(String cluster) {
        AttachedClusters.Entry e = entry(cluster);
        try {
            Config config = Config.fromKubeconfig(e.context(), Files.readString(Path.of(e.kubeconfig())), e.kubeconfig());
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException io) {
            throw new BackendException("cannot read " + e.kubeconfig() + ", the kubeconfig " + cluster + " was attached with: restore it,"
                    + " or 'cluster detach " + cluster + "'");
        }
    }

    private AttachedClusters.Entry entry(String cluster) {
        return registry.find(cluster).orElseThrow(() -> new BackendException(cluster + " is not attached"));
    }

    /** Whether the URL's host is a loopback address (127.0.0.0/8, ::1, localhost). */
    public static boolean loopback(String url) {
        try {
            String host = URI.create(url).getHost();
            if (host == null) {
                return false;
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.equalsIgnoreCase("localhost") || host.toLowerCase().endsWith(".localhost")) {
                return true;
            }
            // only literal addresses: a name is not resolved here (it may resolve differently where istiod runs)
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return InetAddress.getByName(host).isLoopbackAddress();
            }
            return false;
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }
}
