package dev.meshstage.mesh;

import dev.meshstage.Async;

import dev.meshstage.backend.BackendException;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reads the status of the workshop's clusters, all of them at once. */
@Service
public class StatusService {

    private final Session session;

    public StatusService(Session session) {
        this.session = session;
    }

    public List<ClusterStatus> status(List<ClusterPlan> clusters) {
        List<CompletableFuture<ClusterStatus>> reads = clusters.stream()
                .map(c -> Async.supply(() -> read(c))).toList();
        return reads.stream().map(CompletableFuture::join).toList();
    }

    private ClusterStatus read(ClusterPlan plan) {
        try {
            return ClusterStatusReader.read(plan.name(), plan.context(), session.client(plan.name()));
        } catch (BackendException e) {
            return ClusterStatus.unreachable(plan.name(), plan.context(), e.getMessage());
        }
    }
}
