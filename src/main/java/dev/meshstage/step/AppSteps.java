package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.error.UsageException;
import dev.meshstage.kube.Applier;
import dev.meshstage.mesh.AppWorkload;
import dev.meshstage.mesh.AppWorkloads;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.session.MeshModels;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.Step;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 5 and 6: Simple Buy onto a cluster ({@code kubectl apply -k sample-app/}, or
 * {@code sample-app/cluster2-manifests/} for cluster2, or named services with what they need), then waiting
 * until every workload applied is ready — or until one cannot become ready (an image that cannot be pulled),
 * which fails at once, naming the workload, the image and the kubelet's reason.
 */
@Component
public class AppSteps {

    /** Pulling the app images on a fresh kind cluster takes minutes; the sim is done long before. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(250);
    /** Waiting reasons that will not clear by waiting: the user has to change something. */
    private static final Set<String> STUCK = Set.of("ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName",
            "CreateContainerConfigError", "CrashLoopBackOff");

    public record Deployed(String cluster, String dir, List<Applier.Applied> applied, List<AppWorkload> workloads,
            String failure) {
        public boolean unchanged() {
            return applied.stream().allMatch(a -> a.result() == Applier.Result.UNCHANGED);
        }
    }

    private final Session session;
    private final WorkshopProgress workshop;
    private final MeshModels models;

    public AppSteps(Session session, WorkshopProgress workshop, MeshModels models) {
        this.session = session;
        this.workshop = workshop;
        this.models = models;
    }

    /** Where {@code app deploy} goes: {@code --cluster} when given, else the app's home (the first cluster), as the workshop fixes it. */
    public ClusterPlan target(String cluster) {
        return cluster == null ? session.plan().clusters().get(0) : session.resolveCluster(cluster);
    }

    /** Where {@code app delete} acts: {@code --cluster} when given, else the current cluster ({@code use}). */
    public ClusterPlan deleteTarget(String cluster) {
        if (cluster != null) {
            return session.resolveCluster(cluster);
        }
        return session.currentCluster().map(session::resolveCluster).orElseGet(() -> session.plan().clusters().get(0));
    }

    public Deployed deploy(String cluster, List<String> services, ProgressListener progress) {
        ClusterPlan target = target(cluster);
        AppManifests manifests = AppManifests.of(session.plan());
        List<ObjectNode> objects;
        try {
            objects = manifests.objects(target, services);
        } catch (UsageException e) {
            throw cluster != null ? e : new UsageException(e.getMessage() + " (app deploy goes to " + target.name()
                    + ", the app's home, unless --cluster names another)");
        }
        workshop.require("app deploy", Step.LINKED, List.of(target));
        KubernetesClient client = session.client(target.name());
        requireNamespaces(client, target, session.plan().directory().relativize(manifests.dir(target)), objects);
        List<Applier.Applied> applied = new ArrayList<>();
        for (ObjectNode o : objects) {
            Applier.Applied a = Applier.apply(client, o);
            progress.progress(target.name(), a.describe());
            applied.add(a);
        }
        List<String> wanted = applied.stream().filter(a -> a.kind().equals("Deployment") || a.kind().equals("StatefulSet"))
                .map(Applier.Applied::name).toList();
        return waitReady(target, manifests.dir(target).getFileName().toString(), applied, wanted, progress);
    }

    /**
     * The namespaces the objects go to must exist or be among them; otherwise the API would only say
     * {@code namespaces "simple-buy" not found} (the original workshop's cluster2-manifests had no Namespace).
     */
    private static void requireNamespaces(KubernetesClient client, ClusterPlan target, java.nio.file.Path dir, List<ObjectNode> objects) {
        Set<String> created = new java.util.TreeSet<>();
        Set<String> used = new java.util.TreeSet<>();
        for (ObjectNode o : objects) {
            if (o.path("kind").asString().equals("Namespace")) {
                created.add(o.path("metadata").path("name").asString());
            } else if (!o.path("metadata").path("namespace").asString().isEmpty()) {
                used.add(o.path("metadata").path("namespace").asString());
            }
        }
        used.removeAll(created);
        for (String ns : used) {
            if (client.namespaces().withName(ns).get() == null) {
                throw new BackendException(dir + "/ creates no Namespace " + ns + " and " + target.name() + " has none: add a"
                        + " namespace.yaml (kind: Namespace, name: " + ns + ", label istio-injection: enabled) to " + dir
                        + "/ and list it in its kustomization.yaml resources (or: kubectl create namespace " + ns + " "
                        + "--context " + target.context() + " && kubectl label namespace " + ns + " istio-injection=enabled --context "
                        + target.context() + "), then run this again");
            }
        }
    }

    private Deployed waitReady(ClusterPlan target, String dir, List<Applier.Applied> applied,
            List<String> wanted, ProgressListener progress) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, String> reported = new HashMap<>();
        while (true) {
            List<AppWorkload> workloads = workloads(models.snapshot(List.of(target), SnapshotSource.Depth.APP)).stream()
                    .filter(w -> wanted.contains(w.name())).toList();
            for (AppWorkload w : workloads) {
                String line = w.name() + " " + w.ready() + "/" + w.desired() + " " + w.status();
                if (!line.equals(reported.put(w.name(), line))) {
                    progress.progress(target.name(), line);
                }
            }
            String stuck = stuck(workloads);
            if (stuck != null) {
                return new Deployed(target.name(), dir, applied, workloads, stuck);
            }
            if (workloads.size() == wanted.size() && workloads.stream().allMatch(AppWorkload::isReady)) {
                return new Deployed(target.name(), dir, applied, workloads, null);
            }
            if (System.nanoTime() > deadline) {
                List<String> waiting = workloads.stream().filter(w -> !w.isReady())
                        .map(w -> w.name() + " (" + w.ready() + "/" + w.desired() + " " + w.status() + ")").toList();
                return new Deployed(target.name(), dir, applied, workloads, "not ready after " + READY_TIMEOUT.toMinutes()
                        + "m: " + String.join(", ", waiting) + "; look with 'app status', then run 'app deploy' again");
            }
            sleep();
        }
    }

    /** The first workload whose pod waits for something only the user can fix, in one line. */
    private static String stuck(List<AppWorkload> workloads) {
        for (AppWorkload w : workloads) {
            if (STUCK.contains(w.status())) {
                String detail = w.reasons().isEmpty() ? w.status() : w.reasons().get(0);
                String fix = w.status().contains("Image")
                        ? "fix the image (sample-app/kustomization.yaml images:) or load it with 'images preload', then run 'app deploy' again"
                        : "look with 'app status' and 'kubectl logs', then run 'app deploy' again";
                return w.name() + " cannot start: image " + w.image() + ": " + w.status() + " (" + detail + "); " + fix;
            }
        }
        return null;
    }

    /** {@code kubectl delete -k DIR}, or the named services' own objects (not the settings others share). */
    public List<String> delete(String cluster, List<String> services) {
        ClusterPlan target = deleteTarget(cluster);
        AppManifests manifests = AppManifests.of(session.plan());
        List<ObjectNode> objects = new ArrayList<>(services.isEmpty() ? manifests.objects(target, List.of())
                : manifests.ownObjects(target, services));
        if (!services.isEmpty()) {
            objects.removeIf(o -> o.path("kind").asString().equals("Namespace"));
        }
        KubernetesClient client = session.client(target.name());
        List<String> lines = new ArrayList<>();
        // dependants first, the namespace last, as kubectl delete -k does
        for (int i = objects.size() - 1; i >= 0; i--) {
            GenericKubernetesResource resource = Serialization.jsonMapper().convertValue(objects.get(i), GenericKubernetesResource.class);
            String kind = resource.getKind().toLowerCase(java.util.Locale.ROOT);
            String group = resource.getApiVersion().contains("/")
                    ? "." + resource.getApiVersion().substring(0, resource.getApiVersion().indexOf('/')) : "";
            String name = kind + group + "/" + resource.getMetadata().getName();
            try {
                boolean gone = client.resource(resource).delete().isEmpty();
                lines.add(name + (gone ? " not found" : " deleted"));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw new BackendException("deleting " + name + " failed: " + e.getMessage().lines().findFirst().orElse(""));
                }
                lines.add(name + " not found");
            }
        }
        return lines;
    }

    /** Every cluster that exists, its app workloads. */
    public List<AppWorkload> status() {
        Set<String> existing = Set.copyOf(session.existingClusters());
        List<ClusterPlan> present = session.plan().clusters().stream().filter(c -> existing.contains(c.name())).toList();
        return present.isEmpty() ? List.of() : workloads(models.snapshot(present, SnapshotSource.Depth.APP));
    }

    /** The app's workloads of every cluster in the model; a cluster that did not answer is an error, not "no app". */
    private static List<AppWorkload> workloads(MeshModel model) {
        List<AppWorkload> out = new ArrayList<>();
        for (ClusterFacts c : model.clusters()) {
            if (!c.reachable()) {
                throw new BackendException(c.name() + ": " + c.reach().problem());
            }
            out.addAll(AppWorkloads.of(c, AppManifests.NAMESPACE));
        }
        return out;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for the app to become ready; 'app deploy' is safe to run again");
        }
    }
}
