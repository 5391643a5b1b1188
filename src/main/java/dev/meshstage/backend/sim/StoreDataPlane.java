package dev.meshstage.backend.sim;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.route.Router;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link SimDataPlane}: what a request from a pod gets. To a Service's name or ClusterIP it goes along the mesh's
 * routing rule ({@link MeshDataPlane}): from a pod with a sidecar as its Envoy sends it (weighted endpoints, other
 * networks through their east-west gateways, a broken hop failing as Envoy fails), from one without as kube-proxy
 * does (the cluster's own ready endpoints, refused when there is none). A pod IP or a load balancer's address is
 * reached directly; the ingress gateway's HTTP port routes as {@link SimIngress} does; the proxies' admin port is
 * {@link EnvoyAdmin}, istiod's debug port {@link IstiodDebug}.
 */
public final class StoreDataPlane implements SimDataPlane, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<Integer> PROXY_PORTS = Set.of(15000, 15001, 15006, 15020, 15021, 15090);
    private static final Set<Integer> ISTIOD_PORTS = Set.of(8080, 15010, 15012, 15014, 15017);

    private final StoreReads reads;
    private final Supplier<MeshDataPlane> mesh;
    private final IstiodDebug istiod;
    private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();
    private final Map<String, SimIngress> ingresses = new HashMap<>();

    /** @param mesh the mesh's routing rule over the clusters {@code clusters} reaches */
    StoreDataPlane(Function<String, SimCluster> clusters, Supplier<MeshDataPlane> mesh) {
        this.reads = new StoreReads(clusters);
        this.mesh = mesh;
        this.istiod = new IstiodDebug(reads);
    }

    @Override
    public Response http(String fromCluster, String fromNamespace, String fromPod, String method, String host, int port,
            String path, String hostHeader) {
        if (host.equals("127.0.0.1") || host.equals("localhost")) {
            return listens(fromCluster, fromNamespace, fromPod, port) ? pod(fromCluster, fromNamespace, fromPod, port, method, path)
                    : Response.unreachable("Connection refused");
        }
        ObjectStore store = reads.store(fromCluster);
        for (ObjectNode svc : store.list(StoreReads.type(store, "v1", "Service"), "")) {
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
            return byClusterIp ? toService(fromCluster, fromNamespace, fromPod, ns, name, port, method, path)
                    : toLoadBalancer(fromCluster, ns, name, servicePort.path("name").asString(""), method, path);
        }
        for (ObjectNode p : store.list(StoreReads.type(store, "v1", "Pod"), "")) {
            if (host.equals(p.path("status").path("podIP").asString(""))) {
                String ns = p.path("metadata").path("namespace").asString();
                String name = p.path("metadata").path("name").asString();
                return listens(fromCluster, ns, name, port) ? pod(fromCluster, ns, name, port, method, path)
                        : Response.unreachable("Connection refused");
            }
        }
        return Response.unreachable("Couldn't connect to server");
    }

    /** A Service's ClusterIP: along the routing rule, from the caller's sidecar or, without one, through kube-proxy. */
    private Response toService(String fromCluster, String fromNamespace, String fromPod, String ns, String service, int port,
            String method, String path) {
        MeshDataPlane plane = mesh.get();
        MeshModel model = plane.model();
        PodFact from = model.cluster(fromCluster).flatMap(c -> c.pod(fromNamespace, fromPod)).orElse(null);
        boolean sidecar = from != null && from.sidecar();
        MeshDataPlane.Answer a = plane.send(model, fromCluster, from, ns, service, port, Router.Origin.SIDECAR, method, path);
        if (!a.ok()) {
            // without a sidecar there is no Envoy to answer: kube-proxy has no endpoint and rejects the connection
            return sidecar && a.status() > 0 ? viaEnvoy(Response.of(a.status(), "text/plain", a.body()))
                    : Response.unreachable("Connection refused");
        }
        String served = a.servedBy().cluster();
        String portName = model.cluster(served).flatMap(c -> c.service(ns, service)).flatMap(s -> s.port(port))
                .map(ServiceFact.PortFact::name).orElse(null);
        int podPort = reads.endpoints(served, ns, service, portName == null ? "" : portName).stream()
                .filter(e -> e.pod().equals(a.servedPod())).map(StoreReads.Endpoint::port).findFirst().orElse(port);
        ObjectNode pod = reads.pod(served, ns, a.servedPod());
        if (pod == null) {
            return Response.unreachable("Connection refused");
        }
        Response r = answer(served, pod, podPort, method, path);
        return sidecar ? viaEnvoy(r) : r;
    }

    /** The answer as the caller's sidecar hands it on: Envoy names itself last (in this order, so curl -i is stable). */
    private static Response viaEnvoy(Response r) {
        Map<String, String> headers = new LinkedHashMap<>(new TreeMap<>(r.headers()));
        headers.put("server", "envoy");
        return new Response(r.status(), Collections.unmodifiableMap(headers), r.body());
    }

    /** A load balancer's address: kube-proxy forwards to the Service's ready endpoints in this cluster, taking turns. */
    private Response toLoadBalancer(String cluster, String ns, String service, String portName, String method, String path) {
        List<StoreReads.Endpoint> ready = reads.endpoints(cluster, ns, service, portName);
        if (ready.isEmpty()) {
            return Response.unreachable("Connection refused");
        }
        StoreReads.Endpoint e = ready.get((int) Math.floorMod(turns.computeIfAbsent(cluster + "/" + ns + "/" + service,
                k -> new AtomicLong()).getAndIncrement(), (long) ready.size()));
        return pod(e.cluster(), e.namespace(), e.pod(), e.port(), method, path);
    }

    @Override
    public boolean listens(String cluster, String namespace, String pod, int port) {
        ObjectNode p = reads.pod(cluster, namespace, pod);
        if (p == null || !StoreReads.running(p)) {
            return false;
        }
        if (StoreReads.proxy(p) != null && PROXY_PORTS.contains(port) || StoreReads.istiod(p) && ISTIOD_PORTS.contains(port)) {
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
        ObjectNode p = reads.pod(cluster, namespace, pod);
        if (p == null || !listens(cluster, namespace, pod, port)) {
            return Response.unreachable("Connection refused");
        }
        if (StoreReads.proxy(p) != null) {
            switch (port) {
                case 15000:
                    return envoyAdmin(cluster, namespace, pod, path);
                case 15021:
                    return path.startsWith("/healthz/ready") ? Response.of(200, "text/plain", "") : Response.of(404, "text/plain", "");
                case 15020, 15090:
                    return path.startsWith("/stats/prometheus") ? envoyAdmin(cluster, namespace, pod, "/stats/prometheus")
                            : Response.of(404, "text/plain", "404 page not found\n");
                default:
                    break;
            }
            if ("ingressgateway".equals(p.path("metadata").path("labels").path("istio").asString(""))) {
                return ingress(cluster, method, path);
            }
        }
        if (StoreReads.istiod(p)) {
            return port == 15014 || port == 8080 ? istiodDebug(cluster, path)
                    : Response.of(404, "text/plain", "404 page not found\n");
        }
        log(cluster, p, port, method, path);
        return answer(cluster, p, port, method, path);
    }

    private Response ingress(String cluster, String method, String path) {
        SimIngress ingress;
        synchronized (ingresses) {
            ingress = ingresses.computeIfAbsent(cluster, c -> new SimIngress(null, c, mesh.get()));
        }
        SimIngress.Answer a = ingress.answer(method, path);
        return Response.of(a.status(), a.contentType(), a.body());
    }

    /** The application container listening on {@code port}: its name and image. */
    private static String[] container(ObjectNode pod, int port) {
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode cp : c.path("ports")) {
                if (cp.path("containerPort").asInt() == port) {
                    return new String[] {c.path("name").asString(), c.path("image").asString("")};
                }
            }
        }
        return new String[] {"", ""};
    }

    /** A request reached the app directly (its pod IP, port-forward): its container logs it. */
    private void log(String cluster, ObjectNode pod, int port, String method, String path) {
        SimCluster c = reads.cluster(cluster);
        c.runtime().logs().append(pod.path("metadata").path("namespace").asString(), pod.path("metadata").path("name").asString(),
                container(pod, port)[0], DateTimeFormatter.ISO_INSTANT.format(c.runtime().clock().get().truncatedTo(ChronoUnit.MILLIS))
                        + "\tINFO\trequest served\t{\"method\": \"" + method + "\", \"path\": \"" + path + "\", \"status\": 200}");
    }

    /** An application container answering: nginx's welcome page, else a JSON echo of who served what. */
    private static Response answer(String cluster, ObjectNode pod, int port, String method, String path) {
        String[] container = container(pod, port);
        String name = pod.path("metadata").path("name").asString();
        if (container[1].contains("nginx") || container[1].contains("httpd")) {
            return Response.of(200, "text/html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n"
                    + "<h1>Welcome to nginx!</h1>\n<p>served by " + name + " (meshstage sim)</p>\n</body>\n</html>\n");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("pod", name);
        body.put("namespace", pod.path("metadata").path("namespace").asString());
        body.put("cluster", cluster);
        body.put("container", container[0]);
        body.put("podIP", pod.path("status").path("podIP").asString(""));
        body.put("method", method);
        body.put("path", path);
        body.put("note", "meshstage sim: this answer stands in for the app's");
        return Response.of(200, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    }

    @Override
    public Response envoyAdmin(String cluster, String namespace, String pod, String path) {
        ObjectNode p = reads.pod(cluster, namespace, pod);
        if (p == null || StoreReads.proxy(p) == null) {
            return Response.unreachable("Connection refused");
        }
        MeshModel model = mesh.get().model();
        PodFact proxy = model.cluster(cluster).flatMap(c -> c.pod(namespace, pod)).orElse(null);
        if (proxy == null) {
            return Response.unreachable("Connection refused");
        }
        return EnvoyAdmin.answer(model, cluster, proxy, path);
    }

    @Override
    public Response istiodDebug(String cluster, String path) {
        return istiod.answer(cluster, path);
    }

    @Override
    public void close() {
        synchronized (ingresses) {
            ingresses.values().forEach(SimIngress::close);
            ingresses.clear();
        }
    }
}
