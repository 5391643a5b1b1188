package dev.meshstage.backend.sim;

import dev.meshstage.backend.sim.apiserver.ApiServer;
import dev.meshstage.backend.sim.apiserver.SimKubeconfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.meshstage.backend.sim.container.SimContainers;
import dev.meshstage.backend.sim.controller.ClusterEnvironment;
import dev.meshstage.backend.sim.controller.SimRuntime;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.files.AtomicFiles;
import dev.meshstage.kube.KubeClients;
import dev.meshstage.pki.ClusterCertificates;
import dev.meshstage.workshop.ClusterPlan;
import io.vertx.core.Vertx;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One simulated cluster: its object store, its controllers (the {@link SimRuntime}), its API server on
 * loopback, and its state directory under {@code $MESHSTAGE_HOME/sim/<name>/}:
 * <ul>
 *   <li>{@code state.json} — the objects, counters and virtual time (atomic snapshots, at most a second old);</li>
 *   <li>{@code pki/} — the cluster CA and the API server's serving certificate (keys 0600);</li>
 *   <li>{@code admin-token} (0600) and {@code port} — what the kubeconfig points at.</li>
 * </ul>
 */
public final class SimCluster implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The seed of every simulated cluster: same commands, same names, IPs and uids. */
    public static final long SEED = 2026;

    private final ClusterPlan plan;
    private final Path dir;
    private final VirtualClock clock;
    private final ObjectStore store;
    private final SimRuntime runtime;
    private final ApiServer apiServer;
    private final SimContainers containers;
    private final StoreDataPlane ownNetwork;
    private MeshDataPlane ownMesh;
    private final ScheduledExecutorService saver;
    private volatile long savedAt = -1;

    private SimCluster(ClusterPlan plan, List<ClusterPlan> all, Path dir, Vertx vertx, int preferredPort, boolean live,
            Consumer<String> progress) {
        this.plan = plan;
        this.dir = dir;
        ObjectNode snapshot = readSnapshot(dir);
        Instant start = snapshot == null ? VirtualClock.EPOCH : Instant.parse(snapshot.path("clock").asString());
        // live from its first object: a cluster the server creates is stamped now, not at the fixed epoch
        this.clock = live ? VirtualClock.live(snapshot == null ? Instant.now() : start) : VirtualClock.instant(start);
        this.store = new ObjectStore(plan.name(), new ResourceRegistry(), clock, SEED);
        if (snapshot != null) {
            store.restore(snapshot);
            MeshReaderAccess.refresh(store); // a home saved by an older build: the mesh's roles as this one makes them
        }
        ClusterCertificates certs = ClusterCertificates.loadOrGenerate(dir.resolve("pki"), plan.name());
        this.runtime = SimRuntime.standard(store, clock,
                ClusterEnvironment.of(plan, all, SEED, certs.caCertificatePem()));
        // alone, a cluster's network reaches only itself; the backend gives it the one that sees every cluster
        this.ownNetwork = new StoreDataPlane(name -> {
            if (name.equals(plan.name())) {
                return this;
            }
            throw new dev.meshstage.error.BackendException("cluster " + name + " is not reachable from " + plan.name());
        }, this::ownMesh);
        this.containers = new SimContainers(plan.name(), store, clock, runtime.logSource(), ownNetwork);
        runtime.programs(containers);
        containers.mainExits(runtime::mainProcessExited);
        int remembered = readPort(dir, preferredPort);
        this.apiServer = startServer(vertx, certs, adminToken(dir), remembered);
        progress.accept("API server " + apiServer.url() + (remembered == 0 || apiServer.port() == remembered ? ""
                : " (port " + remembered + " is taken: remote secrets that name it are stale until 'mesh link')"));
        runtime.start();
        this.saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-save-" + plan.name());
            t.setDaemon(true);
            return t;
        });
        saver.scheduleWithFixedDelay(this::saveIfChanged, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts a cluster on instant time (tests): see the other {@code start}. */
    public static SimCluster start(ClusterPlan plan, List<ClusterPlan> all, Path dir, Vertx vertx, int preferredPort,
            Consumer<String> progress) {
        return start(plan, all, dir, vertx, preferredPort, false, progress);
    }

    /**
     * Starts a cluster from its saved state, or brings a new one up from its plan.
     *
     * @param live on the wall clock ({@link VirtualClock.Mode#LIVE}); else on instant time from the fixed epoch
     *             (transcripts and tests: the same commands give the same timestamps)
     */
    public static SimCluster start(ClusterPlan plan, List<ClusterPlan> all, Path dir, Vertx vertx, int preferredPort,
            boolean live, Consumer<String> progress) {
        return new SimCluster(plan, all, dir, vertx, preferredPort, live, progress);
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("state.json"));
    }

    public ClusterPlan plan() {
        return plan;
    }

    public String name() {
        return plan.name();
    }

    public ApiServer apiServer() {
        return apiServer;
    }

    public SimRuntime runtime() {
        return runtime;
    }

    public ObjectStore store() {
        return store;
    }

    /** The network exec'd processes and port-forwards reach (the backend's, which sees every cluster). */
    public void network(SimDataPlane network) {
        containers.network(network);
    }

    /** Lets virtual time flow with the wall clock from now on (a person is watching). */
    public void live() {
        clock.setMode(VirtualClock.Mode.LIVE, 1.0);
    }

    /** A cluster-admin API client, as the kubeconfig's user; the caller closes it. */
    public KubernetesClient adminClient() {
        Config config = Config.fromKubeconfig(SimKubeconfig.contextName(name()), SimKubeconfig.render(apiServer), null);
        config.setRequestTimeout(30_000);
        return KubeClients.build(config);
    }

    /** Waits until the controllers have done everything the last changes asked of them. */
    public void settle() {
        runtime.awaitQuiescence();
        saveIfChanged();
    }

    private ApiServer startServer(Vertx vertx, ClusterCertificates certs, String token, int port) {
        ApiServer server = new ApiServer(vertx, store, certs, token, port).podLogs(runtime.logSource()).clock(clock)
                .containers(containers).afterWrite(runtime::awaitQuiescence);
        try {
            server.start();
        } catch (RuntimeException busy) {
            // the remembered port is taken (another program, another meshstage home): any free one will do
            server = new ApiServer(vertx, store, certs, token, 0).podLogs(runtime.logSource()).clock(clock)
                    .containers(containers).afterWrite(runtime::awaitQuiescence);
            server.start();
        }
        AtomicFiles.write(dir.resolve("port"), Integer.toString(server.port()).getBytes(StandardCharsets.UTF_8), false);
        return server;
    }

    private static int readPort(Path dir, int preferred) {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("port")).strip());
        } catch (IOException | NumberFormatException e) {
            return preferred;
        }
    }

    private static String adminToken(Path dir) {
        Path file = dir.resolve("admin-token");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).strip();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        AtomicFiles.write(file, token.getBytes(StandardCharsets.UTF_8), true);
        return token;
    }

    private static ObjectNode readSnapshot(Path dir) {
        Path file = dir.resolve("state.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return (ObjectNode) JSON.readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new dev.meshstage.error.BackendException("the saved state of " + dir.getFileName() + " (" + file
                    + ") cannot be read: " + e.getMessage() + "; delete the cluster with 'cluster delete "
                    + dir.getFileName() + "' and create it again");
        }
    }

    /** Writes the state now when it changed since the last save (the background saver does it every second). */
    public void save() {
        saveIfChanged();
    }

    private synchronized void saveIfChanged() {
        long now = store.lastWrite();
        if (now == savedAt) {
            return;
        }
        ObjectNode snap = store.snapshot();
        snap.put("clock", clock.timerNow().toString());
        AtomicFiles.write(dir.resolve("state.json"), JSON.writeValueAsBytes(snap), true);
        savedAt = now;
    }

    /** The routing rule over this cluster alone, made on the first request that needs it. */
    private synchronized MeshDataPlane ownMesh() {
        if (ownMesh == null) {
            ownMesh = new MeshDataPlane(() -> List.of(this));
        }
        return ownMesh;
    }

    /** Stops serving and saves; the cluster comes back as it was at the next start. */
    @Override
    public void close() {
        saver.shutdownNow();
        apiServer.stop();
        ownNetwork.close();
        synchronized (this) {
            if (ownMesh != null) {
                ownMesh.close();
            }
        }
        runtime.close();
        saveIfChanged();
    }
}
