package dev.meshstage.mesh.source;

import dev.meshstage.mesh.model.MeshParts;

import java.util.List;

/**
 * How the model's sources reach the clusters in play: an API client per cluster, and the two facts only the backend
 * can tell (what istiod reports about remote clusters, and the node network). Implemented by the session; the
 * sources never know which backend answers.
 */
public interface ClusterAccess extends ClusterClients {

    /** One cluster in play: its name, kubeconfig context and planned network. */
    record ClusterRef(String name, String context, String network) {
    }

    List<ClusterRef> clusters();

    /** What the cluster's istiod reports ({@code istioctl remote-clusters}); empty when it cannot be asked. */
    List<MeshParts.DiscoveryFact> discovery(String cluster);

    /** The node network's IPv4 subnet, null when the backend cannot tell. */
    String nodeSubnet(String cluster);

    /** The API server URL the other clusters reach this one at (what remote secrets must name), null when unknown. */
    default String peerApiServer(String cluster) {
        return null;
    }
}
