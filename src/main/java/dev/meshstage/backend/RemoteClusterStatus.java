package dev.meshstage.backend;

import java.util.List;

/**
 * One row of {@code istioctl remote-clusters} (istiod's {@code /debug/clusterz}) as seen by the istiod of
 * {@code from}: a cluster it reads services from, the secret that told it how, and how that went.
 *
 * @param from     the cluster whose istiod reports
 * @param name     the cluster reported on (the local cluster itself has an empty {@code secret})
 * @param secret   {@code istio-system/istio-remote-secret-<name>}, or "" for the local cluster
 * @param status   {@code synced}, {@code syncing}, {@code timeout} or {@code closed}
 * @param istiod   the istiod pod answering
 * @param message  why it is not synced, or a warning about a synced cluster (different root CA); "" otherwise
 * @param services Services discovered in that cluster (-1 when not known, e.g. on kind)
 * @param gateways that cluster's network gateways as {@code network=address}
 */
public record RemoteClusterStatus(String from, String name, String secret, String status, String istiod, String message,
        int services, List<String> gateways) {

    public static final String SYNCED = "synced";
    public static final String SYNCING = "syncing";
    public static final String TIMEOUT = "timeout";
    public static final String CLOSED = "closed";

    public RemoteClusterStatus {
        gateways = List.copyOf(gateways);
    }

    public boolean local() {
        return secret.isEmpty();
    }
}
