package dev.meshstage.session;

import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.source.LiveSource;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;

/**
 * The model of the clusters in play, from either source: a snapshot (one parallel read, for one-shot commands) or a
 * live source fed by watches (the dashboard), both reaching the clusters through the session.
 */
@Service
public class MeshModels {

    private final Session session;

    public MeshModels(Session session) {
        this.session = session;
    }

    /** One read of the named clusters (all when empty). */
    public MeshModel snapshot(List<ClusterPlan> clusters, SnapshotSource.Depth depth) {
        List<ClusterPlan> plans = clusters.isEmpty() ? session.plan().clusters() : clusters;
        return new SnapshotSource(new SessionClusterAccess(session, plans), Clock.systemUTC()).read(depth);
    }

    public MeshModel snapshot(SnapshotSource.Depth depth) {
        return snapshot(List.of(), depth);
    }

    /** A live source over the named clusters (all when empty); the caller starts and closes it. */
    public LiveSource live(List<ClusterPlan> clusters) {
        List<ClusterPlan> plans = clusters.isEmpty() ? session.plan().clusters() : clusters;
        return new LiveSource(new SessionClusterAccess(session, plans), Clock.systemUTC());
    }
}
