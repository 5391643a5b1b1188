package dev.meshstage.dashboard;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.EventFact;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NodeFact;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.Reach;
import dev.meshstage.mesh.model.TrustFact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built cluster facts for the dashboard's tests: a cluster with the workshop's shape, pods added one by one. */
final class Facts {

    static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");

    private final String name;
    private final List<PodFact> pods = new ArrayList<>();
    private final List<EventFact> warnings = new ArrayList<>();
    private List<String> peers = List.of();
    private boolean meshInstalled = true;

    private Facts(String name) {
        this.name = name;
    }

    static Facts cluster(String name) {
        return new Facts(name);
    }

    Facts peer(String... others) {
        this.peers = List.of(others);
        return this;
    }

    Facts noMesh() {
        this.meshInstalled = false;
        return this;
    }

    Facts pod(String namespace, String pod, String ready, String status, int restarts, long ageSeconds) {
        String[] r = ready.split("/");
        pods.add(new PodFact(namespace, pod, Integer.parseInt(r[0]), Integer.parseInt(r[1]), status, restarts, false, null,
                "10.244.0." + (pods.size() + 2), name + "-worker", Map.of(), T0.minusSeconds(ageSeconds)));
        return this;
    }

    Facts warning(String namespace, String pod, String reason, String message, int count, Instant lastSeen) {
        warnings.add(new EventFact(namespace, "Pod", pod, reason, message, count, lastSeen));
        return this;
    }

    ClusterFacts build() {
        List<NodeFact> nodes = List.of(new NodeFact(name + "-control-plane", true, List.of("control-plane"), "172.18.0.2", true),
                new NodeFact(name + "-worker", true, List.of(), "172.18.0.3", false),
                new NodeFact(name + "-worker2", true, List.of(), "172.18.0.4", false));
        MeshParts mesh = !meshInstalled ? MeshParts.NONE : new MeshParts(new MeshParts.IstiodFact(1, 1, "istio/pilot:1.24.0"), null,
                new MeshParts.GatewayFact("istio-eastwestgateway", "LoadBalancer", "network1",
                        List.of(switch (name) { case "cluster1" -> "172.18.255.2"; case "cluster3" -> "172.18.255.202"; default -> "172.18.255.130"; }), List.of(), 1, 1),
                TrustFact.NONE, List.of(),
                peers.isEmpty() ? List.of() : discovery(),
                null);
        return new ClusterFacts(name, "kind-" + name, "network1", Reach.OK, "172.18.0.0/16", null, nodes, List.of(), pods, List.of(),
                List.of(), List.of(), List.of(), List.of(), mesh, warnings);
    }

    /** This cluster's own registry and a remote secret per peer, each synced. */
    private List<MeshParts.DiscoveryFact> discovery() {
        List<MeshParts.DiscoveryFact> out = new ArrayList<>();
        out.add(new MeshParts.DiscoveryFact(name, true, "", MeshParts.Sync.SYNCED, "", 10, List.of()));
        peers.forEach(p -> out.add(new MeshParts.DiscoveryFact(p, false, "istio-remote-secret-" + p, MeshParts.Sync.SYNCED, "", 8, List.of())));
        return out;
    }

    static ClusterFacts down(String name, String problem, Instant since) {
        return ClusterFacts.unreachable(name, "kind-" + name, "network1", Reach.failed(problem, since));
    }
}
