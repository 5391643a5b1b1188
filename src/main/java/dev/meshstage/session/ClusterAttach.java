package dev.meshstage.session;

import dev.meshstage.DidYouMean;
import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ClusterState;
import dev.meshstage.backend.attached.AttachedClusters;
import dev.meshstage.error.UsageException;
import dev.meshstage.kube.KubeClients;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopPlan;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code cluster attach} and {@code cluster detach}: adds an existing cluster to the home's mesh after checking every
 * input (name, context, that its API answers), and takes one out again. Nothing is saved unless every check passes;
 * the cluster itself is never changed by either.
 */
@Component
public class ClusterAttach {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?");
    private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private final Session session;

    public ClusterAttach(Session session) {
        this.session = session;
    }

    /**
     * What was attached.
     *
     * @param version the API server's version (its {@code /version} gitVersion)
     */
    public record Attached(AttachedClusters.Entry entry, String version, boolean networkFromCluster) {
    }

    public Attached attach(String name, String context, String kubeconfigGiven, String networkGiven) {
        if (name == null || name.isBlank()) {
            throw new UsageException("name the cluster: cluster attach NAME --context CTX [--kubeconfig FILE] [--network NET]");
        }
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("cluster name '" + name + "' must be lower-case letters, digits and '-' (at most 42), e.g. lab1");
        }
        if (context == null || context.isBlank()) {
            throw new UsageException("give the kubeconfig context of " + name + " with --context CTX (kubectl config get-contexts lists them)");
        }
        if (networkGiven != null && !NETWORK.matcher(networkGiven).matches()) {
            throw new UsageException("network '" + networkGiven + "' must be letters, digits, '-', '_' and '.', e.g. network3");
        }
        WorkshopPlan workshop = session.workshopPlan();
        workshop.cluster(name).ifPresent(c -> {
            throw new UsageException("'" + name + "' is a cluster of the workshop (" + workshop.directory().relativize(c.kindConfig())
                    + "); attach the existing cluster under another name, e.g. 'cluster attach lab1 --context " + context + "'");
        });
        AttachedClusters registry = session.attached();
        List<AttachedClusters.Entry> attached = registry.list();
        registry.find(name).ifPresent(e -> {
            throw new UsageException("'" + name + "' is already attached (context " + e.context() + " in " + e.kubeconfig()
                    + "); 'cluster detach " + name + "' first to attach it again");
        });
        if (attached.isEmpty()) {
            List<String> own = session.backend().listClusters().stream().filter(ClusterState::exists).map(ClusterState::name).toList();
            if (!own.isEmpty()) {
                throw new BackendException("this home already has the " + session.backendName() + " backend's clusters "
                        + String.join(", ", own) + ", which cannot reach an existing cluster: attach in another home (--home DIR),"
                        + " or delete them first with 'cluster delete --all'");
            }
        }
        KubeconfigFiles.Found found = kubeconfig(context, kubeconfigGiven);
        Path kubeconfig = found.file();
        String content = found.content();
        attached.stream().filter(e -> e.context().equals(context) && e.kubeconfig().equals(kubeconfig.toString())).findFirst()
                .ifPresent(e -> {
                    throw new UsageException("context " + context + " of " + kubeconfig + " is already attached as '" + e.name() + "'");
                });
        Config config = Config.fromKubeconfig(context, content, kubeconfig.toString());
        config.setConnectionTimeout(5_000);
        config.setRequestTimeout(5_000);
        config.setRequestRetryBackoffLimit(0);
        String server = config.getMasterUrl().replaceAll("/+$", "");
        String version;
        String labelled;
        try (KubernetesClient client = KubeClients.build(config)) {
            try {
                version = client.getKubernetesVersion().getGitVersion();
            } catch (RuntimeException e) {
                throw new BackendException("cannot reach the API of context " + context + " at " + server + " (" + reason(e)
                        + "): is the cluster running, and the kubeconfig current? nothing was attached");
            }
            labelled = networkLabel(client);
        }
        String network = networkGiven != null ? networkGiven : labelled != null ? labelled : "network-" + name;
        attached.stream().filter(e -> e.network().equals(network)).findFirst().ifPresent(e -> {
            throw new UsageException("network '" + network + "' is " + e.name() + "'s already; give every cluster its own with"
                    + " --network NET, as its east-west gateway announces it");
        });
        AttachedClusters.Entry entry = new AttachedClusters.Entry(name, context, kubeconfig.toString(), server, network);
        registry.add(entry);
        return new Attached(entry, version, networkGiven == null && labelled != null);
    }

    /** @return the entry that was removed */
    public AttachedClusters.Entry detach(String name) {
        AttachedClusters registry = session.attached();
        List<AttachedClusters.Entry> attached = registry.list();
        AttachedClusters.Entry entry = registry.find(name).orElseThrow(() -> {
            List<String> names = attached.stream().map(AttachedClusters.Entry::name).toList();
            boolean workshops = session.workshopPlan().cluster(name).isPresent();
            return new UsageException("'" + name + "' is not attached" + DidYouMean.hint(name, names)
                    + (names.isEmpty() ? ": no cluster is attached" : ": the attached clusters are " + String.join(", ", names))
                    + (workshops ? "; a cluster of the workshop goes with 'cluster delete " + name + "'" : ""));
        });
        registry.remove(name);
        return entry;
    }

    /** The plans of the attached clusters, in attach order. */
    public List<ClusterPlan> plans() {
        return session.plan().clusters().stream().filter(ClusterPlan::isAttached).toList();
    }

    /**
     * The file that holds the context: {@code --kubeconfig FILE}, else the first of {@code $KUBECONFIG}'s files (the
     * client's, when the server runs the command) that names it, else {@code ~/.kube/config} — as kubectl reads them.
     */
    private KubeconfigFiles.Found kubeconfig(String context, String given) {
        Optional<String> variable = session.kubeconfigVariable();
        if (given == null && variable.isPresent()) {
            List<Path> files = KubeconfigFiles.split(variable.get(), session.currentDirectory());
            List<KubeconfigFiles.Source> sources = files.stream().map(f -> new KubeconfigFiles.Source(f, readOrNull(f))).toList();
            String from = "$KUBECONFIG (" + variable.get() + ")";
            if (sources.stream().allMatch(s -> s.content() == null)) {
                throw new UsageException("cannot read any file of " + from + ": give the file that holds " + context + " with --kubeconfig FILE");
            }
            return KubeconfigFiles.find(context, sources, from);
        }
        Path file;
        if (given != null) {
            Path p = Path.of(given.startsWith("~/") ? System.getProperty("user.home") + given.substring(1) : given);
            file = session.currentDirectory().resolve(p).toAbsolutePath().normalize();
        } else {
            file = Path.of(System.getProperty("user.home"), ".kube", "config"); // kubectl's default
        }
        String content = readOrNull(file);
        if (content == null) {
            throw new UsageException("cannot read the kubeconfig " + file + (given == null ? " (the default; $KUBECONFIG is not set)" : "")
                    + ": give the file that holds " + context + " with --kubeconfig FILE");
        }
        return KubeconfigFiles.find(context, List.of(new KubeconfigFiles.Source(file, content)), file.toString());
    }

    private static String readOrNull(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** The network Istio was installed with, when it was: istio-system's {@code topology.istio.io/network} label. */
    private static String networkLabel(KubernetesClient client) {
        try {
            Namespace ns = client.namespaces().withName("istio-system").get();
            return ns == null || ns.getMetadata().getLabels() == null ? null : ns.getMetadata().getLabels().get("topology.istio.io/network");
        } catch (RuntimeException e) {
            return null; // not allowed to read namespaces: the default network
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
