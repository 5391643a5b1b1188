package dev.meshstage.session;

import dev.meshstage.DidYouMean;
import dev.meshstage.backend.BackendException;
import dev.meshstage.backend.ClusterState;
import dev.meshstage.backend.attached.AttachedClusters;
import dev.meshstage.command.UsageException;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopPlan;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code cluster attach} and {@code cluster detach}: adds an existing cluster to the home's mesh after checking every
 * input (name, context, that its API answers), and takes one out again. Nothing is saved unless every check passes;
 * the cluster itself is never changed by either.
 */
@Component
public class ClusterAttach {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
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
        Path kubeconfig = kubeconfigFile(kubeconfigGiven);
        String content;
        try {
            content = Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read the kubeconfig " + kubeconfig + (kubeconfigGiven == null ? " (the default)" : "")
                    + ": give the file that holds " + context + " with --kubeconfig FILE");
        }
        List<String> contexts = contexts(content, kubeconfig);
        if (!contexts.contains(context)) {
            throw new UsageException("context '" + context + "' is not in " + kubeconfig + DidYouMean.hint(context, contexts)
                    + (contexts.isEmpty() ? ": it has no contexts" : ": its contexts are " + String.join(", ", contexts)));
        }
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
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
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

    private Path kubeconfigFile(String given) {
        if (given != null) {
            Path p = Path.of(given.startsWith("~/") ? System.getProperty("user.home") + given.substring(1) : given);
            return session.currentDirectory().resolve(p).toAbsolutePath().normalize();
        }
        // kubectl's default; $KUBECONFIG is not read (the home's server runs the command, with its own environment)
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    private static List<String> contexts(String content, Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (RuntimeException e) {
            throw new UsageException(file + " is not a kubeconfig (not YAML): give the file with --kubeconfig FILE");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode c : root.path("contexts")) {
            String n = c.path("name").asString();
            if (n != null && !n.isEmpty()) {
                names.add(n);
            }
        }
        return names;
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
