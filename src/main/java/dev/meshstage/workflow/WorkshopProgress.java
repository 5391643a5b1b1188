package dev.meshstage.workflow;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.WorkloadFact;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.error.BackendException;
import dev.meshstage.session.MeshModels;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Set;

/**
 * Where the workshop stands, from the mesh model of every cluster that exists (one parallel read), and the
 * prerequisites steps check against it.
 */
@Service
public class WorkshopProgress {

    static final String APP_NAMESPACE = "simple-buy";

    private final Session session;
    private final MeshModels models;

    public WorkshopProgress(Session session, MeshModels models) {
        this.session = session;
        this.models = models;
    }

    public WorkshopState read() {
        List<ClusterPlan> present = existing();
        return state(present.isEmpty() ? new MeshModel(List.of()) : models.snapshot(present, SnapshotSource.Depth.CLUSTER));
    }

    /** The planned clusters that exist. */
    public List<ClusterPlan> existing() {
        Set<String> existing = Set.copyOf(session.existingClusters());
        return session.plan().clusters().stream().filter(p -> existing.contains(p.name())).toList();
    }

    /** The state out of a model already read (which may hold clusters that do not exist: those count as absent). */
    public WorkshopState state(MeshModel model) {
        Set<String> present = Set.copyOf(existing().stream().map(ClusterPlan::name).toList());
        return new WorkshopState(session.plan().clusters().stream().map(p -> model.cluster(p.name())
                .filter(c -> present.contains(c.name())).map(WorkshopProgress::facts)
                .orElse(StepFacts.absent(p.name()))).toList());
    }

    /**
     * @throws BackendException naming the cluster that has not reached {@code needed}, and the command to run first
     */
    public void require(String command, Step needed, List<ClusterPlan> targets) {
        read().blocked(command, needed, targets.stream().map(ClusterPlan::name).toList()).ifPresent(b -> {
            throw new BackendException(b.message());
        });
    }

    /** The few facts the steps' "done" predicates need, out of the model of one cluster. */
    static StepFacts facts(ClusterFacts c) {
        if (!c.reachable()) {
            return StepFacts.unreadable(c.name(), c.reach().problem());
        }
        var mesh = c.mesh();
        int appWorkloads = (int) c.workloads().stream().filter(w -> w.namespace().equals(APP_NAMESPACE)
                && w.kind() != WorkloadFact.Kind.DAEMONSET).count();
        return new StepFacts(c.name(), true, c.nodes().size(), mesh.metallb() != null && mesh.metallb().controllerReady(),
                mesh.istiod() != null && mesh.istiod().ready(),
                mesh.remoteSecrets().stream().map(s -> s.cluster()).filter(n -> n != null).sorted().toList(), appWorkloads, null);
    }
}
