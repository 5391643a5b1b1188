package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.error.UsageException;
import dev.meshstage.kube.Applier;
import dev.meshstage.kube.MetalLbManifests;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.session.MeshModels;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.Step;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.Cidr;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopPlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeAddress;
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
    private final MeshModels models;

    public LoadBalancerStep(Session session, WorkshopProgress workshop, MeshModels models) {
        this.models = models;
        this.session = session;
        this.workshop = workshop;
    }

    /** Installs MetalLB on {@code clusters}; one report per cluster, in the order given. */
    public List<StepReport> install(List<ClusterPlan> clusters, ProgressListener progress) {
        return install(clusters, null, progress);
    }

    /**
     * As {@link #install(List, ProgressListener)}; {@code pool} ({@code --pool}, may be null) is the address pool of
     * the one attached cluster that has no load balancer, since meshstage cannot read its node network.
     */
    public List<StepReport> install(List<ClusterPlan> clusters, GivenPool pool, ProgressListener progress) {
        workshop.require("lb install", Step.CLUSTERS, clusters);
        if (clusters.stream().anyMatch(ClusterPlan::isAttached)) {
            return onAttached(clusters, pool, progress);
        }
        if (pool != null) {
            throw new UsageException("--pool is for attached clusters, whose node network meshstage cannot read; "
                    + String.join(", ", clusters.stream().map(ClusterPlan::name).toList()) + " take the pools of configs/metallb/,"
                    + " fitted into the node network");
        }
        WorkshopPlan plan = session.plan();
        Cidr subnet = Cidr.parse(session.backend().nodeNetworkSubnet());
        // every cluster's pools, not only the targets': they share the node network and must not overlap
        List<MetalLbPools.Fitted> configs = MetalLbPools.fit(sources(plan), subnet);
        return PerCluster.run(clusters, cluster -> installOn(cluster, configs.stream()
                .filter(c -> c.cluster().equals(cluster.name())).findFirst().orElseThrow(), subnet, progress));
    }

    /** What an attached cluster has that gives LoadBalancer Services addresses, read before anything is applied. */
    private record Existing(ClusterPlan cluster, List<String> assigned, boolean metallb, boolean metallbOurs,
            List<GivenPool.NodeAddresses> nodes) {

        /** MetalLB goes on with the given pool: one meshstage installed (the pool may change), or nothing there yet. */
        boolean takesPool() {
            return metallbOurs || assigned.isEmpty() && !metallb;
        }
    }

    /**
     * An attached cluster keeps the load balancer it has: one that already gives LoadBalancer Services an address (a
     * cloud's, or a MetalLB of its own) is left alone, said so. One without gets MetalLB with the pool the user gives
     * ({@code --pool}), checked against its nodes first; without a pool it is told to give one. A MetalLB that
     * meshstage installed takes the pool again (safe to repeat, or a changed pool).
     */
    private List<StepReport> onAttached(List<ClusterPlan> clusters, GivenPool pool, ProgressListener progress) {
        List<Existing> existing = clusters.stream().map(this::existing).toList();
        if (pool != null) {
            List<Existing> taking = existing.stream().filter(Existing::takesPool).toList();
            if (taking.size() > 1) {
                throw new UsageException("--pool is one cluster's addresses, and " + String.join(", ", taking.stream()
                        .map(e -> e.cluster().name()).toList()) + " would all take it: name one with --cluster NAME");
            }
            taking.forEach(e -> pool.checkAgainst(e.cluster().name(), e.nodes()));
        }
        return PerCluster.run(clusters, cluster -> {
            Existing e = existing.get(clusters.indexOf(cluster));
            if (pool != null && e.takesPool()) {
                return installOn(cluster, fittedFromPool(cluster, pool), null, progress);
            }
            String unused = pool == null ? "" : " (--pool not used)";
            if (!e.assigned().isEmpty()) {
                return StepReport.alreadyDone(cluster.name(), List.of("skipped: the cluster already gives LoadBalancer Services an"
                        + " address (" + e.assigned().get(0) + (e.assigned().size() > 1 ? " and " + (e.assigned().size() - 1) + " more" : "")
                        + ")" + unused));
            }
            if (e.metallb()) {
                return StepReport.alreadyDone(cluster.name(), List.of("skipped: MetalLB is installed (" + MetalLbManifests.NAMESPACE
                        + "/" + MetalLbManifests.CONTROLLER + "); its pools are the cluster's own" + unused));
            }
            String node = e.nodes().stream().flatMap(n -> n.addresses().stream()).findFirst().map(a -> ", where a node has " + a).orElse("");
            return StepReport.failed(cluster.name(), "attached, with nothing that gives LoadBalancer Services an address: give"
                    + " MetalLB addresses on its nodes' network" + node + ", e.g. 'lb install --cluster " + cluster.name()
                    + " --pool a.b.c.d-e.f.g.h' (or a CIDR); meshstage cannot read that network to choose them");
        });
    }

    private Existing existing(ClusterPlan cluster) {
        KubernetesClient client = session.client(cluster.name());
        List<String> assigned = client.services().inAnyNamespace().list().getItems().stream()
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType()) && s.getStatus() != null
                        && s.getStatus().getLoadBalancer() != null && s.getStatus().getLoadBalancer().getIngress() != null
                        && !s.getStatus().getLoadBalancer().getIngress().isEmpty())
                .map(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).sorted().toList();
        Deployment controller = client.apps().deployments().inNamespace(MetalLbManifests.NAMESPACE).withName(MetalLbManifests.CONTROLLER).get();
        boolean ours = controller != null && controller.getMetadata().getManagedFields() != null && controller.getMetadata()
                .getManagedFields().stream().anyMatch(f -> Applier.FIELD_MANAGER.equals(f.getManager()));
        List<GivenPool.NodeAddresses> nodes = client.nodes().list().getItems().stream().map(n -> new GivenPool.NodeAddresses(
                n.getMetadata().getName(),
                n.getStatus() == null || n.getStatus().getAddresses() == null ? List.of() : n.getStatus().getAddresses().stream()
                        .filter(a -> "InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType())).map(NodeAddress::getAddress).toList(),
                n.getSpec() == null || n.getSpec().getPodCIDRs() == null ? List.of() : List.copyOf(n.getSpec().getPodCIDRs()))).toList();
        return new Existing(cluster, assigned, controller != null, ours, nodes);
    }

    /**
     * The MetalLB file of the workshop's cluster whose share the attached one runs (else the first's), every pool's
     * addresses replaced by the given pool: the same pool and L2Advertisement names as the workshop's.
     */
    private MetalLbPools.Fitted fittedFromPool(ClusterPlan cluster, GivenPool pool) {
        WorkshopPlan workshopPlan = session.workshopPlan();
        String part = cluster.attachment().appPart() != null ? cluster.attachment().appPart() : workshopPlan.clusters().get(0).name();
        Path file = workshopPlan.metallbConfig(part);
        List<ObjectNode> objects = new ArrayList<>();
        List<MetalLbPools.Pool> pools = new ArrayList<>();
        for (ObjectNode object : MetalLbManifests.config(file, workshopPlan.directory().relativize(file).toString())) {
            ObjectNode copy = object.deepCopy();
            if (copy.path("kind").asString("").equals("IPAddressPool")) {
                ObjectNode spec = copy.path("spec") instanceof ObjectNode o ? o : copy.putObject("spec");
                spec.putArray("addresses").add(pool.text());
                pools.add(new MetalLbPools.Pool(copy.path("metadata").path("name").asString(""), List.of(pool.text()), List.of(pool.text())));
            }
            objects.add(copy);
        }
        return new MetalLbPools.Fitted(cluster.name(), "--pool " + pool.text(), List.copyOf(objects), List.copyOf(pools));
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
        waitFor(cluster, "controller", deployments.withName(MetalLbManifests.CONTROLLER), (Deployment d) -> {
            int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0 : d.getStatus().getAvailableReplicas();
            progress.progress(name, "waiting for the MetalLB controller (" + available + " available)");
            return available > 0 && observed(d, d.getStatus().getObservedGeneration());
        });
        var daemonSets = client.apps().daemonSets().inNamespace(MetalLbManifests.NAMESPACE);
        DaemonSet speakers = waitFor(cluster, "speaker", daemonSets.withName(MetalLbManifests.SPEAKER), (DaemonSet ds) -> {
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
    private <T extends HasMetadata> T waitFor(ClusterPlan cluster, String component, Resource<T> resource, Predicate<T> ready) {
        try {
            return resource.waitUntilCondition(o -> o != null && ready.test(o), READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (KubernetesClientTimeoutException e) {
            String pods = models.snapshot(List.of(cluster), SnapshotSource.Depth.APP).cluster(cluster.name())
                    .map(c -> c.podsIn(MetalLbManifests.NAMESPACE)).orElse(List.of()).stream()
                    .filter(p -> component.equals(p.labels().get("component")) && p.notReadyReason() != null)
                    .map(p -> p.name() + " " + p.notReadyReason()).collect(Collectors.joining(", "));
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
