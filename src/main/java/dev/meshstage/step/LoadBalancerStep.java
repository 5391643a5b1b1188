package dev.meshstage.step;

import dev.meshstage.backend.BackendException;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.kube.Applier;
import dev.meshstage.kube.MetalLbManifests;
import dev.meshstage.mesh.PodStatusText;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.Step;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.Cidr;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopPlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Step 2 of the workshop, {@code lb install}: MetalLB on each cluster, then its address pool. Per cluster
 * (all clusters at once): apply the bundled manifests (server-side), wait until the controller and every
 * speaker are ready, then apply the cluster's {@code configs/metallb/} file with its pools fitted into the
 * node network ({@link MetalLbPools}). The pool goes in last because MetalLB's webhook refuses it until the
 * controller serves the webhook, and on kind the Service in front of it lags behind the pod: that "failed
 * calling webhook" race is retried for a while instead of failing the step (the workshop's script slept
 * five seconds and hoped). Running it again applies nothing new and says so.
 */
@Service
public class LoadBalancerStep {

    /** Pulling two images and starting the pods; generous for a laptop on conference Wi-Fi. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** How long the webhook race may last before it is a real problem. */
    static final Duration WEBHOOK_PATIENCE = Duration.ofSeconds(60);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(8);

    private final Session session;
    private final WorkshopProgress workshop;

    public LoadBalancerStep(Session session, WorkshopProgress workshop) {
        this.session = session;
        this.workshop = workshop;
    }

    /** Installs MetalLB on {@code clusters}; one report per cluster, in the order given. */
    public List<StepReport> install(List<ClusterPlan> clusters, ProgressListener progress) {
        workshop.require("lb install", Step.CLUSTERS, clusters);
        if (clusters.stream().anyMatch(ClusterPlan::isAttached)) {
            return PerCluster.run(clusters, this::onAttached);
        }
        WorkshopPlan plan = session.plan();
        Cidr subnet = Cidr.parse(session.backend().nodeNetworkSubnet());
        // every cluster's pools, not only the targets': they share the node network and must not overlap
        List<MetalLbPools.Fitted> configs = MetalLbPools.fit(sources(plan), subnet);
        return PerCluster.run(clusters, cluster -> installOn(cluster, configs.stream()
                .filter(c -> c.cluster().equals(cluster.name())).findFirst().orElseThrow(), subnet, progress));
    }

    /**
     * An attached cluster keeps the load balancer it has: one that already gives LoadBalancer Services an address (a
     * cloud's, or a MetalLB of its own) is left alone, said so; meshstage cannot fit a pool into a network it cannot
     * read, so a cluster without one is told what to do.
     */
    private StepReport onAttached(ClusterPlan cluster) {
        KubernetesClient client = session.client(cluster.name());
        List<String> assigned = client.services().inAnyNamespace().list().getItems().stream()
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType()) && s.getStatus() != null
                        && s.getStatus().getLoadBalancer() != null && s.getStatus().getLoadBalancer().getIngress() != null
                        && !s.getStatus().getLoadBalancer().getIngress().isEmpty())
                .map(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).sorted().toList();
        if (!assigned.isEmpty()) {
            return StepReport.alreadyDone(cluster.name(), List.of("skipped: the cluster already gives LoadBalancer Services an"
                    + " address (" + assigned.get(0) + (assigned.size() > 1 ? " and " + (assigned.size() - 1) + " more" : "") + ")"));
        }
        var controller = client.apps().deployments().inNamespace(MetalLbManifests.NAMESPACE).withName(MetalLbManifests.CONTROLLER).get();
        if (controller != null) {
            return StepReport.alreadyDone(cluster.name(), List.of("skipped: MetalLB is installed (" + MetalLbManifests.NAMESPACE
                    + "/" + MetalLbManifests.CONTROLLER + "); its pools are the cluster's own"));
        }
        return StepReport.failed(cluster.name(), "attached, with nothing that gives LoadBalancer Services an address, and"
                + " meshstage cannot read its node network to fit a MetalLB pool: install a load balancer there (the cloud's,"
                + " or MetalLB with a pool from the nodes' network), then run lb install again");
    }

    private static List<MetalLbPools.Source> sources(WorkshopPlan plan) {
        List<MetalLbPools.Source> out = new ArrayList<>();
        for (ClusterPlan cluster : plan.clusters()) {
            Path file = plan.metallbConfig(cluster.name());
            String name = plan.directory().relativize(file).toString();
            out.add(new MetalLbPools.Source(cluster.name(), name, MetalLbManifests.config(file, name)));
        }
        return out;
    }

    private StepReport installOn(ClusterPlan cluster, MetalLbPools.Fitted config, Cidr subnet, ProgressListener progress) {
        String name = cluster.name();
        KubernetesClient client = session.client(name);
        List<ObjectNode> manifests = MetalLbManifests.install();
        progress.progress(name, "applying MetalLB " + MetalLbManifests.VERSION + " (" + manifests.size() + " objects)");
        List<Applier.Applied> applied = new ArrayList<>(Applier.apply(client, manifests));

        var deployments = client.apps().deployments().inNamespace(MetalLbManifests.NAMESPACE);
        waitFor(client, cluster, "controller", deployments.withName(MetalLbManifests.CONTROLLER), (Deployment d) -> {
            int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0 : d.getStatus().getAvailableReplicas();
            progress.progress(name, "waiting for the MetalLB controller (" + available + " available)");
            return available > 0 && observed(d, d.getStatus().getObservedGeneration());
        });
        var daemonSets = client.apps().daemonSets().inNamespace(MetalLbManifests.NAMESPACE);
        DaemonSet speakers = waitFor(client, cluster, "speaker", daemonSets.withName(MetalLbManifests.SPEAKER), (DaemonSet ds) -> {
            int desired = ds.getStatus() == null ? 0 : ds.getStatus().getDesiredNumberScheduled();
            int ready = ds.getStatus() == null ? 0 : ds.getStatus().getNumberReady();
            progress.progress(name, "waiting for the MetalLB speakers (" + ready + "/" + desired + " ready)");
            return desired > 0 && ready >= desired && observed(ds, ds.getStatus().getObservedGeneration());
        });

        for (ObjectNode object : config.objects()) {
            progress.progress(name, "applying " + object.path("kind").asString() + " " + object.path("metadata").path("name").asString()
                    + " from " + config.file());
            applied.add(applyThroughWebhook(client, cluster, config.file(), object, progress));
        }
        return report(name, applied, speakers.getStatus().getNumberReady(), config, subnet);
    }

    private static boolean observed(HasMetadata object, Long observedGeneration) {
        return observedGeneration != null && observedGeneration >= Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
    }

    /** Waits (watching, not polling) until {@code ready} holds; on timeout says which pod is stuck and why. */
    private static <T extends HasMetadata> T waitFor(KubernetesClient client, ClusterPlan cluster, String component,
            Resource<T> resource, Predicate<T> ready) {
        try {
            return resource.waitUntilCondition(o -> o != null && ready.test(o), READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (KubernetesClientTimeoutException e) {
            String pods = client.pods().inNamespace(MetalLbManifests.NAMESPACE).withLabel("component", component).list().getItems()
                    .stream().filter(p -> !PodStatusText.ready(p))
                    .map(p -> p.getMetadata().getName() + " " + PodStatusText.reason(p)).collect(Collectors.joining(", "));
            throw new BackendException("MetalLB " + component + " not ready after " + READY_TIMEOUT.toMinutes() + "m"
                    + (pods.isEmpty() ? "" : " (" + pods + ")") + "; look with 'kubectl get pods -n " + MetalLbManifests.NAMESPACE
                    + " --context " + cluster.context() + "', then run 'lb install' again");
        }
    }

    /** Applies one object, retrying while MetalLB's webhook cannot be reached yet. */
    private static Applier.Applied applyThroughWebhook(KubernetesClient client, ClusterPlan cluster, String file, ObjectNode object,
            ProgressListener progress) {
        long deadline = System.nanoTime() + WEBHOOK_PATIENCE.toNanos();
        Duration pause = Duration.ofSeconds(1);
        while (true) {
            try {
                return Applier.apply(client, object);
            } catch (KubernetesClientException e) {
                String reason = PerCluster.reason(e);
                boolean race = reason.contains("failed calling webhook");
                if (race && System.nanoTime() + pause.toNanos() < deadline) {
                    progress.progress(cluster.name(), "MetalLB's webhook is not answering yet; retrying in " + pause.toSeconds() + "s");
                    sleep(pause);
                    pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                    continue;
                }
                if (race) {
                    throw new BackendException("MetalLB's webhook still refuses " + file + " after " + WEBHOOK_PATIENCE.toSeconds()
                            + "s (" + reason + "); look with 'kubectl get pods,endpoints -n " + MetalLbManifests.NAMESPACE
                            + " --context " + cluster.context() + "', then run 'lb install' again");
                }
                throw new BackendException(file + ": " + object.path("kind").asString() + " "
                        + object.path("metadata").path("name").asString() + " was refused: " + reason + "; fix the file and run 'lb install' again");
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for MetalLB's webhook; run 'lb install' again");
        }
    }

    private static StepReport report(String cluster, List<Applier.Applied> applied, int speakers, MetalLbPools.Fitted config, Cidr subnet) {
        List<String> pools = config.pools().stream().map(p -> "pool " + p.name() + " " + String.join(", ", p.applied())).toList();
        if (applied.stream().allMatch(a -> a.result() == Applier.Result.UNCHANGED)) {
            return StepReport.alreadyDone(cluster, List.of("already installed: " + String.join("; ", pools)));
        }
        long created = count(applied, Applier.Result.CREATED);
        long configured = count(applied, Applier.Result.CONFIGURED);
        long unchanged = count(applied, Applier.Result.UNCHANGED);
        String what = configured == 0 && unchanged == 0
                ? "installed (" + created + " objects created)"
                : "updated (" + created + " created, " + configured + " configured, " + unchanged + " unchanged)";
        List<String> lines = new ArrayList<>();
        lines.add("MetalLB " + MetalLbManifests.VERSION + " " + what + "; controller ready, speakers ready on " + speakers + " nodes");
        for (int i = 0; i < pools.size(); i++) {
            MetalLbPools.Pool pool = config.pools().get(i);
            lines.add(pools.get(i) + (pool.moved() ? " (" + config.file() + " says " + String.join(", ", pool.written())
                    + "; fitted into the node network " + subnet + ")" : ""));
        }
        return StepReport.done(cluster, lines);
    }

    private static long count(List<Applier.Applied> applied, Applier.Result result) {
        return applied.stream().filter(a -> a.result() == result).count();
    }
}
