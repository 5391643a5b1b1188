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

    public ClusterSteps(Session session) {
        this.session = session;
    }

    public List<ClusterState> create(List<ClusterPlan> plans, ProgressListener progress) {
        return session.backend().createClusters(plans, progress);
    }

    public List<ClusterState> delete(List<ClusterPlan> plans, ProgressListener progress) {
        return session.backend().deleteClusters(plans.stream().map(ClusterPlan::name).toList(), progress);
    }

    public List<ClusterState> list() {
        return session.backend().listClusters();
    }
}
