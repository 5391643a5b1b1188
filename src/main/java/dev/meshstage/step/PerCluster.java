package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.kube.ApiErrors;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a step on several clusters at once, as the workshop's scripts do with {@code &} and {@code wait}:
 * each cluster's work takes minutes on kind and does not depend on the others'. Reports come back in plan
 * order whatever finishes first, and a failure on one cluster becomes that cluster's report, so the
 * others still finish.
 */
final class PerCluster {

    private PerCluster() {
    }

    static List<StepReport> run(List<ClusterPlan> clusters, Function<ClusterPlan, StepReport> work) {
        if (clusters.isEmpty()) {
            return List.of();
        }
        ExecutorService executor = Executors.newFixedThreadPool(clusters.size(), runnable -> {
            Thread thread = new Thread(runnable, "step-per-cluster");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<StepReport>> futures = new ArrayList<>();
            for (ClusterPlan cluster : clusters) {
                futures.add(executor.submit(() -> guarded(cluster, work)));
            }
            List<StepReport> reports = new ArrayList<>();
            for (Future<StepReport> future : futures) {
                reports.add(future.get());
            }
            return List.copyOf(reports);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted; run the command again to continue (every step is safe to repeat)");
        } catch (ExecutionException e) {
            throw new BackendException("step failed unexpectedly: " + e.getCause());
        } finally {
            executor.shutdownNow();
        }
    }

    static StepReport guarded(ClusterPlan cluster, Function<ClusterPlan, StepReport> work) {
        try {
            return work.apply(cluster);
        } catch (BackendException e) {
            return StepReport.failed(cluster.name(), e.getMessage());
        } catch (KubernetesClientException e) {
            return StepReport.failed(cluster.name(), reason(e));
        }
    }

    /** The API server's own message when there is one (it says what was wrong), else the transport failure. */
    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage();
        }
        return ApiErrors.explain(e);
    }
}
