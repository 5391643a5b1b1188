package dev.meshstage.session;

import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.source.ClusterAccess;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The model's sources reach the clusters through the session: its clients, and the backend for istiod's view. What
 * only the backend knows of the node network and the peers' API address is asked once per access (on kind each
 * answer is a docker process): a snapshot is one access, a live source keeps its answers while it runs.
 */
final class SessionClusterAccess implements ClusterAccess {

    private final Session session;
    private final List<ClusterPlan> plans;
    private final Map<String, Optional<String>> asked = new ConcurrentHashMap<>();

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
            return session.backendFor(cluster).remoteClusters(cluster).stream().map(SessionClusterAccess::fact).toList();
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
        // one node network for every cluster of a backend
        return once("subnet " + session.backendFor(cluster).name(), () -> session.backendFor(cluster).nodeNetworkSubnet());
    }

    @Override
    public String peerApiServer(String cluster) {
        return once("peer " + cluster, () -> session.backendFor(cluster).apiServerUrlForPeers(cluster));
    }

    /** The backend's answer, asked the first time only; null when it cannot tell. */
    private String once(String question, Supplier<String> ask) {
        return asked.computeIfAbsent(question, q -> {
            try {
                return Optional.ofNullable(ask.get());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }
}
