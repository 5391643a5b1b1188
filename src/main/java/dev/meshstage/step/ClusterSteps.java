package dev.meshstage.step;

import dev.meshstage.backend.ClusterState;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.stereotype.Service;

import java.util.List;

/** Step 1 of the workshop and its undo: clusters created from their plans, deleted by name. */
@Service
public class ClusterSteps {

    private final Session session;
    private final MeshCaStep meshCa;

    public ClusterSteps(Session session, MeshCaStep meshCa) {
        this.session = session;
        this.meshCa = meshCa;
    }

    /**
     * An attached cluster's backend refuses: meshstage never creates or deletes an existing cluster. Once a cluster
     * is up, the mesh CA's keys start being made for the later {@code mesh install}, where this process stays up for it.
     */
    public List<ClusterState> create(List<ClusterPlan> plans, ProgressListener progress) {
        dev.meshstage.backend.Backend backend = backendOf(plans);
        List<ClusterState> created = backend.createClusters(plans, progress);
        if (backend.staysUpBetweenCommands() && created.stream().anyMatch(ClusterState::exists)) {
            meshCa.prepareKeys();
        }
        return created;
    }

    public List<ClusterState> delete(List<ClusterPlan> plans, ProgressListener progress) {
        return backendOf(plans).deleteClusters(plans.stream().map(ClusterPlan::name).toList(), progress);
    }

    /** The clusters of the mesh that exist: the attached ones, else the backend's. */
    public List<ClusterState> list() {
        List<ClusterPlan> attached = session.plan().clusters().stream().filter(ClusterPlan::isAttached).toList();
        return attached.isEmpty() ? session.backend().listClusters() : session.backendFor(attached.get(0).name()).listClusters();
    }

    private dev.meshstage.backend.Backend backendOf(List<ClusterPlan> plans) {
        return plans.stream().filter(ClusterPlan::isAttached).findFirst().map(p -> session.backendFor(p.name()))
                .orElseGet(session::backend);
    }
}
