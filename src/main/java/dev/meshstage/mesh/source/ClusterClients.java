package dev.meshstage.mesh.source;

import io.fabric8.kubernetes.client.KubernetesClient;

/** An API client per cluster of the workshop, by name: how the read side reaches a cluster (the session gives it). */
public interface ClusterClients {

    /** @throws RuntimeException with a user's explanation when the cluster cannot be reached (no kubeconfig, …) */
    KubernetesClient client(String cluster);
}
