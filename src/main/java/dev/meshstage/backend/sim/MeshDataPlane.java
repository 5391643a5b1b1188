package dev.meshstage.backend.sim;

import dev.meshstage.backend.sim.controller.RemoteClusters;
import dev.meshstage.backend.sim.controller.ClusterEnvironment;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.route.Candidate;
import dev.meshstage.mesh.route.RoutePlan;
import dev.meshstage.mesh.route.Router;
import dev.meshstage.mesh.source.ClusterAccess;
import dev.meshstage.mesh.source.SnapshotSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The sim's data plane: every request the sim answers (the ingress gateway, a probe from a pod) follows the one
 * routing rule over the clusters' real state, read through their API — so what {@code trace} says is what the sim
 * does. A route that breaks fails the request the way Envoy would (503 with its response flags and words). A request
 * that gets through is logged by the serving container, so {@code kubectl logs} shows it.
 */
final class MeshDataPlane implements AutoCloseable {

    private final Supplier<List<SimCluster>> clusters;
    private final Map<String, KubernetesClient> clients = new HashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private List<String> modelKey;
    private MeshModel cached;

    /** What the caller sees: the status, Envoy's response flags, the body, and the path taken. */
    record Answer(int status, String flags, String body, RoutePlan plan, Candidate servedBy, String servedPod) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    MeshDataPlane(Supplier<List<SimCluster>> clusters) {
        this.clusters = clusters;
    }

    /**
     * The clusters as the routing rule reads them: a snapshot through each cluster's API, read again only when a
     * cluster's store has changed since (every request reads it; most follow one another with nothing written between).
     */
    MeshModel model() {
        List<SimCluster> running = clusters.get();
        List<String> key = running.stream().map(c -> c.name() + "@" + c.store().resourceVersion()).toList();
        synchronized (this) {
            if (key.equals(modelKey)) {
                return cached;
            }
        }
        MeshModel fresh = new SnapshotSource(access(), Clock.systemUTC()).read(SnapshotSource.Depth.MESH);
        synchronized (this) {
            modelKey = key;
            cached = fresh;
        }
        return fresh;
    }

    /**
     * One request from {@code from} to {@code namespace/service:port}, along the routing rule, as the caller's Envoy
     * sends it ({@link EnvoyAttempts}); a request served is logged by the serving container.
     */
    Answer send(MeshModel model, String fromCluster, PodFact from, String namespace, String service, int port, Router.Origin origin,
            String method, String path) {
        EnvoyAttempts.Outcome o = EnvoyAttempts.send(model, fromCluster, from, namespace, service, port, origin, requests.incrementAndGet());
        if (o.ok()) {
            accessLog(o.servedBy().cluster(), namespace, o.servedPod(), service, method, path, o.servedBy());
        }
        return new Answer(o.status(), o.flags(), o.body(), o.plan(), o.servedBy(), o.servedPod());
    }

    private void accessLog(String cluster, String namespace, String pod, String service, String method, String path, Candidate via) {
        SimCluster c = clusters.get().stream().filter(x -> x.name().equals(cluster)).findFirst().orElse(null);
        if (c == null) {
            return;
        }
        var served = client(clusters.get(), cluster).pods().inNamespace(namespace).withName(pod).get();
        if (served == null) {
            return;
        }
        String container = served.getSpec().getContainers().stream().map(x -> x.getName()).filter(x -> !"istio-proxy".equals(x))
                .findFirst().orElse(served.getSpec().getContainers().get(0).getName());
        c.runtime().logs().append(namespace, pod, container, DateTimeFormatter.ISO_INSTANT.format(
                c.runtime().clock().get().truncatedTo(ChronoUnit.MILLIS)) + "\tINFO\t" + service + "\trequest served\t{\"method\": \""
                + method + "\", \"path\": \"" + path + "\", \"status\": 200, \"via\": \""
                + (via.via() == Candidate.Via.GATEWAY ? "east-west gateway " + via.address() : "local") + "\"}");
    }

    private ClusterAccess access() {
        List<SimCluster> running = clusters.get();
        return new ClusterAccess() {
            @Override
            public List<ClusterRef> clusters() {
                return running.stream().map(c -> new ClusterRef(c.name(), c.plan().context(), c.plan().network())).toList();
            }

            @Override
            public KubernetesClient client(String cluster) {
                return MeshDataPlane.this.client(running, cluster);
            }

            @Override
            public List<MeshParts.DiscoveryFact> discovery(String cluster) {
                ConfigMap cm = client(cluster).configMaps().inNamespace("istio-system").withName(RemoteClusters.CONFIGMAP).get();
                return cm == null || cm.getData() == null ? List.of() : RemoteClusters.parse(cluster, cm.getData()).stream()
                        .map(r -> new MeshParts.DiscoveryFact(r.name(), r.local(), r.secret(), MeshParts.Sync.of(r.status()),
                                r.message(), r.services(), r.gateways()))
                        .toList();
            }

            @Override
            public String nodeSubnet(String cluster) {
                return ClusterEnvironment.DEFAULT_DOCKER_SUBNET;
            }
        };
    }

    private synchronized KubernetesClient client(List<SimCluster> running, String name) {
        KubernetesClient c = clients.get(name);
        if (c == null) {
            SimCluster sc = running.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("cluster " + name + " is not running"));
            c = sc.adminClient();
            clients.put(name, c);
        }
        return c;
    }

    static Optional<PodFact> ingressPod(ClusterFacts cluster) {
        return cluster.podsIn("istio-system").stream().filter(p -> "ingressgateway".equals(p.labels().get("istio")))
                .sorted((a, b) -> Boolean.compare(b.ready(), a.ready())).findFirst();
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
