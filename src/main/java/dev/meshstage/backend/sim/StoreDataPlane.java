package dev.meshstage.backend.sim;

import dev.meshstage.backend.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.sim.controller.RemoteClusters;
import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The first {@link SimDataPlane}: answers from what the clusters' APIs hold. A request to a ClusterIP goes to a
 * ready endpoint of that Service in the same cluster (taking turns); a pod IP to that pod; the ingress gateway's
 * HTTP port routes as {@link SimIngress} does (VirtualServices, then the mesh's routing rule, {@link MeshDataPlane}); Envoy's admin lists every Service port as an outbound cluster with
 * its endpoints (remote networks' through their east-west gateway, as istiod's EDS gives them); istiod's debug
 * endpoints are its proxies, its remote clusters and its endpoint shards. One file, so that the mesh's routing
 * rule can replace it whole.
 */
public final class StoreDataPlane implements SimDataPlane, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ISTIO_SYSTEM = "istio-system";
    private static final Set<Integer> PROXY_PORTS = Set.of(15000, 15001, 15006, 15020, 15021, 15090);
    private static final Set<Integer> ISTIOD_PORTS = Set.of(8080, 15010, 15012, 15014, 15017);

    private final Function<String, SimCluster> clusters;
    private final java.util.function.Supplier<MeshDataPlane> mesh;
    private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();
    private final Map<String, SimIngress> ingresses = new HashMap<>();

    /** An endpoint of a Service: a pod and the port it serves the Service's port on. */
    private record Endpoint(String cluster, String namespace, String pod, String ip, int port, String viaGateway) {
    }

    /** @param mesh the mesh's routing rule for the ingress gateway's routes; null where there is none (a cluster alone) */
    StoreDataPlane(Function<String, SimCluster> clusters, java.util.function.Supplier<MeshDataPlane> mesh) {
        this.clusters = clusters;
        this.mesh = mesh;
    }

    // ------------------------------------------------------------------ requests

    @Override
    public Response http(String fromCluster, String fromNamespace, String fromPod, String method, String host, int port,
            String path, String hostHeader) {
        ObjectStore store = store(fromCluster);
        if (host.equals("127.0.0.1") || host.equals("localhost")) {
            return listens(fromCluster, fromNamespace, fromPod, port) ? pod(fromCluster, fromNamespace, fromPod, port, method, path)
                    : Response.unreachable("Connection refused");
        }
        for (ObjectNode svc : store.list(type(store, "v1", "Service"), "")) {
            JsonNode spec = svc.path("spec");
            boolean byClusterIp = host.equals(spec.path("clusterIP").asString(""));
            boolean byLoadBalancer = false;
            for (JsonNode ing : svc.path("status").path("loadBalancer").path("ingress")) {
                byLoadBalancer |= host.equals(ing.path("ip").asString(""));
            }
            if (!byClusterIp && !byLoadBalancer) {
                continue;
            }
            JsonNode servicePort = null;
            for (JsonNode p : spec.path("ports")) {
                if (p.path("port").asInt() == port) {
                    servicePort = p;
                }
            }
            if (servicePort == null) {
                return Response.unreachable("Connection refused");
            }
            String ns = svc.path("metadata").path("namespace").asString();
            String name = svc.path("metadata").path("name").asString();
            if (ns.equals("default") && name.equals("kubernetes")) {
                // the API server itself: a request without a service-account token is anonymous
                return Response.of(403, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"forbidden: User \\\"system:anonymous\\\" cannot get path \\\"" + path + "\\\"\",\"reason\":\"Forbidden\","
                        + "\"details\":{},\"code\":403}\n");
            }
            List<Endpoint> ready = endpoints(fromCluster, ns, name, servicePort.path("name").asString(""), null);
            if (ready.isEmpty() && hasSidecar(store, fromNamespace, fromPod)) {
                ready = remoteEndpoints(fromCluster, ns, name, servicePort.path("name").asString(""));
            }
            if (ready.isEmpty()) {
                return hasSidecar(store, fromNamespace, fromPod) ? Response.of(503, "text/plain", "no healthy upstream")
                        : Response.unreachable("Connection refused");
            }
            Endpoint e = ready.get((int) Math.floorMod(turns.computeIfAbsent(fromCluster + "/" + ns + "/" + name,
                    k -> new AtomicLong()).getAndIncrement(), (long) ready.size()));
            return pod(e.cluster(), e.namespace(), e.pod(), e.port(), method, path);
        }
        for (ObjectNode p : store.list(type(store, "v1", "Pod"), "")) {
            if (host.equals(p.path("status").path("podIP").asString(""))) {
                String ns = p.path("metadata").path("namespace").asString();
                String name = p.path("metadata").path("name").asString();
                return listens(fromCluster, ns, name, port) ? pod(fromCluster, ns, name, port, method, path)
                        : Response.unreachable("Connection refused");
            }
        }
        return Response.unreachable("Couldn't connect to server");
    }

    @Override
    public boolean listens(String cluster, String namespace, String pod, int port) {
        ObjectNode p = find(cluster, namespace, pod);
        if (p == null || !p.path("status").path("phase").asString("").equals("Running")) {
            return false;
        }
        if (proxy(p) != null && PROXY_PORTS.contains(port) || istiod(p) && ISTIOD_PORTS.contains(port)) {
            return true;
        }
        for (JsonNode c : p.path("spec").path("containers")) {
            for (JsonNode cp : c.path("ports")) {
                if (cp.path("containerPort").asInt() == port) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Response pod(String cluster, String namespace, String pod, int port, String method, String path) {
        ObjectNode p = find(cluster, namespace, pod);
        if (p == null || !listens(cluster, namespace, pod, port)) {
            return Response.unreachable("Connection refused");
        }
        if (proxy(p) != null) {
            switch (port) {
                case 15000:
                    return envoyAdmin(cluster, namespace, pod, path);
                case 15021:
                    return path.startsWith("/healthz/ready") ? Response.of(200, "text/plain", "") : Response.of(404, "text/plain", "");
                case 15020, 15090:
                    return path.startsWith("/stats/prometheus") ? Response.of(200, "text/plain; version=0.0.4", prometheus(cluster, namespace, pod))
                            : Response.of(404, "text/plain", "404 page not found\n");
                default:
                    break;
            }
            if ("ingressgateway".equals(p.path("metadata").path("labels").path("istio").asString(""))) {
                return ingress(cluster, method, path);
            }
        }
        if (istiod(p)) {
            return port == 15014 || port == 8080 ? istiodDebug(cluster, path)
                    : Response.of(404, "text/plain", "404 page not found\n");
        }
        return app(cluster, p, port, method, path);
    }

    private Response ingress(String cluster, String method, String path) {
        if (mesh == null) {
            return Response.of(503, "text/plain", "no healthy upstream");
        }
        SimIngress ingress;
        synchronized (ingresses) {
            ingress = ingresses.computeIfAbsent(cluster, c -> new SimIngress(null, c, mesh.get()));
        }
        SimIngress.Answer a = ingress.answer(method, path);
        return Response.of(a.status(), a.contentType(), a.body());
    }

    /** An application container answering: nginx's welcome page, else a JSON echo of who served what. */
    private Response app(String cluster, ObjectNode pod, int port, String method, String path) {
        String container = "";
        String image = "";
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode cp : c.path("ports")) {
                if (cp.path("containerPort").asInt() == port) {
                    container = c.path("name").asString();
                    image = c.path("image").asString("");
                }
            }
        }
        String ns = pod.path("metadata").path("namespace").asString();
        String name = pod.path("metadata").path("name").asString();
        SimCluster c = clusters.apply(cluster);
        c.runtime().logs().append(ns, name, container, DateTimeFormatter.ISO_INSTANT.format(c.runtime().clock().get()
                .truncatedTo(ChronoUnit.MILLIS)) + "\tINFO\trequest served\t{\"method\": \"" + method + "\", \"path\": \"" + path
                + "\", \"status\": 200}");
        if (image.contains("nginx") || image.contains("httpd")) {
            return Response.of(200, "text/html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n"
                    + "<h1>Welcome to nginx!</h1>\n<p>served by " + name + " (meshstage sim)</p>\n</body>\n</html>\n");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("pod", name);
        body.put("namespace", ns);
        body.put("cluster", cluster);
        body.put("container", container);
        body.put("podIP", pod.path("status").path("podIP").asString(""));
        body.put("method", method);
        body.put("path", path);
        body.put("note", "meshstage sim: this answer stands in for the app's");
        return Response.of(200, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    }

    // ------------------------------------------------------------------ Envoy admin

    @Override
    public Response envoyAdmin(String cluster, String namespace, String pod, String path) {
        ObjectNode p = find(cluster, namespace, pod);
        if (p == null || proxy(p) == null) {
            return Response.unreachable("Connection refused");
        }
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        boolean json = path.contains("format=json");
        return switch (bare) {
            case "/clusters" -> json ? Response.of(200, "application/json", clustersJson(cluster)) : Response.of(200, "text/plain", clustersText(cluster));
            case "/config_dump" -> Response.of(200, "application/json", configDump(cluster, p));
            case "/stats" -> Response.of(200, "text/plain", stats(cluster));
            case "/stats/prometheus" -> Response.of(200, "text/plain; version=0.0.4", prometheus(cluster, namespace, pod));
            case "/server_info" -> Response.of(200, "application/json", "{\n \"version\": \"" + IstioManifests.VERSION
                    + "/1.36.2/Clean/RELEASE/BoringSSL\",\n \"state\": \"LIVE\",\n \"command_line_options\": {\n  \"service_cluster\": \""
                    + p.path("metadata").path("labels").path("app").asString(pod) + "." + namespace + "\"\n }\n}\n");
            case "/ready" -> Response.of(200, "text/plain", "LIVE\n");
            case "/", "/help" -> Response.of(200, "text/plain", adminHelp());
            default -> Response.of(404, "text/plain", "invalid path. admin commands are:\n" + adminHelp());
        };
    }

    private static String adminHelp() {
        return "  /clusters: upstream cluster status\n  /config_dump: dump current Envoy configs\n  /ready: print server state\n"
                + "  /server_info: print server version/status information\n  /stats: print server stats\n"
                + "  /stats/prometheus: print server stats in prometheus format\n";
    }

    /** Every outbound cluster this proxy has, with its endpoints, sorted by name. */
    private Map<String, List<Endpoint>> outbound(String cluster) {
        ObjectStore store = store(cluster);
        Map<String, List<Endpoint>> out = new TreeMap<>();
        for (ObjectNode svc : store.list(type(store, "v1", "Service"), "")) {
            String ns = svc.path("metadata").path("namespace").asString();
            String name = svc.path("metadata").path("name").asString();
            for (JsonNode port : svc.path("spec").path("ports")) {
                String portName = port.path("name").asString("");
                List<Endpoint> eps = endpoints(cluster, ns, name, portName, null);
                if (eps.isEmpty()) {
                    eps = remoteEndpoints(cluster, ns, name, portName);
                }
                out.put("outbound|" + port.path("port").asInt() + "||" + name + "." + ns + ".svc.cluster.local", eps);
            }
        }
        return out;
    }

    private String clustersText(String cluster) {
        StringBuilder b = new StringBuilder();
        Map<String, List<Endpoint>> all = outbound(cluster);
        for (String fixed : List.of("BlackHoleCluster", "InboundPassthroughCluster", "PassthroughCluster", "agent", "prometheus_stats",
                "sds-grpc", "xds-grpc")) {
            all.putIfAbsent(fixed, List.of());
        }
        for (Map.Entry<String, List<Endpoint>> e : new TreeMap<>(all).entrySet()) {
            String name = e.getKey();
            b.append(name).append("::observability_name::").append(name).append('\n');
            for (String limit : List.of("default_priority::max_connections::4294967295", "default_priority::max_pending_requests::4294967295",
                    "default_priority::max_requests::4294967295", "default_priority::max_retries::4294967295")) {
                b.append(name).append("::").append(limit).append('\n');
            }
            b.append(name).append("::added_via_api::").append(name.startsWith("outbound|") || name.equals("BlackHoleCluster")
                    || name.startsWith("Passthrough") || name.equals("InboundPassthroughCluster")).append('\n');
            if (name.startsWith("outbound|")) {
                b.append(name).append("::eds_service_name::").append(name).append('\n');
            }
            for (Endpoint ep : e.getValue()) {
                String host = name + "::" + ep.ip() + ":" + ep.port();
                for (String stat : List.of("cx_active::0", "cx_connect_fail::0", "cx_total::0", "rq_active::0", "rq_error::0",
                        "rq_success::0", "rq_timeout::0", "rq_total::0")) {
                    b.append(host).append("::").append(stat).append('\n');
                }
                b.append(host).append("::hostname::\n");
                b.append(host).append("::health_flags::healthy\n");
                b.append(host).append("::weight::1\n");
                b.append(host).append("::region::\n").append(host).append("::zone::\n").append(host).append("::sub_zone::\n");
                b.append(host).append("::canary::false\n").append(host).append("::priority::0\n");
                b.append(host).append("::success_rate::-1\n").append(host).append("::local_origin_success_rate::-1\n");
            }
        }
        return b.toString();
    }

    private String clustersJson(String cluster) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode statuses = root.putArray("cluster_statuses");
        outbound(cluster).forEach((name, eps) -> {
            ObjectNode c = statuses.addObject();
            c.put("name", name);
            c.put("added_via_api", true);
            c.put("eds_service_name", name);
            ArrayNode hosts = c.putArray("host_statuses");
            for (Endpoint ep : eps) {
                ObjectNode h = hosts.addObject();
                h.putObject("address").putObject("socket_address").put("address", ep.ip()).put("port_value", ep.port());
                h.putObject("health_status").put("eds_health_status", "HEALTHY");
                h.put("weight", 1);
            }
        });
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private String configDump(String cluster, ObjectNode pod) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode configs = root.putArray("configs");
        ObjectNode bootstrap = configs.addObject();
        bootstrap.put("@type", "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump");
        ObjectNode node = bootstrap.putObject("bootstrap").putObject("node");
        String ns = pod.path("metadata").path("namespace").asString();
        node.put("id", ("ingressgateway".equals(pod.path("metadata").path("labels").path("istio").asString("")) ? "router~" : "sidecar~")
                + pod.path("status").path("podIP").asString("") + "~" + pod.path("metadata").path("name").asString() + "." + ns + "~" + ns
                + ".svc.cluster.local");
        node.put("cluster", pod.path("metadata").path("labels").path("app").asString(pod.path("metadata").path("name").asString()) + "." + ns);
        ObjectNode meta = node.putObject("metadata");
        meta.put("CLUSTER_ID", cluster);
        meta.put("ISTIO_VERSION", IstioManifests.VERSION);
        meta.put("NAMESPACE", ns);
        String network = pod.path("metadata").path("labels").path("topology.istio.io/network").asString("");
        if (!network.isEmpty()) {
            meta.put("NETWORK", network);
        }
        ObjectNode clustersDump = configs.addObject();
        clustersDump.put("@type", "type.googleapis.com/envoy.admin.v3.ClustersConfigDump");
        ArrayNode active = clustersDump.putArray("dynamic_active_clusters");
        outbound(cluster).forEach((name, eps) -> {
            ObjectNode c = active.addObject().putObject("cluster");
            c.put("@type", "type.googleapis.com/envoy.config.cluster.v3.Cluster");
            c.put("name", name);
            c.put("type", "EDS");
            c.putObject("eds_cluster_config").put("service_name", name).putObject("eds_config").putObject("ads");
            c.put("connect_timeout", "10s");
        });
        ObjectNode listeners = configs.addObject();
        listeners.put("@type", "type.googleapis.com/envoy.admin.v3.ListenersConfigDump");
        ArrayNode dynamic = listeners.putArray("dynamic_listeners");
        for (String[] l : new String[][] {{"virtualOutbound", "15001"}, {"virtualInbound", "15006"}}) {
            ObjectNode listener = dynamic.addObject();
            listener.put("name", l[0]);
            ObjectNode state = listener.putObject("active_state").putObject("listener");
            state.put("@type", "type.googleapis.com/envoy.config.listener.v3.Listener");
            state.put("name", l[0]);
            state.putObject("address").putObject("socket_address").put("address", "0.0.0.0").put("port_value", Integer.parseInt(l[1]));
        }
        ObjectNode secrets = configs.addObject();
        secrets.put("@type", "type.googleapis.com/envoy.admin.v3.SecretsConfigDump");
        ArrayNode dyn = secrets.putArray("dynamic_active_secrets");
        for (String s : List.of("default", "ROOTCA")) {
            ObjectNode secret = dyn.addObject();
            secret.put("name", s);
            secret.putObject("secret").put("name", s).put("note", "certificates are not shown by the simulated proxy");
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private String stats(String cluster) {
        Map<String, List<Endpoint>> all = outbound(cluster);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Endpoint>> e : all.entrySet()) {
            int n = e.getValue().size();
            b.append("cluster.").append(e.getKey()).append(".membership_healthy: ").append(n).append('\n');
            b.append("cluster.").append(e.getKey()).append(".membership_total: ").append(n).append('\n');
            b.append("cluster.").append(e.getKey()).append(".upstream_rq_total: 0\n");
        }
        b.append("cluster_manager.active_clusters: ").append(all.size() + 7).append('\n');
        b.append("cluster_manager.cds.update_success: 1\n");
        b.append("listener_manager.total_listeners_active: 2\n");
        b.append("server.live: 1\nserver.state: 0\n");
        return b.toString();
    }

    private String prometheus(String cluster, String namespace, String pod) {
        StringBuilder b = new StringBuilder("# TYPE envoy_cluster_membership_healthy gauge\n");
        outbound(cluster).forEach((name, eps) -> b.append("envoy_cluster_membership_healthy{cluster_name=\"").append(name)
                .append("\"} ").append(eps.size()).append('\n'));
        b.append("# TYPE envoy_server_live gauge\nenvoy_server_live{} 1\n");
        b.append("# TYPE istio_agent_pilot_xds gauge\nistio_agent_pilot_xds{pod=\"").append(pod).append("\",namespace=\"").append(namespace)
                .append("\"} 1\n");
        return b.toString();
    }

    // ------------------------------------------------------------------ istiod

    @Override
    public Response istiodDebug(String cluster, String path) {
        ObjectStore store = store(cluster);
        boolean installed = store.list(type(store, "v1", "Pod"), ISTIO_SYSTEM).stream().anyMatch(StoreDataPlane::istiod);
        if (!installed) {
            return Response.unreachable("Connection refused");
        }
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return switch (bare) {
            case "/debug/syncz" -> Response.of(200, "application/json", syncz(cluster));
            case "/debug/clusterz" -> Response.of(200, "application/json", clusterz(cluster));
            case "/debug/endpointShardz" -> Response.of(200, "application/json", endpointShardz(cluster));
            case "/version" -> Response.of(200, "application/json", "{\"version\":\"" + IstioManifests.VERSION + "\"}\n");
            case "/ready" -> Response.of(200, "text/plain", "");
            case "/debug", "/debug/" -> Response.of(200, "text/plain", "/debug/syncz\n/debug/clusterz\n/debug/endpointShardz\n");
            default -> Response.of(404, "text/plain", "404 page not found\n");
        };
    }

    private String syncz(String cluster) {
        ObjectStore store = store(cluster);
        ArrayNode out = JSON.createArrayNode();
        for (ObjectNode p : store.list(type(store, "v1", "Pod"), "")) {
            if (proxy(p) == null || !p.path("status").path("phase").asString("").equals("Running")) {
                continue;
            }
            String id = p.path("metadata").path("name").asString() + "." + p.path("metadata").path("namespace").asString();
            String nonce = Long.toHexString(id.hashCode() & 0xFFFFFFFFL);
            ObjectNode o = out.addObject();
            o.put("cluster_id", cluster);
            o.put("proxy", id);
            o.put("proxy_type", "ingressgateway".equals(p.path("metadata").path("labels").path("istio").asString(""))
                    || p.path("metadata").path("labels").path("istio").asString("").equals("eastwestgateway") ? "router" : "sidecar");
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
        for (RemoteClusterStatus r : remoteClusters(cluster)) {
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
        for (RemoteClusterStatus r : remoteClusters(cluster)) {
            if (!r.local() && RemoteClusterStatus.SYNCED.equals(r.status())) {
                sources.add(r.name());
            }
        }
        Map<String, ObjectNode> byHost = new TreeMap<>();
        for (String source : sources) {
            ObjectStore store;
            try {
                store = store(source);
            } catch (BackendException gone) {
                continue;
            }
            for (ObjectNode svc : store.list(type(store, "v1", "Service"), "")) {
                String ns = svc.path("metadata").path("namespace").asString();
                String name = svc.path("metadata").path("name").asString();
                List<Endpoint> eps = endpoints(source, ns, name, null, null);
                if (eps.isEmpty()) {
                    continue;
                }
                ObjectNode shard = byHost.computeIfAbsent(name + "." + ns + ".svc.cluster.local", h -> JSON.createObjectNode());
                ObjectNode nsNode = shard.has(ns) ? (ObjectNode) shard.get(ns) : shard.putObject(ns);
                ObjectNode shards = nsNode.has("Shards") ? (ObjectNode) nsNode.get("Shards") : nsNode.putObject("Shards");
                ArrayNode list = shards.putArray("Kubernetes/" + source);
                for (Endpoint e : eps) {
                    ObjectNode o = list.addObject();
                    o.put("Address", e.ip());
                    o.put("EndpointPort", e.port());
                    o.put("ServicePortName", portName(store, ns, name, e.port()));
                    o.put("Network", network(source));
                    o.put("WorkloadName", e.pod());
                    o.put("Namespace", ns);
                    o.put("HealthStatus", 1);
                }
            }
        }
        byHost.forEach(out::set);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    }

    private String network(String cluster) {
        ObjectStore store = store(cluster);
        ObjectNode ns = store.find(type(store, "v1", "Namespace"), "", ISTIO_SYSTEM);
        return ns == null ? "" : ns.path("metadata").path("labels").path("topology.istio.io/network").asString("");
    }

    private static String portName(ObjectStore store, String ns, String service, int targetPort) {
        ObjectNode svc = store.find(store.registry().require("v1", "Service"), ns, service);
        if (svc != null) {
            for (JsonNode p : svc.path("spec").path("ports")) {
                if (p.path("targetPort").asInt(p.path("port").asInt()) == targetPort) {
                    return p.path("name").asString("");
                }
            }
        }
        return "";
    }

    // ------------------------------------------------------------------ endpoints

    /** Ready endpoints of a Service in one cluster (for one named port, or the first port when null). */
    private List<Endpoint> endpoints(String cluster, String ns, String service, String portName, String viaGateway) {
        ObjectStore store;
        try {
            store = store(cluster);
        } catch (BackendException gone) {
            return List.of();
        }
        List<Endpoint> out = new ArrayList<>();
        ResourceType slices = store.registry().require("discovery.k8s.io/v1", "EndpointSlice");
        for (ObjectNode slice : store.list(slices, ns, LabelSelector.parse("kubernetes.io/service-name=" + service),
                FieldSelector.parse("")).items()) {
            int port = -1;
            for (JsonNode p : slice.path("ports")) {
                if (portName == null && port < 0 || portName != null && p.path("name").asString("").equals(portName)) {
                    port = p.path("port").asInt();
                }
            }
            if (port < 0) {
                continue;
            }
            for (JsonNode e : slice.path("endpoints")) {
                if (!e.path("conditions").path("ready").asBoolean(true) || !"Pod".equals(e.path("targetRef").path("kind").asString(""))) {
                    continue;
                }
                out.add(new Endpoint(cluster, ns, e.path("targetRef").path("name").asString(), e.path("addresses").path(0).asString(""),
                        port, viaGateway));
            }
        }
        out.sort((a, b) -> a.pod().compareTo(b.pod()));
        return out;
    }

    /**
     * What istiod's EDS gives a sidecar for a Service with no endpoints here: the endpoints of the remote clusters
     * it has synced, addressed at their network's east-west gateway (only injected pods count across networks).
     */
    private List<Endpoint> remoteEndpoints(String cluster, String ns, String service, String portName) {
        List<Endpoint> out = new ArrayList<>();
        for (RemoteClusterStatus r : remoteClusters(cluster)) {
            if (r.local() || !RemoteClusterStatus.SYNCED.equals(r.status()) || r.gateways().isEmpty()) {
                continue;
            }
            String gateway = r.gateways().get(0);
            String address = gateway.substring(gateway.indexOf('=') + 1);
            for (Endpoint e : endpoints(r.name(), ns, service, portName, address)) {
                ObjectStore remote = store(r.name());
                if (hasSidecar(remote, ns, e.pod())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private List<RemoteClusterStatus> remoteClusters(String cluster) {
        ObjectStore store = store(cluster);
        ObjectNode cm = store.find(type(store, "v1", "ConfigMap"), ISTIO_SYSTEM, RemoteClusters.CONFIGMAP);
        if (cm == null) {
            return List.of();
        }
        Map<String, String> data = new LinkedHashMap<>();
        cm.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asString()));
        return RemoteClusters.parse(cluster, data);
    }

    // ------------------------------------------------------------------ pods

    private static JsonNode proxy(JsonNode pod) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : pod.path("spec").path(list)) {
                if (c.path("name").asString().equals("istio-proxy")) {
                    return c;
                }
            }
        }
        return null;
    }

    private static boolean istiod(JsonNode pod) {
        return "istiod".equals(pod.path("metadata").path("labels").path("app").asString(""));
    }

    private static boolean hasSidecar(ObjectStore store, String ns, String pod) {
        ObjectNode p = store.find(type(store, "v1", "Pod"), ns, pod);
        return p != null && proxy(p) != null;
    }

    private ObjectNode find(String cluster, String ns, String pod) {
        ObjectStore store = store(cluster);
        return store.find(type(store, "v1", "Pod"), ns, pod);
    }

    private ObjectStore store(String cluster) {
        return clusters.apply(cluster).store();
    }

    private static ResourceType type(ObjectStore store, String apiVersion, String kind) {
        return store.registry().require(apiVersion, kind);
    }

    @Override
    public void close() {
        synchronized (ingresses) {
            ingresses.values().forEach(SimIngress::close);
            ingresses.clear();
        }
    }
}
