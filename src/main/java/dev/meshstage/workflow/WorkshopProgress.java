package dev.meshstage.workflow;

import dev.meshstage.Async;
import dev.meshstage.backend.BackendException;
import dev.meshstage.kube.ApiErrors;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Where the workshop stands, read from every cluster at once, and the prerequisites steps check against it. */
@Service
public class WorkshopProgress {

    private final Session session;

    public WorkshopProgress(Session session) {
        this.session = session;
    }

    public WorkshopState read() {
        List<ClusterPlan> plans = session.plan().clusters();
        Set<String> existing = Set.copyOf(session.backend().listClusters().stream().map(c -> c.name()).toList());
        List<CompletableFuture<ClusterFacts>> reads = plans.stream().map(p -> existing.contains(p.name())
                ? Async.supply(() -> facts(p)) : CompletableFuture.completedFuture(ClusterFacts.absent(p.name()))).toList();
        return new WorkshopState(reads.stream().map(CompletableFuture::join).toList());
    }

    /**
     * @throws BackendException naming the cluster that has not reached {@code needed}, and the command to run first
     */
    public void require(String command, Step needed, List<ClusterPlan> targets) {
        read().blocked(command, needed, targets.stream().map(ClusterPlan::name).toList()).ifPresent(b -> {
            throw new BackendException(b.message());
        });
    }

    private ClusterFacts facts(ClusterPlan plan) {
        try {
            return ClusterFactsReader.read(plan.name(), session.client(plan.name()));
        } catch (KubernetesClientException e) {
            return ClusterFacts.unreadable(plan.name(), ApiErrors.explain(e));
        } catch (BackendException e) {
            return ClusterFacts.unreadable(plan.name(), e.getMessage());
        }
    }
}
