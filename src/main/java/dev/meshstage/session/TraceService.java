package dev.meshstage.session;

import dev.meshstage.backend.Backend;
import dev.meshstage.error.UsageException;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.route.RoutePlan;
import dev.meshstage.mesh.route.Router;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.mesh.trace.Endpoints;
import dev.meshstage.mesh.trace.TraceReport;
import org.springframework.stereotype.Service;

import java.util.List;

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
        List<TraceReport.SidecarEndpoint> sidecar = null;
        if (caller.pod() != null) {
            Backend backend = session.backendFor(caller.cluster());
            if (caller.pod().sidecar() && plan.outboundCluster() != null) {
                sidecar = backend.sidecarEndpoints(caller.cluster(), caller.namespace(), caller.pod().name(), plan.outboundCluster())
                        .map(list -> list.stream().map(e -> new TraceReport.SidecarEndpoint(e.address(), e.healthy())).toList())
                        .orElse(null);
            }
            request = backend.probe(model, caller.cluster(), caller.namespace(), caller.pod().name(), callee.namespace(),
                    callee.service(), plan.port())
                    .map(p -> new TraceReport.Request(p.status(), p.flags(), p.body(), p.servedBy(), p.via())).orElse(null);
        }
        return new TraceReport(caller, callee, plan, request, sidecar);
    }
}
