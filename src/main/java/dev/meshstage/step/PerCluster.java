package dev.meshstage.step;

import dev.meshstage.backend.BackendException;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.meshstage.mesh.ProgressReader;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Runs a step on each cluster in parallel (the clusters are independent, and on kind each takes minutes) and
 * returns the reports in plan order, so output never depends on which cluster finished first. A cluster whose
 * work throws gets a failed report with the one-line reason.
 */
final class PerCluster {

    private PerCluster() {
    }

    static List<StepReport> run(List<ClusterPlan> clusters, Function<ClusterPlan, StepReport> work) {
        List<CompletableFuture<StepReport>> futures = clusters.stream()
                .map(c -> CompletableFuture.supplyAsync(() -> guarded(c, work))).toList();
        try {
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw new BackendException("step failed unexpectedly: " + e.getCause());
        }
    }

    static StepReport guarded(ClusterPlan c, Function<ClusterPlan, StepReport> work) {
        try {
            return work.apply(c);
        } catch (BackendException e) {
            return StepReport.failed(c.name(), e.getMessage());
        } catch (KubernetesClientException e) {
            return StepReport.failed(c.name(), ProgressReader.explain(e));
        }
    }
}
