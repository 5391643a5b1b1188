package dev.meshstage.session;

import dev.meshstage.Invocation;
import dev.meshstage.error.BackendException;
import dev.meshstage.backend.attached.AttachedClusters;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopLoader;
import dev.meshstage.workshop.WorkshopLocator;
import dev.meshstage.workshop.WorkshopPlan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The home's mesh: the workshop directory's clusters, or, once clusters are attached ({@code cluster attach}),
 * those — never both (the sim's clusters cannot reach real ones). Plain (no Spring, no clients), so the prompt
 * can name its cluster before the application is up.
 */
public final class HomePlan {

    private HomePlan() {
    }

    /** {@code workshop}: the workshop directory's plan; the home's attached clusters replace its clusters. */
    public static WorkshopPlan of(WorkshopPlan workshop, Path home) {
        List<AttachedClusters.Entry> attached = new AttachedClusters(home).list();
        return attached.isEmpty() ? workshop : workshop.withClusters(attachedPlans(workshop, attached));
    }

    /** The cluster a new shell starts on: the mesh's first; none when the workshop cannot be read (said later). */
    public static Optional<String> firstCluster(Invocation invocation) {
        try {
            Path dir = new WorkshopLocator(System.getenv(), Path.of("").toAbsolutePath(), invocation.home())
                    .locate(invocation.workshop()).directory();
            return of(new WorkshopLoader().load(dir), invocation.home()).clusterNames().stream().findFirst();
        } catch (BackendException e) {
            return Optional.empty();
        }
    }

    /** The n-th attached cluster takes the share of the app the workshop's n-th cluster has. */
    private static List<ClusterPlan> attachedPlans(WorkshopPlan workshop, List<AttachedClusters.Entry> entries) {
        String meshId = workshop.clusters().isEmpty() ? "mesh1" : workshop.clusters().get(0).meshId();
        List<ClusterPlan> plans = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            AttachedClusters.Entry e = entries.get(i);
            String part = i < workshop.clusters().size() ? workshop.clusters().get(i).name() : null;
            plans.add(ClusterPlan.attached(e.name(), e.network(), meshId,
                    new ClusterPlan.Attachment(e.context(), Path.of(e.kubeconfig()), e.server(), part, i == 0)));
        }
        return plans;
    }
}
