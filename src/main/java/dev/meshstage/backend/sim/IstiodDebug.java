package dev.meshstage.backend.sim;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.sim.store.ObjectStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * istiod's debug interface on 15014 ({@code /debug/syncz}, {@code /debug/clusterz}, {@code /debug/endpointShardz}):
 * its proxies, the remote clusters its controller reads and the endpoint shards of every registry it has synced —
 * istiod's registry as the clusters' stores hold it (the network filter comes after, per proxy: {@link EnvoyAdmin}).
 */
final class IstiodDebug {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StoreReads reads;

    IstiodDebug(StoreReads reads) {
        this.reads = reads;
    }

    SimDataPlane.Response answer(String cluster, String path) {
        ObjectStore store = reads.store(cluster);
        boolean installed = store.list(StoreReads.type(store, "v1", "Pod"), StoreReads.ISTIO_SYSTEM).stream().anyMatch(StoreReads::istiod);
        if (!installed) {
            return SimDataPlane.Response.unreachable("Connection refused");
        }
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return switch (bare) {
            case "/debug/syncz" -> SimDataPlane.Response.of(200, "application/json", syncz(cluster));
            case "/debug/clusterz" -> SimDataPlane.Response.of(200, "application/json", clusterz(cluster));
            case "/debug/endpointShardz" -> SimDataPlane.Response.of(200, "application/json", endpointShardz(cluster));
            case "/version" -> SimDataPlane.Response.of(200, "application/json", "{\"version\":\"" + IstioManifests.VERSION + "\"}\n");
            case "/ready" -> SimDataPlane.Response.of(200, "text/plain", "");
            case "/debug", "/debug/" -> SimDataPlane.Response.of(200, "text/plain", "/debug/syncz\n/debug/clusterz\n/debug/endpointShardz\n");
            default -> SimDataPlane.Response.of(404, "text/plain", "404 page not found\n");
        };
    }

    private String syncz(String cluster) {
        ObjectStore store = reads.store(cluster);
        ArrayNode out = JSON.createArrayNode();
        for (ObjectNode p : store.list(StoreReads.type(store, "v1", "Pod"), "")) {
            if (StoreReads.proxy(p) == null || !StoreReads.running(p)) {
                continue;
            }
            String id = p.path("metadata").path("name").asString() + "." + p.path("metadata").path("namespace").asString();
            String nonce = Long.toHexString(id.hashCode() & 0xFFFFFFFFL);
            String istio = p.path("metadata").path("labels").path("istio").asString("");
            ObjectNode o = out.addObject();
            o.put("cluster_id", cluster);
            o.put("proxy", id);
            o.put("proxy_type", istio.equals("ingressgateway") || istio.equals("eastwestgateway") ? "router" : "sidecar");
            o.put("istio_version", IstioManifests.VERSION);
            for (String xds : List.of("cluster", "listener", "route", "endpoint")) {
                o.put(xds + "_sent", nonce);
                o.put(xds + "_acked", nonce);
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    }

    private String clusterz(String cluster) {
        ArrayNode out = JSON.createArrayNode();
        for (RemoteClusterStatus r : reads.remoteClusters(cluster)) {
            ObjectNode o = out.addObject();
            o.put("ID", r.name());
            o.put("SecretName", r.secret());
            o.put("SyncStatus", r.status());
        }
        if (out.isEmpty()) {
            out.addObject().put("ID", cluster).put("SecretName", "").put("SyncStatus", RemoteClusterStatus.SYNCED);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    }

    private String endpointShardz(String cluster) {
        ObjectNode out = JSON.createObjectNode();
        List<String> sources = new ArrayList<>(List.of(cluster));
        for (RemoteClusterStatus r : reads.remoteClusters(cluster)) {
            if (!r.local() && RemoteClusterStatus.SYNCED.equals(r.status())) {
                sources.add(r.name());
            }
        }
        Map<String, ObjectNode> byHost = new TreeMap<>();
        for (String source : sources) {
            ObjectStore store;
            try {
                store = reads.store(source);
            } catch (BackendException gone) {
                continue;
            }
            for (ObjectNode svc : store.list(StoreReads.type(store, "v1", "Service"), "")) {
                String ns = svc.path("metadata").path("namespace").asString();
                String name = svc.path("metadata").path("name").asString();
                List<StoreReads.Endpoint> eps = reads.endpoints(source, ns, name, null);
                if (eps.isEmpty()) {
                    continue;
                }
                ObjectNode shard = byHost.computeIfAbsent(name + "." + ns + ".svc.cluster.local", h -> JSON.createObjectNode());
                ObjectNode nsNode = shard.has(ns) ? (ObjectNode) shard.get(ns) : shard.putObject(ns);
                ObjectNode shards = nsNode.has("Shards") ? (ObjectNode) nsNode.get("Shards") : nsNode.putObject("Shards");
                ArrayNode list = shards.putArray("Kubernetes/" + source);
                for (StoreReads.Endpoint e : eps) {
                    ObjectNode o = list.addObject();
                    o.put("Address", e.ip());
                    o.put("EndpointPort", e.port());
                    o.put("ServicePortName", portName(svc, e.port()));
                    o.put("Network", network(store));
                    o.put("WorkloadName", e.pod());
                    o.put("Namespace", ns);
                    o.put("HealthStatus", 1);
                }
            }
        }
        byHost.forEach(out::set);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    }

    private static String network(ObjectStore store) {
        ObjectNode ns = store.find(StoreReads.type(store, "v1", "Namespace"), "", StoreReads.ISTIO_SYSTEM);
        return ns == null ? "" : ns.path("metadata").path("labels").path("topology.istio.io/network").asString("");
    }

    private static String portName(ObjectNode svc, int targetPort) {
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (p.path("targetPort").asInt(p.path("port").asInt()) == targetPort) {
                return p.path("name").asString("");
            }
        }
        return "";
    }
}
