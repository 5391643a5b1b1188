package dev.meshstage.backend.sim;

import dev.meshstage.error.BackendException;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.VirtualServiceFact;
import dev.meshstage.mesh.route.Candidate;
import dev.meshstage.mesh.route.Router;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulated ingress gateway answering HTTP on this machine's loopback ({@code app open} on the sim). A request is
 * matched against the VirtualServices bound to a Gateway that selects {@code istio: ingressgateway} (first matching
 * http route wins, as in Envoy), then sent along the mesh's one routing rule ({@link MeshDataPlane}): local endpoints,
 * other networks through their east-west gateways, and every failure the way Envoy reports it. The answer body is the
 * sim's, saying what served the request and along which path.
 */
final class SimIngress implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Vertx vertx;
    private final String cluster;
    private final MeshDataPlane dataPlane;
    private HttpServer server;

    SimIngress(Vertx vertx, String cluster, MeshDataPlane dataPlane) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.dataPlane = dataPlane;
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

    /** What the gateway answered (also through port-forward to its pod, by {@link StoreDataPlane}). */
    record Answer(int status, String contentType, String body) {
    }

    /** The route that matched a request. */
    private record Route(String virtualService, String name, String match, String host, String namespace, String service,
            int port) {
    }

    Answer answer(String method, String path) {
        MeshModel model = dataPlane.model();
        ClusterFacts facts = model.cluster(cluster).orElse(null);
        if (facts == null || !facts.reachable()) {
            return new Answer(503, "text/plain", "upstream connect error or disconnect/reset before headers. reset reason: "
                    + "connection failure (ingress cannot read its routes" + (facts == null ? "" : ": " + facts.reach().problem()) + ")\n");
        }
        Route route = route(facts, path);
        if (route == null) {
            return new Answer(404, "text/plain", ""); // Envoy's "no route" (NR) has an empty body
        }
        PodFact ingress = MeshDataPlane.ingressPod(facts).orElse(null);
        if (ingress == null) {
            return new Answer(503, "text/plain", "no healthy upstream");
        }
        MeshDataPlane.Answer a = dataPlane.send(model, cluster, ingress, route.namespace, route.service, route.port,
                Router.Origin.GATEWAY_PROXY, method, path);
        if (!a.ok()) {
            return new Answer(a.status(), "text/plain", a.body());
        }
        Candidate c = a.servedBy();
        String across = c.via() == Candidate.Via.GATEWAY ? c.cluster() + ", via east-west gateway " + c.address() : c.cluster();
        String podIp = model.cluster(c.cluster()).flatMap(x -> x.pod(route.namespace, a.servedPod())).map(PodFact::ip).orElse("");
        ObjectNode body = JSON.createObjectNode();
        body.put("route", route.virtualService + "/" + route.name);
        body.put("match", route.match);
        body.put("destination", route.host + ":" + route.port);
        ObjectNode served = body.putObject("servedBy");
        served.put("pod", a.servedPod());
        served.put("cluster", c.cluster());
        served.put("podIP", podIp);
        body.put("path", "ingress (" + cluster + ") → " + route.service + "." + route.namespace + " (" + across + ")");
        body.put("note", "meshstage sim: the routes and endpoints are the cluster's; this answer stands in for the app's");
        if (path.startsWith("/api/")) {
            return new Answer(200, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
        }
        String html = "<!doctype html><title>Simple Buy (meshstage sim)</title><h1>Simple Buy</h1>"
                + "<p>served by <b>" + a.servedPod() + "</b> in <b>" + c.cluster() + "</b> (" + podIp + ")</p>"
                + "<p>route <code>" + route.virtualService + "/" + route.name + "</code> (" + route.match + ")</p>"
                + "<p>path: " + body.path("path").asString() + "</p>\n";
        return new Answer(200, "text/html; charset=utf-8", html);
    }

    /** The first http route of a VirtualService bound to an ingress-gateway Gateway that matches the path. */
    private static Route route(ClusterFacts facts, String path) {
        List<String> gateways = facts.istioGateways().stream().filter(g -> "ingressgateway".equals(g.selector().get("istio")))
                .map(g -> g.namespace() + "/" + g.name()).toList();
        for (VirtualServiceFact vs : facts.virtualServices()) {
            boolean bound = vs.gateways().stream().anyMatch(ref -> gateways.contains(ref.contains("/") ? ref : vs.namespace() + "/" + ref));
            if (!bound) {
                continue;
            }
            for (VirtualServiceFact.HttpRoute http : vs.http()) {
                String matched = matches(http.matches(), path);
                if (matched == null) {
                    continue;
                }
                String[] labels = http.destinationHost().split("\\.");
                return new Route(vs.name(), http.name() == null ? "route" : http.name(), matched, http.destinationHost(),
                        labels.length > 1 ? labels[1] : vs.namespace(), labels[0], http.destinationPort());
            }
        }
        return null;
    }

    /** How the route's match list matched ({@code prefix /api/products}), or null; no match list matches everything. */
    private static String matches(List<String> matches, String path) {
        if (matches.isEmpty()) {
            return "any";
        }
        for (String m : matches) {
            String kind = m.substring(0, m.indexOf(':'));
            String value = m.substring(m.indexOf(':') + 1);
            boolean hit = switch (kind) {
                case "prefix" -> path.startsWith(value);
                case "exact" -> path.equals(value);
                default -> path.matches(value);
            };
            if (hit) {
                return kind + " " + value;
            }
        }
        return null;
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
    }
}
