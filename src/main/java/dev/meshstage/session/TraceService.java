package dev.meshstage.session;

import dev.meshstage.command.UsageException;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.route.RoutePlan;
import dev.meshstage.mesh.route.Router;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.mesh.trace.Endpoints;
import dev.meshstage.mesh.trace.TraceReport;
import org.springframework.stereotype.Service;

/** {@code trace FROM TO}: the computed path over a fresh model, then one real request along it where the backend can. */
@Service
public class TraceService {

    private final Session session;
    private final MeshModels models;

    public TraceService(Session session, MeshModels models) {
        this.session = session;
        this.models = models;
    }

    /** @param cluster where FROM runs (only there), or null to look in the current cluster first, then the others */
    public TraceReport trace(String from, String to, int port, String cluster) {
        MeshModel model = models.snapshot(SnapshotSource.Depth.MESH);
        String preferred = cluster != null ? session.resolveCluster(cluster).name() : session.currentCluster().orElse("");
        Endpoints.Caller caller;
        Endpoints.Callee callee;
        try {
            caller = Endpoints.caller(model, from, preferred, cluster != null);
            callee = Endpoints.callee(model, to, caller.namespace());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        RoutePlan plan = Router.route(model, caller.cluster(), caller.pod(), callee.namespace(), callee.service(), port,
                Router.Origin.SIDECAR);
        TraceReport.Request request = null;
        if (caller.pod() != null) {
            request = session.backendFor(caller.cluster()).probe(model, caller.cluster(), caller.namespace(), caller.pod().name(), callee.namespace(),
                    callee.service(), plan.port())
                    .map(p -> new TraceReport.Request(p.status(), p.flags(), p.body(), p.servedBy(), p.via())).orElse(null);
        }
        return new TraceReport(caller, callee, plan, request);
    }
}
