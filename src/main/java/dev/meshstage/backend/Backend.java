package dev.meshstage.backend;

import dev.meshstage.workshop.ClusterPlan;

import java.nio.file.Path;
import java.util.List;

/**
 * What differs between the simulated clusters and real kind clusters. Everything above this port talks
 * the Kubernetes API through fabric8 using the kubeconfig this backend maintains, and cannot tell which
 * backend it has.
 */
public interface Backend extends AutoCloseable {

    /** {@code sim} or {@code kind}. */
    String name();

    /** The kubeconfig holding a {@code kind-<cluster>} context per existing cluster. */
    Path kubeconfig();

    /** Clusters that exist on this backend right now. */
    List<ClusterState> listClusters();

    /**
     * Creates the clusters of the given plans (in parallel where the backend can). Idempotent: a cluster
     * that already exists is reported as {@link ClusterState.Outcome#ALREADY_DONE} and left alone.
     */
    List<ClusterState> createClusters(List<ClusterPlan> plans, ProgressListener progress);

    /** Deletes the named clusters; a cluster that does not exist is reported, not an error. */
    List<ClusterState> deleteClusters(List<String> names, ProgressListener progress);

    @Override
    default void close() {
    }
}
