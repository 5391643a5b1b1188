package dev.meshstage.session;

import dev.meshstage.Invocation;
import dev.meshstage.backend.Backend;
import dev.meshstage.error.BackendException;
import dev.meshstage.backend.Backends;
import dev.meshstage.backend.attached.AttachedBackend;
import dev.meshstage.backend.attached.AttachedClusters;
import dev.meshstage.error.UsageException;
import dev.meshstage.kube.KubeClients;
import dev.meshstage.mesh.source.ClusterClients;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopFiles;
import dev.meshstage.workshop.WorkshopLoader;
import dev.meshstage.workshop.WorkshopLocator;
import dev.meshstage.workshop.WorkshopPlan;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.stereotype.Component;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live context of the shell: the workshop directory and its plans, the backend, one API client per
 * cluster, and the current cluster. Everything above the backend reaches clusters only through
 * {@link #client(String)} — the Kubernetes API — and cannot tell sim from kind.
 */
@Component
public class Session implements ClusterClients, AutoCloseable {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private final Invocation invocation;
    private Backend backend;
    private AttachedBackend attachedBackend;
    private Path workshopDir;
    private volatile LoadedPlan lastPlan;
    private final Map<String, CachedClient> clients = new HashMap<>();
    private volatile String currentCluster;
    private Path currentDirectory = Path.of("").toAbsolutePath();
    private Path workshopOption;
    private Map<String, String> environment = System.getenv();
    private boolean closed;

    private record CachedClient(String kubeconfig, KubernetesClient client) {
    }

    public Session(Invocation invocation) {
        this.invocation = invocation;
        this.workshopOption = invocation.workshop();
    }

    /**
     * The background server runs each client's command line as that client would have: in its directory,
     * with its {@code --workshop} (which already holds its {@code MESHSTAGE_WORKSHOP}), its {@code $KUBECONFIG}
     * ({@code ""}: unset) and its current cluster ({@code null}: the workshop's first).
     */
    public synchronized void clientContext(Path directory, Path workshop, String kubeconfigVariable, String cluster) {
        this.currentDirectory = directory;
        this.workshopOption = workshop;
        this.environment = kubeconfigVariable.isEmpty() ? Map.of() : Map.of("KUBECONFIG", kubeconfigVariable);
        this.workshopDir = null;
        this.currentCluster = cluster;
    }

    public Invocation invocation() {
        return invocation;
    }

    public String backendName() {
        return invocation.backend();
    }

    /** {@code $KUBECONFIG} of whoever gave the command line (the client's, when the server runs it), if set. */
    public synchronized Optional<String> kubeconfigVariable() {
        return Optional.ofNullable(environment.get("KUBECONFIG")).filter(v -> !v.isBlank());
    }

    /** The directory the command line was given in (the client's, when the server runs it): relative paths start here. */
    public synchronized Path currentDirectory() {
        return currentDirectory;
    }

    /**
     * The mesh's kubeconfig. On the sim it is the home's file, named without creating a backend: a shell that
     * sends its lines to the home's server must not start simulated clusters of its own.
     */
    public Path kubeconfig() {
        return invocation.backend().equals("sim") ? home().resolve("kubeconfig") : backend().kubeconfig();
    }

    /**
     * The files that hold the mesh's contexts, for a {@code KUBECONFIG} of {@code kubectl} lines (a transcript's
     * console blocks): each attached cluster's own, in attach order (one file each, so they never disagree on a
     * context), else the backend's one kubeconfig.
     */
    public List<Path> kubeconfigs() {
        List<AttachedClusters.Entry> attached = attached().list();
        return attached.isEmpty() ? List.of(kubeconfig())
                : attached.stream().map(e -> Path.of(e.kubeconfig())).distinct().toList();
    }

    public Path home() {
        return invocation.home();
    }

    /** The workshop directory: {@code --workshop}, {@code MESHSTAGE_WORKSHOP}, the current directory, or the bundled copy. */
    public synchronized Path workshopDir() {
        if (workshopDir == null) {
            workshopDir = new WorkshopLocator(environment, currentDirectory, home()).locate(workshopOption).directory();
        }
        return workshopDir;
    }

    /**
     * The home's mesh: the workshop directory's clusters, or, once clusters are attached ({@code cluster attach}),
     * those — never both (the sim's clusters cannot reach real ones). The configs are parsed again when one of their
     * files changed (so an edited config is picked up and validated before it is used), attached.json is read each time.
     */
    public WorkshopPlan plan() {
        return HomePlan.of(workshopPlan(), home());
    }

    /** The clusters of the workshop directory's configs, attached ones aside. */
    public WorkshopPlan workshopPlan() {
        Path dir = workshopDir();
        WorkshopFiles files = WorkshopFiles.of(dir);
        LoadedPlan loaded = lastPlan;
        if (loaded == null || !loaded.directory().equals(dir) || !loaded.files().equals(files)) {
            loaded = new LoadedPlan(dir, files, new WorkshopLoader().load(dir));
            lastPlan = loaded;
        }
        return loaded.plan();
    }

    /** The plan last read, and the state of the files it was read from (several commands ask for it per line). */
    private record LoadedPlan(Path directory, WorkshopFiles files, WorkshopPlan plan) {
    }

    /** The home's attached clusters ({@code $MESHSTAGE_HOME/attached.json}). */
    public AttachedClusters attached() {
        return new AttachedClusters(home());
    }

    /** The backend that acts on {@code cluster}: the attached clusters' own for an attached one, else the home's. */
    public synchronized Backend backendFor(String cluster) {
        if (attached().find(cluster).isPresent()) {
            if (attachedBackend == null) {
                attachedBackend = new AttachedBackend(attached(), System.getenv());
            }
            return attachedBackend;
        }
        return backend();
    }

    /** The names of the mesh's clusters that exist: every attached one, else those the backend has. */
    public List<String> existingClusters() {
        List<AttachedClusters.Entry> attached = attached().list();
        if (!attached.isEmpty()) {
            return attached.stream().map(AttachedClusters.Entry::name).toList();
        }
        return backend().listClusters().stream().map(dev.meshstage.backend.ClusterState::name).toList();
    }

    public synchronized Backend backend() {
        if (closed) {
            throw new BackendException("the session is closed");
        }
        if (backend == null) {
            // the server ('sim serve') and the prompt are watched by a person: clusters on the wall clock
            boolean attended = invocation.mode() == Invocation.Mode.INTERACTIVE
                    || (invocation.command().size() >= 2 && invocation.command().subList(0, 2).equals(List.of("sim", "serve")));
            // at the prompt the home's server runs the lines; what this process reads (completion) goes through
            // the kubeconfig, and it never takes the home's clusters over, not even while no server runs
            boolean clientOnly = invocation.mode() == Invocation.Mode.INTERACTIVE;
            backend = Backends.create(invocation.backend(), home(), System.getenv(), workshopPlan().clusters(), attended,
                    clientOnly);
            if (attended) {
                backend.attended();
            }
        }
        return backend;
    }

    public Optional<String> currentCluster() {
        if (currentCluster == null) {
            try {
                List<String> names = plan().clusterNames();
                currentCluster = names.isEmpty() ? null : names.get(0);
            } catch (BackendException e) {
                return Optional.empty(); // a broken config shows up when a command needs it, not in the prompt
            }
        }
        return Optional.ofNullable(currentCluster);
    }

    public void use(String cluster) {
        this.currentCluster = resolveCluster(cluster).name();
    }

    /** Accepts a cluster's name, its kubeconfig context ({@code kind-cluster1}) or its position ({@code 1}, {@code 2}). */
    public ClusterPlan resolveCluster(String given) {
        WorkshopPlan plan = plan();
        Optional<ClusterPlan> byContext = plan.clusters().stream().filter(c -> c.context().equals(given)).findFirst();
        if (byContext.isPresent()) {
            return byContext.get();
        }
        String name = given;
        if (name.matches("\\d+")) {
            int i = Integer.parseInt(name);
            if (i >= 1 && i <= plan.clusters().size()) {
                return plan.clusters().get(i - 1);
            }
        }
        return plan.cluster(name).orElseThrow(() -> new UsageException("unknown cluster '" + given + "'"
                + dev.meshstage.DidYouMean.hint(name, plan.clusterNames()) + ": the workshop has " + String.join(", ", plan.clusterNames()) + " (or 1.." + plan.clusters().size() + ")"));
    }

    /** The clusters a command acts on: the named ones, or all of them. */
    public List<ClusterPlan> resolveClusters(List<String> given) {
        if (given == null || given.isEmpty()) {
            return plan().clusters();
        }
        return given.stream().map(this::resolveCluster).distinct().toList();
    }

    /** An API client for a cluster, through the backend's kubeconfig; rebuilt when the kubeconfig changes. */
    @Override
    public synchronized KubernetesClient client(String cluster) {
        ClusterPlan.Attachment attachment = attached().find(cluster).isPresent()
                ? plan().cluster(cluster).map(ClusterPlan::attachment).orElse(null) : null;
        Path kubeconfig = attachment != null ? attachment.kubeconfig() : backend().kubeconfig();
        String content;
        try {
            content = Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException(attachment != null
                    ? "cannot read " + kubeconfig + ", the kubeconfig " + cluster + " was attached with: restore it, or 'cluster detach " + cluster + "'"
                    : "no kubeconfig at " + kubeconfig + ": create the clusters first with 'cluster create'");
        }
        CachedClient cached = clients.get(cluster);
        if (cached != null && cached.kubeconfig.equals(content)) {
            return cached.client;
        }
        if (cached != null) {
            cached.client.close();
        }
        String context = plan().cluster(cluster).map(ClusterPlan::context).orElseGet(() -> ClusterPlan.contextOf(cluster));
        if (!hasContext(content, context)) {
            throw new BackendException("cluster " + cluster + " has no context " + context + " in " + kubeconfig
                    + (attachment != null ? ": the context is gone; 'cluster detach " + cluster + "' and attach it again"
                            : ": create it with 'cluster create " + cluster + "'"));
        }
        Config config = Config.fromKubeconfig(context, content, kubeconfig.toString());
        // an attached cluster may be a cloud API far away, and the first reads of a fresh server are slow
        config.setRequestTimeout(attachment != null ? 30_000 : 10_000);
        config.setConnectionTimeout(5_000);
        KubernetesClient client = KubeClients.build(config);
        clients.put(cluster, new CachedClient(content, client));
        return client;
    }

    static boolean hasContext(String kubeconfig, String context) {
        var contexts = YAML.readTree(kubeconfig).path("contexts");
        for (var c : contexts) {
            if (context.equals(c.path("name").asString())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        clients.values().forEach(c -> c.client.close());
        clients.clear();
        if (backend != null) {
            backend.close();
        }
        if (attachedBackend != null) {
            attachedBackend.close();
        }
    }
}
