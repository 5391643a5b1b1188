package dev.meshstage.backend.sim;

import dev.meshstage.backend.Backend;
import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ClusterState;
import dev.meshstage.backend.ImagePreload;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.sim.controller.RemoteClusters;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.meshstage.backend.sim.apiserver.ApiServer;
import dev.meshstage.backend.sim.apiserver.SimKubeconfig;
import dev.meshstage.backend.sim.controller.ClusterEnvironment;
import dev.meshstage.kube.KubeClients;
import dev.meshstage.workshop.ClusterPlan;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded backend: simulated clusters served from this process. One process at a time serves a
 * meshstage home (a file lock says which); another meshstage started on the same home is a client of the
 * running one — it reads the clusters through the kubeconfig like kubectl does, but cannot create or
 * delete them.
 */
public final class SimBackend implements Backend {

    private final Path home;
    private final Path simDir;
    private final List<ClusterPlan> plans;
    private final Map<String, SimCluster> running = new LinkedHashMap<>();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final StoreDataPlane network = new StoreDataPlane(this::cluster, this::dataPlane);
    private Vertx vertx;
    private MeshDataPlane dataPlane;
    private boolean live;
    /** Clients through the kubeconfig by cluster, with the kubeconfig they were made from (a new one replaces them). */
    private final Map<String, Map.Entry<String, KubernetesClient>> kubeconfigClients = new HashMap<>();

    /**
     * @param plans the workshop's cluster plans; clusters saved earlier are started again at once, so their
     *              API servers answer as soon as the shell runs
     * @param live  on the wall clock from the start (the background server), else on instant time
     */
    public SimBackend(Path home, List<ClusterPlan> plans, boolean live) {
        this(home, plans, live, true);
    }

    /**
     * A process that must never serve the home (the interactive shell, whose lines the home's server runs): it
     * reads the clusters through the kubeconfig, and never takes the lock, even when no server runs right now.
     */
    public static SimBackend clientOnly(Path home, List<ClusterPlan> plans) {
        return new SimBackend(home, plans, true, false);
    }

    private SimBackend(Path home, List<ClusterPlan> plans, boolean live, boolean mayServe) {
        this.home = home;
        this.live = live;
        this.simDir = home.resolve("sim");
        this.plans = List.copyOf(plans);
        try {
            Files.createDirectories(simDir);
            lockChannel = FileChannel.open(simDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = null;
            try {
                l = mayServe ? lockChannel.tryLock() : null;
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            lock = l;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + simDir, e);
        }
        if (owner()) {
            for (ClusterPlan p : plans) {
                if (SimCluster.exists(clusterDir(p.name()))) {
                    start(p, message -> { });
                }
            }
            writeKubeconfig();
        }
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public Path kubeconfig() {
        return home.resolve("kubeconfig");
    }

    /** The simulated docker network every sim cluster's nodes sit on (kind's usual one). */
    @Override
    public String nodeNetworkSubnet() {
        return ClusterEnvironment.DEFAULT_DOCKER_SUBNET;
    }

    /** Whether this process serves the clusters (else another meshstage process on the same home does). */
    public boolean owner() {
        return lock != null;
    }

    @Override
    public synchronized List<ClusterState> listClusters() {
        List<ClusterState> out = new ArrayList<>();
        for (ClusterPlan p : plans) {
            if (SimCluster.exists(clusterDir(p.name()))) {
                out.add(ClusterState.listed(p.name()));
            }
        }
        return out;
    }

    /** New clusters come up in parallel (they share nothing); results are reported in the order asked. */
    @Override
    public synchronized List<ClusterState> createClusters(List<ClusterPlan> targets, ProgressListener progress) {
        requireOwner("create clusters");
        List<java.util.concurrent.CompletableFuture<ClusterState>> results = new ArrayList<>();
        Map<String, SimCluster> created = new java.util.concurrent.ConcurrentHashMap<>();
        for (ClusterPlan p : targets) {
            if (SimCluster.exists(clusterDir(p.name()))) {
                SimCluster c = running.get(p.name());
                results.add(java.util.concurrent.CompletableFuture.completedFuture(new ClusterState(p.name(), p.context(),
                        true, ClusterState.Outcome.ALREADY_DONE, c == null ? "" : c.apiServer().url())));
                continue;
            }
            Vertx v = vertx();
            results.add(dev.meshstage.Async.supply(() -> {
                try {
                    progress.progress(p.name(), "creating " + p.nodes().size() + " nodes");
                    SimCluster c = SimCluster.start(p, plans, clusterDir(p.name()), v, preferredPort(p), live,
                            message -> progress.progress(p.name(), message));
                    created.put(p.name(), c);
                    progress.progress(p.name(), "waiting for kube-system to start");
                    c.settle();
                    return new ClusterState(p.name(), p.context(), true, ClusterState.Outcome.DONE,
                            p.nodes().size() + " nodes, API " + c.apiServer().url());
                } catch (RuntimeException e) {
                    return new ClusterState(p.name(), p.context(), false, ClusterState.Outcome.FAILED, e.getMessage());
                }
            }));
        }
        List<ClusterState> out = results.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        for (ClusterPlan p : plans) {
            SimCluster c = created.get(p.name());
            if (c != null) {
                if (live) {
                    c.live();
                }
                c.network(network);
                running.put(p.name(), c);
            }
        }
        writeKubeconfig();
        return out;
    }

    @Override
    public synchronized List<ClusterState> deleteClusters(List<String> names, ProgressListener progress) {
        requireOwner("delete clusters");
        List<ClusterState> out = new ArrayList<>();
        for (String name : names) {
            Path dir = clusterDir(name);
            if (!Files.exists(dir)) {
                out.add(new ClusterState(name, ClusterPlan.contextOf(name), false, ClusterState.Outcome.ALREADY_DONE, ""));
                continue;
            }
            progress.progress(name, "stopping the API server and controllers");
            SimCluster c = running.remove(name);
            if (c != null) {
                c.close();
            }
            deleteTree(dir);
            out.add(new ClusterState(name, ClusterPlan.contextOf(name), false, ClusterState.Outcome.DONE, ""));
        }
        writeKubeconfig();
        return out;
    }

    /**
     * From now on virtual time also flows with the wall clock (the interactive shell, {@code sim serve});
     * scripts and transcripts stay on instant time, so the same commands give the same output.
     */
    @Override
    public synchronized void attended() {
        live = true;
        running.values().forEach(SimCluster::live);
    }

    @Override
    public void istioInstall(ClusterPlan plan, Path operatorFile, ProgressListener progress) {
        requireOwner("install Istio");
        SimIstioInstaller.install(cluster(plan.name()), operatorFile, progress);
    }

    /** The process that owns the clusters is the home's server (or a shell serving them), up until 'sim stop'. */
    @Override
    public boolean staysUpBetweenCommands() {
        return owner();
    }

    /** The latest of the clusters' clocks: the wall clock when live, the instant timeline (from the epoch) otherwise. */
    @Override
    public synchronized java.time.Instant now() {
        return running.values().stream().map(c -> c.runtime().clock().get()).max(Comparator.naturalOrder())
                .orElse(live ? java.time.Instant.now() : VirtualClock.EPOCH);
    }

    /** The simulated clocks jump (instant time, or live time's timers): a restart stamp may take the next second. */
    @Override
    public boolean clockMovesOn() {
        return true;
    }

    /** In-process: the other cluster's istiod connects from this same process, so loopback reaches the server. */
    @Override
    public synchronized String apiServerUrlForPeers(String cluster) {
        if (owner()) {
            return cluster(cluster).apiServer().url();
        }
        return configFor(cluster).getMasterUrl().replaceAll("/$", "");
    }

    /** The sim istiod's {@code /debug/clusterz}, as it publishes it in ConfigMap istiod-remote-clusters. */
    @Override
    public List<RemoteClusterStatus> remoteClusters(String cluster) {
        KubernetesClient client = clientFor(cluster);
        Deployment istiod = client.apps().deployments().inNamespace("istio-system").withName("istiod").get();
        if (istiod == null || istiod.getStatus() == null || istiod.getStatus().getAvailableReplicas() == null
                || istiod.getStatus().getAvailableReplicas() == 0) {
            return List.of();
        }
        ConfigMap cm = client.configMaps().inNamespace("istio-system").withName(RemoteClusters.CONFIGMAP).get();
        return cm == null || cm.getData() == null ? List.of() : RemoteClusters.parse(cluster, cm.getData());
    }

    /**
     * Woken by the sim istiod: a watch on its published view (ConfigMap {@value RemoteClusters#CONFIGMAP}) ends each
     * pause as soon as istiod writes it; istiod's own Deployment becoming available is read at least every second.
     */
    @Override
    public List<RemoteClusterStatus> awaitRemoteClusters(String cluster, java.util.function.Predicate<List<RemoteClusterStatus>> done,
            java.time.Duration timeout) {
        java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
        try (io.fabric8.kubernetes.client.Watch ignored = clientFor(cluster).configMaps().inNamespace("istio-system")
                .withName(RemoteClusters.CONFIGMAP).watch(new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                        changed.release();
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                        changed.release();
                    }
                })) {
            return dev.meshstage.backend.RemoteClusterWait.until(() -> remoteClusters(cluster), done, timeout, max -> {
                changed.tryAcquire(Math.min(max.toMillis(), 1000), java.util.concurrent.TimeUnit.MILLISECONDS);
                changed.drainPermits();
            }, System::nanoTime, cluster);
        }
    }

    /**
     * A client through the kubeconfig, so a process that does not serve the clusters reads them like kubectl; kept
     * while the kubeconfig stays the same (a doctor or trace asks every cluster's istiod, and a client is costly).
     */
    private KubernetesClient clientFor(String cluster) {
        String content = kubeconfigContent(cluster);
        synchronized (kubeconfigClients) {
            Map.Entry<String, KubernetesClient> cached = kubeconfigClients.get(cluster);
            if (cached != null && cached.getKey().equals(content)) {
                return cached.getValue();
            }
            if (cached != null) {
                cached.getValue().close();
            }
            KubernetesClient client = KubeClients.build(Config.fromKubeconfig(
                    SimKubeconfig.contextName(cluster), content, kubeconfig().toString()));
            kubeconfigClients.put(cluster, Map.entry(content, client));
            return client;
        }
    }

    private String kubeconfigContent(String cluster) {
        try {
            return Files.readString(kubeconfig());
        } catch (IOException e) {
            throw new BackendException("cluster " + cluster + " does not exist: create it with 'cluster create " + cluster + "'");
        }
    }

    private Config configFor(String cluster) {
        try {
            return Config.fromKubeconfig(SimKubeconfig.contextName(cluster), Files.readString(kubeconfig()),
                    kubeconfig().toString());
        } catch (IOException e) {
            throw new BackendException("cluster " + cluster + " does not exist: create it with 'cluster create " + cluster + "'");
        }
    }

    /**
     * The sim's "local docker" holds every image its registries serve (the catalogue); one it does not know is
     * missing here as it would be from {@code docker images}, and cannot be loaded.
     */
    @Override
    public List<ImagePreload> preloadImages(String cluster, List<String> images, ProgressListener progress) {
        requireOwner("preload images");
        SimCluster c = cluster(cluster);
        List<ImagePreload> out = new ArrayList<>();
        List<String> loadable = new ArrayList<>();
        for (String image : images) {
            if (c.runtime().images().pullable(image)) {
                progress.progress(cluster, "kind load docker-image " + image);
                loadable.add(image);
                out.add(ImagePreload.loaded(cluster, image, ""));
            } else {
                out.add(ImagePreload.failed(cluster, image, "not in the local docker images: 'docker pull " + image
                        + "' first (or fix the name)"));
            }
        }
        c.runtime().preloadImages(loadable);
        c.settle();
        return out;
    }

    /** The simulated ingress gateway answers itself, routing by the cluster's own VirtualServices. */
    @Override
    public AutoCloseable openIngress(String cluster, int localPort) {
        requireOwner("open the ingress gateway");
        cluster(cluster);
        return new SimIngress(vertx(), cluster, dataPlane()).start(localPort);
    }

    /** The running cluster, for the sim-only commands (preloads, faults, serve). */
    public synchronized SimCluster cluster(String name) {
        SimCluster c = running.get(name);
        if (c == null) {
            throw new BackendException("cluster " + name + " does not exist: create it with 'cluster create " + name + "'");
        }
        return c;
    }

    public synchronized List<SimCluster> clusters() {
        return List.copyOf(running.values());
    }

    private synchronized MeshDataPlane dataPlane() {
        if (dataPlane == null) {
            dataPlane = new MeshDataPlane(this::clusters);
        }
        return dataPlane;
    }

    /** A request from a pod sent by the sim's data plane, along the mesh's routing rule. */
    @Override
    public Optional<Probe> probe(dev.meshstage.mesh.model.MeshModel model, String cluster, String namespace, String pod,
            String serviceNamespace, String service, int port) {
        cluster(cluster);
        MeshDataPlane plane = dataPlane();
        var from = model.cluster(cluster).flatMap(c -> c.pod(namespace, pod)).orElse(null);
        MeshDataPlane.Answer a = plane.send(model, cluster, from, serviceNamespace, service, port,
                dev.meshstage.mesh.route.Router.Origin.SIDECAR, "GET", "/");
        if (!a.ok() && from != null && !from.sidecar()) {
            // no Envoy to answer for a caller without a sidecar: kube-proxy refuses, as a curl from the pod sees it
            return Optional.of(new Probe(0, "", "Connection refused", null, null));
        }
        return Optional.of(new Probe(a.status(), a.flags(), a.body(),
                a.servedBy() == null ? null : a.servedBy().cluster() + "/" + a.servedPod(),
                a.servedBy() == null ? null : a.servedBy().address()));
    }

    private synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = ApiServer.newVertx();
        }
        return vertx;
    }

    /**
     * The port a new cluster's API server asks for: ten in a row per home, chosen by the home's path, in 20000–29999
     * (below Linux's ephemeral ports, which a free port is picked from). A cluster keeps its port across restarts
     * while it is free; two homes on one machine (a presenter's spare, a test run) would otherwise ask for the same
     * ones, and a cluster that has to move leaves the other clusters' remote secrets naming its old address.
     */
    private int preferredPort(ClusterPlan p) {
        // by name: a plan read again from another copy of the workshop is the same cluster
        List<String> names = plans.stream().map(ClusterPlan::name).toList();
        return preferredPort(home, names.indexOf(p.name()));
    }

    static int preferredPort(Path home, int index) {
        if (index < 0 || index >= 10) {
            return 0; // any free port
        }
        int slot = Math.floorMod(home.toAbsolutePath().normalize().toString().hashCode(), 1000);
        return 20000 + 10 * slot + index;
    }

    private SimCluster start(ClusterPlan p, java.util.function.Consumer<String> progress) {
        SimCluster c = SimCluster.start(p, plans, clusterDir(p.name()), vertx(), preferredPort(p), live, progress);
        if (live) {
            c.live();
        }
        c.network(network);
        running.put(p.name(), c);
        return c;
    }

    /** The kubeconfig names exactly the running clusters: kubectl must never reach a deleted one. */
    private void writeKubeconfig() {
        for (ClusterPlan p : plans) {
            SimCluster c = running.get(p.name());
            if (c != null) {
                SimKubeconfig.write(kubeconfig(), c.apiServer());
            } else if (Files.exists(kubeconfig())) {
                SimKubeconfig.remove(kubeconfig(), p.name());
            }
        }
    }

    private void requireOwner(String what) {
        if (!owner()) {
            throw new BackendException("another meshstage process serves the simulated clusters of " + home
                    + "; " + what + " there (or stop it first)");
        }
    }

    private Path clusterDir(String name) {
        return simDir.resolve(name);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    @Override
    public synchronized void close() {
        if (dataPlane != null) {
            dataPlane.close();
        }
        synchronized (kubeconfigClients) {
            kubeconfigClients.values().forEach(e -> e.getValue().close());
            kubeconfigClients.clear();
        }
        running.values().forEach(SimCluster::close);
        running.clear();
        network.close();
        if (vertx != null) {
            vertx.close().await();
            vertx = null;
        }
        try {
            if (lock != null) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
