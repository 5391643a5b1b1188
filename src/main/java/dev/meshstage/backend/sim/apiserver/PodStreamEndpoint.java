package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.ContainerStreams;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.StoreException;
import dev.meshstage.backend.sim.stream.ExecRequest;
import dev.meshstage.backend.sim.stream.PortForwardTarget;
import dev.meshstage.backend.sim.stream.SpdyExec;
import dev.meshstage.backend.sim.stream.SpdyPortForward;
import dev.meshstage.backend.sim.stream.SpdySession;
import dev.meshstage.backend.sim.stream.WebSocketExec;
import dev.meshstage.backend.sim.stream.WebSocketPortForward;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code pods/exec}, {@code pods/attach} and {@code pods/portforward}: checks the request as kube-apiserver and the
 * kubelet would (the pod, its container, running), then upgrades the connection — to a WebSocket with the
 * subprotocol the client asked for (channel protocols v1–v5, {@code portforward.k8s.io}, or SPDY tunnelled in
 * WebSocket), or to raw SPDY/3.1 — and hands the streams to the wire protocol in {@code backend.sim.stream}.
 */
final class PodStreamEndpoint {

    /** WebSocket subprotocols of the streaming subresources, added to the watch ones. */
    static final List<String> WS_PROTOCOLS = List.of("SPDY/3.1+portforward.k8s.io", SpdyPortForward.PROTOCOL);
    private static final String TUNNELED_SPDY = "SPDY/3.1+portforward.k8s.io";

    private final ObjectStore store;
    private volatile ContainerStreams containers = ContainerStreams.NONE;

    PodStreamEndpoint(ObjectStore store) {
        this.store = store;
    }

    void containers(ContainerStreams c) {
        this.containers = c;
    }

    /**
     * kubectl's SPDY upgrades are POSTs, but Vert.x hands over the raw socket only for a GET (or CONNECT) upgrade:
     * on each new connection, a handler right after Netty's HTTP decoder presents a POST that asks for SPDY as a
     * GET (the streaming subresources accept both). This reaches into Vert.x's pipeline by its handler names.
     */
    static void acceptPostUpgrades(io.vertx.core.http.HttpConnection connection) {
        if (!(connection instanceof io.vertx.core.net.impl.ConnectionBase base)) {
            return;
        }
        io.netty.channel.ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.get("httpDecoder") == null || pipeline.get("spdyUpgradeAsGet") != null) {
            return;
        }
        pipeline.addAfter("httpDecoder", "spdyUpgradeAsGet", new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof io.netty.handler.codec.http.HttpRequest r && r.method() == io.netty.handler.codec.http.HttpMethod.POST) {
                    String upgrade = r.headers().get("Upgrade");
                    if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).startsWith("spdy/3")) {
                        r.setMethod(io.netty.handler.codec.http.HttpMethod.GET);
                    }
                }
                ctx.fireChannelRead(msg);
            }
        });
    }

    /** A cheap look at the path before resolving it. */
    static boolean mayStream(String path) {
        return path.endsWith("/exec") || path.endsWith("/attach") || path.endsWith("/portforward");
    }

    static boolean streaming(Target t) {
        return t != null && !t.collection() && t.type().kind().equals("Pod") && t.type().group().isEmpty()
                && ("exec".equals(t.sub()) || "attach".equals(t.sub()) || "portforward".equals(t.sub()));
    }

    /** Serves the request; errors before the upgrade are answered as API statuses through {@code reject}. */
    void serve(HttpServerRequest req, Target t, Consumer<ApiResponse> reject) {
        try {
            if (!req.method().name().equals("GET") && !req.method().name().equals("POST")) {
                throw ApiStatus.methodNotAllowed();
            }
            ObjectNode pod = store.get(t.type(), t.namespace(), t.name());
            if (t.sub().equals("portforward")) {
                portForward(req, t, pod, reject);
            } else {
                exec(req, t, pod, reject);
            }
        } catch (StoreException e) {
            reject.accept(RestHandler.error(e, t));
        }
    }

    private void exec(HttpServerRequest req, Target t, ObjectNode pod, Consumer<ApiResponse> reject) {
        MultiMap q = req.params();
        boolean attach = t.sub().equals("attach");
        List<String> command = attach ? List.of() : q.getAll("command");
        if (!attach && command.isEmpty()) {
            throw StoreException.badRequest("you must specify at least 1 command");
        }
        String container = RestHandler.container(pod, q.get("container") == null ? "" : q.get("container"));
        requireRunning(pod, container);
        ExecRequest r = new ExecRequest(t.namespace(), t.name(), container, List.copyOf(command), attach,
                flag(q, "stdin"), flag(q, "stdout"), flag(q, "stderr"), flag(q, "tty"));
        if (!r.stdin() && !r.stdout() && !r.stderr()) {
            throw StoreException.badRequest("you must specify at least one of stdin, stdout, stderr");
        }
        ContainerStreams c = containers;
        if (req.canUpgradeToWebSocket()) {
            req.toWebSocket().onSuccess(ws -> WebSocketExec.serve(ws, r, c));
            return;
        }
        if (spdyUpgrade(req)) {
            String protocol = negotiate(req, SpdyExec.PROTOCOLS, reject);
            if (protocol != null) {
                upgrade(req, protocol, session -> SpdyExec.serve(session, r, c, protocol));
            }
            return;
        }
        reject.accept(ApiResponse.json(400, ApiStatus.failure(400, "BadRequest", "Upgrade request required")));
    }

    private void portForward(HttpServerRequest req, Target t, ObjectNode pod, Consumer<ApiResponse> reject) {
        if (!pod.path("status").path("phase").asString("").equals("Running")) {
            throw StoreException.badRequest("pod " + t.name() + " is not running (phase " + pod.path("status").path("phase").asString("Pending") + ")");
        }
        PortForwardTarget target = new PortForwardTarget(t.namespace(), t.name(), containers);
        if (req.canUpgradeToWebSocket()) {
            List<Integer> ports = ports(req.params().getAll("ports"));
            String offered = req.getHeader("Sec-WebSocket-Protocol");
            boolean tunneled = offered != null && offered.contains(TUNNELED_SPDY);
            if (!tunneled && ports.isEmpty()) {
                throw StoreException.badRequest("query parameter \"port\" is required");
            }
            req.toWebSocket().onSuccess(ws -> {
                if (TUNNELED_SPDY.equals(ws.subProtocol())) {
                    SpdySession session = overWebSocket(ws);
                    SpdyPortForward.serve(session, target);
                } else {
                    WebSocketPortForward.serve(ws, target, ports);
                }
            });
            return;
        }
        if (spdyUpgrade(req)) {
            String protocol = negotiate(req, List.of(SpdyPortForward.PROTOCOL), reject);
            if (protocol != null) {
                upgrade(req, protocol, session -> SpdyPortForward.serve(session, target));
            }
            return;
        }
        reject.accept(ApiResponse.json(400, ApiStatus.failure(400, "BadRequest", "Upgrade request required")));
    }

    private static List<Integer> ports(List<String> values) {
        List<Integer> out = new ArrayList<>();
        for (String v : values) {
            for (String p : v.split(",")) {
                if (p.isBlank()) {
                    continue;
                }
                try {
                    int n = Integer.parseInt(p.strip());
                    if (n < 1 || n > 65535) {
                        throw new NumberFormatException();
                    }
                    out.add(n);
                } catch (NumberFormatException e) {
                    throw StoreException.badRequest("unable to parse \"" + p + "\" as a port: a port is a number from 1 to 65535");
                }
            }
        }
        return out;
    }

    private static void requireRunning(JsonNode pod, String container) {
        String name = pod.path("metadata").path("name").asString();
        if (pod.path("spec").path("nodeName").asString("").isEmpty()) {
            throw StoreException.badRequest("pod " + name + " does not have a host assigned");
        }
        for (String list : List.of("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")) {
            for (JsonNode s : pod.path("status").path(list)) {
                if (s.path("name").asString().equals(container)) {
                    if (s.path("state").has("running")) {
                        return;
                    }
                    String why = s.path("state").path("waiting").path("reason").asString(
                            s.path("state").has("terminated") ? "terminated" : "not started");
                    throw StoreException.badRequest("container " + container + " in pod " + name + " is not running ("
                            + why + ")");
                }
            }
        }
        throw StoreException.badRequest("container not found (\"" + container + "\")");
    }

    private static boolean flag(MultiMap q, String name) {
        String v = q.get(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static boolean spdyUpgrade(HttpServerRequest req) {
        String upgrade = req.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).startsWith("spdy/3");
    }

    /**
     * The first protocol of the client's X-Stream-Protocol-Version list the server speaks (the kubelet's rule);
     * none offered means the oldest ({@code channel.k8s.io}); none in common is a 403.
     */
    private static String negotiate(HttpServerRequest req, List<String> server, Consumer<ApiResponse> reject) {
        List<String> offered = new ArrayList<>();
        for (String h : req.headers().getAll("X-Stream-Protocol-Version")) {
            for (String p : h.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.strip());
                }
            }
        }
        if (offered.isEmpty()) {
            return server.get(server.size() - 1);
        }
        for (String p : offered) {
            if (server.contains(p)) {
                return p;
            }
        }
        reject.accept(ApiResponse.json(403, ApiStatus.failure(403, "Forbidden", "unable to upgrade: unable to negotiate protocol: client supports "
                + offered + ", server supports " + server)));
        return null;
    }

    /** 101 Switching Protocols to SPDY/3.1 with the negotiated stream protocol, then the session on the raw socket. */
    private static void upgrade(HttpServerRequest req, String protocol, Consumer<SpdySession> serve) {
        req.response().putHeader("Connection", "Upgrade").putHeader("Upgrade", "SPDY/3.1")
                .putHeader("X-Stream-Protocol-Version", protocol);
        req.toNetSocket().onSuccess(socket -> {
            SpdySession session = new SpdySession(bytes -> socket.write(Buffer.buffer(bytes)));
            serve.accept(session);
            wire(socket, session);
        }).onFailure(e -> java.util.logging.Logger.getLogger(PodStreamEndpoint.class.getName()).log(java.util.logging.Level.WARNING,
                "SPDY upgrade of " + req.path() + " failed", e));
    }

    private static void wire(NetSocket socket, SpdySession session) {
        socket.handler(b -> session.receive(b.getBytes()));
        socket.closeHandler(v -> session.close());
        socket.exceptionHandler(e -> socket.close());
    }

    private static SpdySession overWebSocket(ServerWebSocket ws) {
        SpdySession session = new SpdySession(bytes -> {
            if (!ws.isClosed()) {
                ws.writeBinaryMessage(Buffer.buffer(bytes));
            }
        });
        ws.binaryMessageHandler(b -> session.receive(b.getBytes()));
        ws.closeHandler(v -> session.close());
        ws.exceptionHandler(e -> ws.close());
        return session;
    }
}
