package dev.meshstage.mesh;

import dev.meshstage.backend.RemoteClusterStatus;

import java.util.List;

/**
 * What {@code mesh status} shows: per cluster the parts a multi-network mesh needs, whether the clusters share one
 * root of trust, and what each istiod reports about the clusters it reads.
 *
 * @param sameRoot true when every cluster's istiod publishes the same root (false also when one is unknown)
 */
public record MeshStatus(List<ClusterMesh> clusters, boolean sameRoot, List<RemoteClusterStatus> remoteClusters) {

    /**
     * One cluster. Null fields are absent parts: {@code eastWestGateway} null = no Service, "" = no external IP yet.
     *
     * @param metallb          "ready", "not ready" or null when not installed
     * @param pools            MetalLB pools as {@code name addresses}
     * @param istiod           the istiod image when ready, null when not installed, "not ready: …" otherwise
     * @param caSource         {@code cacerts}, {@code self-signed} or null
     * @param network          the {@code topology.istio.io/network} label of istio-system
     * @param eastWestGateway  the east-west gateway's external IP, "" while pending, null when absent
     * @param crossNetwork     the cross-network Gateway's server as {@code hosts on port (mode)}, null when absent
     * @param rootFingerprint  SHA-256 of the root istiod publishes ({@code istio-ca-root-cert})
     * @param intermediateFingerprint SHA-256 of the cluster's signing CA
     */
    public record ClusterMesh(String cluster, boolean reachable, String problem, String metallb, List<String> pools,
            String istiod, String caSource, String network, String eastWestGateway, String crossNetwork,
            String rootFingerprint, String intermediateFingerprint) {

        public static ClusterMesh unreachable(String cluster, String problem) {
            return new ClusterMesh(cluster, false, problem, null, List.of(), null, null, null, null, null, null, null);
        }
    }
}
