package dev.meshstage.backend.sim;

import dev.meshstage.backend.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.sim.controller.RemoteClusters;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The simulated ingress gateway answering HTTP on this machine's loopback ({@code app open} on the sim). Each
 * request is routed the way Envoy would with the routes istiod gives it: the VirtualServices bound to a Gateway
 * that selects {@code istio: ingressgateway}, read through the cluster's API at request time; first matching
 * http route wins. The destination Service's ready endpoints in this cluster come first; when it has none there
 * (product runs only in cluster2) the endpoints of the remote clusters that this istiod has synced are used,
 * reached through that network's east-west gateway, as the istiod's remote-cluster view publishes it. Only
 * injected pods count across networks (Istio drops sidecar-less remote endpoints). Nothing anywhere: 503
 * {@code no healthy upstream}, Envoy's words.
 *
 * <p>The route table, endpoints and pods are the cluster's real ones; the answer body is the sim's, saying what
 * served the request and along which path. The serving container gets an access-log line, so {@code kubectl logs}
 * shows the request.
 */
final class SimIngress implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ISTIO_SYSTEM = "istio-system";
    private static final ResourceDefinitionContext GATEWAYS = istio("Gateway", "gateways");
    private static final ResourceDefinitionContext VIRTUAL_SERVICES = istio("VirtualService", "virtualservices");

    private final Vertx vertx;
    private final String cluster;
    private final Function<String, SimCluster> clusters;
    private final Map<String, KubernetesClient> clients = new HashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private HttpServer server;

    /** A chosen upstream: which pod in which cluster, and through which gateway if it is on another network. */
    private record Upstream(String cluster, String pod, String ip, String container, String viaGateway) {
    }

    /** The route that matched a request. */
    private record Route(String virtualService, String name, String match, String host, String namespace, String service,
            int port) {
    }

    SimIngress(Vertx vertx, String cluster, Function<String, SimCluster> clusters) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.clusters = clusters;
    }

    /** @throws BackendException when the port cannot be bound */
    SimIngress start(int port) {
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(this::onRequest);
        try {
            s.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.close();
            throw new BackendException("cannot serve the ingress gateway on 127.0.0.1:" + port + " ("
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + "): pick another port with --port");
        }
        server = s;
        return this;
    }

    private void onRequest(HttpServerRequest req) {
        String path = req.path();
        String method = req.method().name();
        vertx.executeBlocking(() -> answer(method, path), false).onComplete(done -> {
            Answer a = done.succeeded() ? done.result()
                    : new Answer(500, "text/plain", "ingress (sim): " + done.cause().getMessage() + "\n");
            req.response().setStatusCode(a.status).putHeader("content-type", a.contentType)
                    .putHeader("server", "istio-envoy").end(a.body);
        });
    }

    private record Answer(int status, String contentType, String body) {
    }

    private Answer answer(String method, String path) {
        Route route;
        try {
            route = route(path);
        } catch (KubernetesClientException e) {
            return new Answer(503, "text/plain", "upstream connect error or disconnect/reset before headers. reset reason: "
                    + "connection failure (ingress cannot read its routes: " + e.getMessage().lines().findFirst().orElse("") + ")\n");
        }
        if (route == null) {
            // Envoy's 404 for "no route" (NR) has an empty body
            return new Answer(404, "text/plain", "");
        }
        Optional<Upstream> upstream = upstream(route);
        if (upstream.isEmpty()) {
            return new Answer(503, "text/plain", "no healthy upstream");
        }
        Upstream u = upstream.get();
        long n = requests.incrementAndGet();
        accessLog(u, method, path, route);
        String across = u.viaGateway == null ? u.cluster : u.cluster + ", via east-west gateway " + u.viaGateway;
        ObjectNode body = JSON.createObjectNode();
        body.put("route", route.virtualService + "/" + route.name);
        body.put("match", route.match);
        body.put("destination", route.host + ":" + route.port);
        ObjectNode served = body.putObject("servedBy");
        served.put("pod", u.pod);
        served.put("cluster", u.cluster);
        served.put("podIP", u.ip);
        body.put("path", "ingress (" + cluster + ") → " + route.service + "." + route.namespace + " (" + across + ")");
        body.put("request", n);
        body.put("note", "meshstage sim: the routes and endpoints are the cluster's; this answer stands in for the app's");
        if (path.startsWith("/api/")) {
            return new Answer(200, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
        }
        String html = "<!doctype html><title>Simple Buy (meshstage sim)</title><h1>Simple Buy</h1>"
                + "<p>served by <b>" + u.pod + "</b> in <b>" + u.cluster + "</b> (" + u.ip + ")</p>"
                + "<p>route <code>" + route.virtualService + "/" + route.name + "</code> (" + route.match + ")</p>"
                + "<p>path: " + body.path("path").asString() + "</p>\n";
        return new Answer(200, "text/html; charset=utf-8", html);
    }

    // ------------------------------------------------------------------ routes

    /** The first http route of a VirtualService bound to an ingress-gateway Gateway that matches the path. */
    private Route route(String path) {
        KubernetesClient client = client(cluster);
        List<String> gateways = new ArrayList<>();
        for (GenericKubernetesResource gw : client.genericKubernetesResources(GATEWAYS).inAnyNamespace().list().getItems()) {
            JsonNode spec = JSON.valueToTree(gw.getAdditionalProperties().get("spec"));
            if ("ingressgateway".equals(spec.path("selector").path("istio").asString(""))) {
                gateways.add(gw.getMetadata().getNamespace() + "/" + gw.getMetadata().getName());
            }
        }
        for (GenericKubernetesResource vs : client.genericKubernetesResources(VIRTUAL_SERVICES).inAnyNamespace().list().getItems()) {
            String ns = vs.getMetadata().getNamespace();
            JsonNode spec = JSON.valueToTree(vs.getAdditionalProperties().get("spec"));
            boolean bound = false;
            for (JsonNode g : spec.path("gateways")) {
                String ref = g.asString();
                bound |= gateways.contains(ref.contains("/") ? ref : ns + "/" + ref);
            }
            if (!bound) {
                continue;
            }
            for (JsonNode http : spec.path("http")) {
                String matched = matches(http.path("match"), path);
                if (matched == null) {
                    continue;
                }
                JsonNode dest = http.path("route").path(0).path("destination");
                String host = dest.path("host").asString();
                String[] labels = host.split("\\.");
                String service = labels[0];
                String namespace = labels.length > 1 ? labels[1] : ns;
                return new Route(vs.getMetadata().getName(), http.path("name").asString("route"), matched, host, namespace,
                        service, dest.path("port").path("number").asInt(0));
            }
        }
        return null;
    }

    /** How the route's match list matched ({@code prefix /api/products}), or null; no match list matches everything. */
    private static String matches(JsonNode match, String path) {
        if (!match.isArray() || match.isEmpty()) {
            return "any";
        }
        for (JsonNode m : match) {
            JsonNode uri = m.path("uri");
            if (uri.has("prefix") && path.startsWith(uri.path("prefix").asString())) {
                return "prefix " + uri.path("prefix").asString();
            }
            if (uri.has("exact") && path.equals(uri.path("exact").asString())) {
                return "exact " + uri.path("exact").asString();
            }
            if (uri.has("regex") && path.matches(uri.path("regex").asString())) {
                return "regex " + uri.path("regex").asString();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ endpoints

    private Optional<Upstream> upstream(Route route) {
        List<Upstream> local = ready(cluster, route, null);
        if (!local.isEmpty()) {
            return Optional.of(pick(local));
        }
        List<Upstream> remote = new ArrayList<>();
        for (RemoteClusterStatus r : remoteClusters()) {
            if (r.local() || !RemoteClusterStatus.SYNCED.equals(r.status()) || r.gateways().isEmpty()) {
                continue; // without a gateway address istiod would hand out unreachable pod IPs: none usable
            }
            String gateway = r.gateways().get(0);
            String address = gateway.substring(gateway.indexOf('=') + 1); // network2=172.18.255.102:15443
            remote.addAll(ready(r.name(), route, address));
        }
        return remote.isEmpty() ? Optional.empty() : Optional.of(pick(remote));
    }

    private List<RemoteClusterStatus> remoteClusters() {
        ConfigMap cm = client(cluster).configMaps().inNamespace(ISTIO_SYSTEM).withName(RemoteClusters.CONFIGMAP).get();
        return cm == null || cm.getData() == null ? List.of() : RemoteClusters.parse(cluster, cm.getData());
    }

    /** Ready endpoints of the route's Service in one cluster; across networks only those with a sidecar. */
    private List<Upstream> ready(String in, Route route, String viaGateway) {
        KubernetesClient client;
        try {
            client = client(in);
        } catch (BackendException gone) {
            return List.of();
        }
        List<Upstream> out = new ArrayList<>();
        for (EndpointSlice slice : client.discovery().v1().endpointSlices().inNamespace(route.namespace)
                .withLabel("kubernetes.io/service-name", route.service).list().getItems()) {
            for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                boolean ready = e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
                if (!ready || e.getTargetRef() == null || !"Pod".equals(e.getTargetRef().getKind())) {
                    continue;
                }
                Pod pod = client.pods().inNamespace(route.namespace).withName(e.getTargetRef().getName()).get();
                if (pod == null) {
                    continue;
                }
                boolean sidecar = pod.getSpec().getContainers().stream().anyMatch(c -> "istio-proxy".equals(c.getName()))
                        || pod.getSpec().getInitContainers().stream().anyMatch(c -> "istio-proxy".equals(c.getName()));
                if (viaGateway != null && !sidecar) {
                    continue;
                }
                String container = pod.getSpec().getContainers().stream().map(c -> c.getName())
                        .filter(c -> !"istio-proxy".equals(c)).findFirst().orElse(pod.getSpec().getContainers().get(0).getName());
                out.add(new Upstream(in, pod.getMetadata().getName(), e.getAddresses().get(0), container, viaGateway));
            }
        }
        out.sort((a, b) -> a.pod.compareTo(b.pod));
        return out;
    }

    /** Round robin over the candidates (Envoy's default is least-request; with equal load it takes turns). */
    private Upstream pick(List<Upstream> candidates) {
        return candidates.get((int) Math.floorMod(requests.get(), (long) candidates.size()));
    }

    private void accessLog(Upstream u, String method, String path, Route route) {
        try {
            SimCluster c = clusters.apply(u.cluster);
            String service = route.service;
            c.runtime().logs().append(route.namespace, u.pod, u.container, java.time.format.DateTimeFormatter.ISO_INSTANT
                    .format(c.runtime().clock().get().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                    + "\tINFO\t" + service + "\trequest served\t{\"method\": \"" + method + "\", \"path\": \"" + path
                    + "\", \"status\": 200, \"via\": \"" + (u.viaGateway == null ? "ingress" : "east-west gateway " + u.viaGateway)
                    + "\"}");
        } catch (BackendException gone) {
            // the cluster went away between routing and logging: the answer stands
        }
    }

    private synchronized KubernetesClient client(String name) {
        KubernetesClient c = clients.get(name);
        if (c == null) {
            c = clusters.apply(name).adminClient();
            clients.put(name, c);
        }
        return c;
    }

    private static ResourceDefinitionContext istio(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("networking.istio.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the socket goes with the process anyway
            }
            server = null;
        }
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
