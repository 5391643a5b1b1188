package dev.meshstage.backend.sim;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.route.Candidate;
import dev.meshstage.mesh.route.Router;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Envoy's admin interface of a simulated proxy ({@code /clusters}, {@code /config_dump}, {@code /stats}, what
 * {@code pilot-agent request GET …} and {@code istioctl proxy-config endpoints} read): a pure function of the mesh's
 * model. Its outbound clusters are the routing rule's — every Service port of every registry the proxy's istiod
 * reads, with the endpoints istiod hands out after the network filter ({@link Router#outboundEndpoints}): local pod
 * IPs, each other network as its east-west gateway {@code IP:15443} weighted by the endpoints behind it, raw remote
 * pod IPs when that network's gateway has no address.
 */
final class EnvoyAdmin {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> STATIC_CLUSTERS = List.of("BlackHoleCluster", "InboundPassthroughCluster", "PassthroughCluster",
            "agent", "prometheus_stats", "sds-grpc", "xds-grpc");

    private EnvoyAdmin() {
    }

    /** What the admin port answers for {@code path} (with its query, e.g. {@code /clusters?format=json}). */
    static SimDataPlane.Response answer(MeshModel model, String cluster, PodFact proxy, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        boolean json = path.contains("format=json");
        return switch (bare) {
            case "/clusters" -> json ? SimDataPlane.Response.of(200, "application/json", clustersJson(outbound(model, cluster, proxy)))
                    : SimDataPlane.Response.of(200, "text/plain", clustersText(outbound(model, cluster, proxy)));
            case "/config_dump" -> SimDataPlane.Response.of(200, "application/json", configDump(model, cluster, proxy));
            case "/stats" -> SimDataPlane.Response.of(200, "text/plain", stats(outbound(model, cluster, proxy)));
            case "/stats/prometheus" -> SimDataPlane.Response.of(200, "text/plain; version=0.0.4", prometheus(model, cluster, proxy));
            case "/server_info" -> SimDataPlane.Response.of(200, "application/json", "{\n \"version\": \"" + IstioManifests.VERSION
                    + "/1.36.2/Clean/RELEASE/BoringSSL\",\n \"state\": \"LIVE\",\n \"command_line_options\": {\n  \"service_cluster\": \""
                    + serviceCluster(proxy) + "\"\n }\n}\n");
            case "/ready" -> SimDataPlane.Response.of(200, "text/plain", "LIVE\n");
            case "/", "/help" -> SimDataPlane.Response.of(200, "text/plain", help());
            default -> SimDataPlane.Response.of(404, "text/plain", "invalid path. admin commands are:\n" + help());
        };
    }

    private static String help() {
        return "  /clusters: upstream cluster status\n  /config_dump: dump current Envoy configs\n  /ready: print server state\n"
                + "  /server_info: print server version/status information\n  /stats: print server stats\n"
                + "  /stats/prometheus: print server stats in prometheus format\n";
    }

    /** Gateways route by the registry; every other proxy is a sidecar. */
    static Router.Origin origin(PodFact proxy) {
        String istio = proxy.labels().getOrDefault("istio", "");
        return istio.equals("ingressgateway") || istio.equals("eastwestgateway") ? Router.Origin.GATEWAY_PROXY : Router.Origin.SIDECAR;
    }

    /** Every outbound cluster of the proxy, by name, with its endpoints as the routing rule gives them. */
    static Map<String, List<Candidate>> outbound(MeshModel model, String cluster, PodFact proxy) {
        ClusterFacts caller = model.cluster(cluster).orElseThrow();
        List<ClusterFacts> registries = new ArrayList<>(List.of(caller));
        registries.addAll(Router.discovered(model, caller));
        Map<String, List<Candidate>> out = new TreeMap<>();
        for (ClusterFacts registry : registries) {
            for (ServiceFact svc : registry.services()) {
                for (ServiceFact.PortFact port : svc.ports()) {
                    String name = "outbound|" + port.port() + "||" + svc.name() + "." + svc.namespace() + ".svc.cluster.local";
                    out.computeIfAbsent(name, k -> Router.outboundEndpoints(model, cluster, proxy, svc.namespace(), svc.name(),
                            port.port(), origin(proxy)));
                }
            }
        }
        return out;
    }

    /** {@code /clusters}: Envoy's text lines, {@code NAME::ADDRESS::STAT::VALUE} for every host. */
    static String clustersText(Map<String, List<Candidate>> outbound) {
        StringBuilder b = new StringBuilder();
        Map<String, List<Candidate>> all = new TreeMap<>(outbound);
        STATIC_CLUSTERS.forEach(c -> all.putIfAbsent(c, List.of()));
        for (Map.Entry<String, List<Candidate>> e : all.entrySet()) {
            String name = e.getKey();
            b.append(name).append("::observability_name::").append(name).append('\n');
            for (String limit : List.of("max_connections", "max_pending_requests", "max_requests", "max_retries")) {
                b.append(name).append("::default_priority::").append(limit).append("::4294967295\n");
            }
            boolean dynamic = name.startsWith("outbound|") || name.equals("BlackHoleCluster") || name.startsWith("Passthrough")
                    || name.equals("InboundPassthroughCluster");
            b.append(name).append("::added_via_api::").append(dynamic).append('\n');
            if (name.startsWith("outbound|")) {
                b.append(name).append("::eds_service_name::").append(name).append('\n');
            }
            for (Candidate c : e.getValue()) {
                String host = name + "::" + c.address();
                for (String stat : List.of("cx_active::0", "cx_connect_fail::0", "cx_total::0", "rq_active::0", "rq_error::0",
                        "rq_success::0", "rq_timeout::0", "rq_total::0")) {
                    b.append(host).append("::").append(stat).append('\n');
                }
                b.append(host).append("::hostname::\n");
                b.append(host).append("::health_flags::healthy\n");
                b.append(host).append("::weight::").append(c.weight()).append('\n');
                b.append(host).append("::region::\n").append(host).append("::zone::\n").append(host).append("::sub_zone::\n");
                b.append(host).append("::canary::false\n").append(host).append("::priority::0\n");
                b.append(host).append("::success_rate::-1\n").append(host).append("::local_origin_success_rate::-1\n");
            }
        }
        return b.toString();
    }

    /** {@code /clusters?format=json}: what {@code istioctl proxy-config endpoints} reads. */
    static String clustersJson(Map<String, List<Candidate>> outbound) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode statuses = root.putArray("cluster_statuses");
        outbound.forEach((name, candidates) -> {
            ObjectNode c = statuses.addObject();
            c.put("name", name);
            c.put("added_via_api", true);
            c.put("eds_service_name", name);
            ArrayNode hosts = c.putArray("host_statuses");
            for (Candidate ep : candidates) {
                int colon = ep.address().lastIndexOf(':');
                ObjectNode h = hosts.addObject();
                ObjectNode socket = h.putObject("address").putObject("socket_address").put("address", ep.address().substring(0, colon));
                String port = ep.address().substring(colon + 1);
                if (port.matches("\\d+")) {
                    socket.put("port_value", Integer.parseInt(port));
                } else {
                    socket.put("named_port", port);
                }
                h.putObject("health_status").put("eds_health_status", "HEALTHY");
                h.put("weight", ep.weight());
            }
        });
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    static String stats(Map<String, List<Candidate>> outbound) {
        StringBuilder b = new StringBuilder();
        outbound.forEach((name, candidates) -> {
            b.append("cluster.").append(name).append(".membership_healthy: ").append(candidates.size()).append('\n');
            b.append("cluster.").append(name).append(".membership_total: ").append(candidates.size()).append('\n');
            b.append("cluster.").append(name).append(".upstream_rq_total: 0\n");
        });
        b.append("cluster_manager.active_clusters: ").append(outbound.size() + STATIC_CLUSTERS.size()).append('\n');
        b.append("cluster_manager.cds.update_success: 1\n");
        b.append("listener_manager.total_listeners_active: 2\n");
        b.append("server.live: 1\nserver.state: 0\n");
        return b.toString();
    }

    /** The agent's merged Prometheus page (15020/15090), Envoy's membership gauges among it. */
    static String prometheus(MeshModel model, String cluster, PodFact proxy) {
        StringBuilder b = new StringBuilder("# TYPE envoy_cluster_membership_healthy gauge\n");
        outbound(model, cluster, proxy).forEach((name, candidates) -> b.append("envoy_cluster_membership_healthy{cluster_name=\"")
                .append(name).append("\"} ").append(candidates.size()).append('\n'));
        b.append("# TYPE envoy_server_live gauge\nenvoy_server_live{} 1\n");
        b.append("# TYPE istio_agent_pilot_xds gauge\nistio_agent_pilot_xds{pod=\"").append(proxy.name()).append("\",namespace=\"")
                .append(proxy.namespace()).append("\"} 1\n");
        return b.toString();
    }

    private static String serviceCluster(PodFact proxy) {
        return proxy.labels().getOrDefault("app", proxy.name()) + "." + proxy.namespace();
    }

    static String configDump(MeshModel model, String cluster, PodFact proxy) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode configs = root.putArray("configs");
        ObjectNode bootstrap = configs.addObject();
        bootstrap.put("@type", "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump");
        ObjectNode node = bootstrap.putObject("bootstrap").putObject("node");
        String ns = proxy.namespace();
        node.put("id", (origin(proxy) == Router.Origin.GATEWAY_PROXY ? "router~" : "sidecar~") + (proxy.ip() == null ? "" : proxy.ip())
                + "~" + proxy.name() + "." + ns + "~" + ns + ".svc.cluster.local");
        node.put("cluster", serviceCluster(proxy));
        ObjectNode meta = node.putObject("metadata");
        meta.put("CLUSTER_ID", cluster);
        meta.put("ISTIO_VERSION", IstioManifests.VERSION);
        meta.put("NAMESPACE", ns);
        String network = model.cluster(cluster).map(c -> c.networkOf(proxy)).orElse(null);
        if (network != null && !network.isEmpty()) {
            meta.put("NETWORK", network);
        }
        ObjectNode clustersDump = configs.addObject();
        clustersDump.put("@type", "type.googleapis.com/envoy.admin.v3.ClustersConfigDump");
        ArrayNode active = clustersDump.putArray("dynamic_active_clusters");
        outbound(model, cluster, proxy).keySet().forEach(name -> {
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
}
