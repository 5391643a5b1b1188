package dev.meshstage.session;

import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.source.ClusterAccess;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/** The model's sources reach the clusters through the session: its clients, and the backend for istiod's view. */
final class SessionClusterAccess implements ClusterAccess {

    private final Session session;
    private final List<ClusterPlan> plans;

    SessionClusterAccess(Session session, List<ClusterPlan> plans) {
        this.session = session;
        this.plans = List.copyOf(plans);
    }

    @Override
    public List<ClusterRef> clusters() {
        return plans.stream().map(p -> new ClusterRef(p.name(), p.context(), p.network())).toList();
    }

    @Override
    public KubernetesClient client(String cluster) {
        return session.client(cluster);
    }

    @Override
    public List<MeshParts.DiscoveryFact> discovery(String cluster) {
        try {
            return session.backend().remoteClusters(cluster).stream().map(SessionClusterAccess::fact).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    static MeshParts.DiscoveryFact fact(RemoteClusterStatus r) {
        return new MeshParts.DiscoveryFact(r.name(), r.local(), r.secret(), MeshParts.Sync.of(r.status()), r.message(),
                r.services(), r.gateways(), r.istiod());
    }

    @Override
    public String nodeSubnet(String cluster) {
        try {
            return session.backend().nodeNetworkSubnet();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String peerApiServer(String cluster) {
        try {
            return session.backend().apiServerUrlForPeers(cluster);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
