package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.ContainerStreams;
import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.backend.sim.store.FieldLabels;
import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.StoreException;
import dev.meshstage.backend.sim.store.WatchEvent;
import dev.meshstage.pki.ClusterCertificates;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.KeyCertOptions;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kubernetes API server of one simulated cluster: HTTPS on 127.0.0.1 with the cluster's own CA,
 * bearer-token authentication, discovery, OpenAPI, the REST verbs, tables, and watches over chunked HTTP
 * and WebSockets — enough for real {@code kubectl} and the fabric8 client to treat it as a kube-apiserver.
 *
 * <p>Several servers can share one {@link Vertx}; {@link #stop()} closes this server and everything it has
 * open, never the Vertx it was given. Vert.x threads are not daemons: whoever creates the Vertx closes it.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    /** kube-apiserver's since the HTTP/2 rapid-reset fix (CVE-2023-44487), the Go HTTP/2 client's default too. */
    private static final int MAX_STREAMS_PER_CONNECTION = 100;
    private static final Set<String> PUBLIC_PATHS = Set.of("/version", "/healthz", "/livez", "/readyz");
    private static final List<String> WS_PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io",
            "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io", "base64.channel.k8s.io", "base64.binary.k8s.io");

    private final Vertx vertx;
    private final ObjectStore store;
    private final ClusterCertificates certificates;
    private final String adminToken;
    private final int requestedPort;
    private final Authenticator auth;
    private final Rbac rbac;
    private final RestHandler rest;
    private final PodStreamEndpoint podStreams;
    private final Set<WatchStream> watches = ConcurrentHashMap.newKeySet();
    private volatile Supplier<Instant> clock = Instant::now;
    private volatile Duration bookmarkInterval = Duration.ofSeconds(60);
    private volatile HttpServer server;
    private volatile int port = -1;

    /**
     * @param port 0 for an ephemeral port (see {@link #port()} after {@link #start()})
     */
    private volatile Runnable afterWrite;
    private volatile long lastRequestNanos = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicInteger connectionsAccepted = new java.util.concurrent.atomic.AtomicInteger();

    public ApiServer(Vertx vertx, ObjectStore store, ClusterCertificates certificates, String adminToken, int port) {
        this.vertx = vertx;
        this.store = store;
        this.certificates = certificates;
        this.adminToken = adminToken;
        this.requestedPort = port;
        this.auth = new Authenticator(store, adminToken, certificates.tokenSigningKey());
        Discovery discovery = new Discovery(store.registry());
        this.rbac = new Rbac(store);
        this.rest = new RestHandler(store, discovery, auth, new OpenApi(store), rbac);
        this.podStreams = new PodStreamEndpoint(store);
        ServerAdmission.install(store, auth, certificates);
        BootstrapPolicy.ensure(store);
        LocalApiServices.ensure(store, store.now());
    }

    /**
     * A Vertx for API servers: small, with the blocked-thread checker quiet for debugger pauses. Its internal
     * blocking pool (TLS handshakes' delegated tasks) kept to 4: at the default 20 a burst of handshakes left a
     * dozen idle threads for the life of the process.
     */
    public static Vertx newVertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4).setInternalBlockingPoolSize(4)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
    }

    /** Where {@code pods/log} reads container output. */
    /**
     * Runs after every write request, before the response: the sim passes its controllers' "settle", so a
     * client sees the effects of its write (and the same requests always give the same cluster).
     */
    public ApiServer afterWrite(Runnable hook) {
        this.afterWrite = hook;
        return this;
    }

    public ApiServer podLogs(PodLogSource source) {
        rest.logs(source);
        return this;
    }

    /** What exec, attach and port-forward reach inside the pods. */
    public ApiServer containers(ContainerStreams containers) {
        podStreams.containers(containers);
        return this;
    }

    /** The clock used for ages in tables and log {@code sinceSeconds} (the sim's virtual clock). */
    public ApiServer clock(Supplier<Instant> clock) {
        this.clock = clock;
        rest.clock(clock);
        return this;
    }

    /** How often a watch with {@code allowWatchBookmarks=true} gets a BOOKMARK (real servers: about a minute). */
    public ApiServer bookmarkInterval(Duration interval) {
        this.bookmarkInterval = interval;
        return this;
    }

    public synchronized ApiServer start() {
        if (server != null) {
            return this;
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(requestedPort)
                .setSsl(true)
                .setKeyCertOptions(KeyCertOptions.wrap(new ServingKeyManager(certificates.servingKey(),
                        certificates.servingCertificate(), certificates.caCertificate())))
                .setWebSocketSubProtocols(java.util.stream.Stream.concat(WS_PROTOCOLS.stream(),
                        PodStreamEndpoint.WS_PROTOCOLS.stream()).toList())
                .setMaxWebSocketFrameSize(16 * 1024 * 1024)
                .setMaxWebSocketMessageSize(64 * 1024 * 1024)
                .setReuseAddress(true)
                // h2 by ALPN as kube-apiserver offers it (every client-go and fabric8 request of a client on one
                // connection); SPDY and WebSocket upgrades ask for http/1.1 and get it
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_STREAMS_PER_CONNECTION));
        CipherOrder.serverPreference().forEach(options::addEnabledCipherSuite);
        HttpServer s = vertx.createHttpServer(options).requestHandler(this::onRequest)
                .connectionHandler(c -> {
                    connectionsAccepted.incrementAndGet();
                    PodStreamEndpoint.acceptPostUpgrades(c);
                })
                .exceptionHandler(e -> LOG.log(Level.WARNING, "API server connection error", e));
        try {
            s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("cannot start the API server of " + store.cluster() + " on 127.0.0.1:" + requestedPort
                    + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        server = s;
        port = s.actualPort();
        return this;
    }

    /** Closes the listening socket, every watch and every connection. The Vertx stays open. */
    public synchronized void stop() {
        HttpServer s = server;
        server = null;
        for (WatchStream w : List.copyOf(watches)) {
            w.close();
        }
        watches.clear();
        if (s != null) {
            try {
                s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing API server", e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean running() {
        return server != null;
    }

    /** TCP connections accepted since start: with HTTP/2 a client keeps one for all its requests and watches. */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return port;
    }

    public String url() {
        return "https://127.0.0.1:" + port;
    }

    public String cluster() {
        return store.cluster();
    }

    public ObjectStore store() {
        return store;
    }

    public ClusterCertificates certificates() {
        return certificates;
    }

    public String adminToken() {
        return adminToken;
    }

    /** {@link System#nanoTime()} of the last request (the background server's idle limit counts from it). */
    public long lastRequestNanos() {
        return lastRequestNanos;
    }

    /** Open watches (for tests and diagnostics). */
    public int openWatches() {
        return watches.size();
    }

    // ------------------------------------------------------------------ dispatch

    private void onRequest(HttpServerRequest req) {
        lastRequestNanos = System.nanoTime();
        try {
            dispatch(req);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "API request " + req.method() + " " + req.uri() + " failed", e);
            send(req, ApiResponse.json(500, ApiStatus.failure(500, "InternalError", "Internal error occurred: " + e)));
        }
    }

    private void dispatch(HttpServerRequest req) {
        String path = req.path();
        if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")
                || path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/")) {
            send(req, ApiResponse.text(200, "ok"));
            return;
        }
        String authz = req.getHeader("Authorization");
        String authenticated = auth.authenticate(authz);
        if (authenticated == null && !(authz == null && PUBLIC_PATHS.contains(path))) {
            send(req, ApiResponse.json(401, ApiStatus.unauthorized()));
            return;
        }
        Map<String, String> query = query(req.params());
        UserInfo user = authenticated == null ? null : requester(req, UserInfo.of(authenticated));
        if (authenticated != null && user == null) {
            return; // refused impersonation, answered
        }
        // the admin is not asked, as system:masters is not; anyone else is asked of the cluster's RBAC
        if (user != null && !user.admin()) {
            Rbac.Attributes a = RequestAttributes.of(req.method().name(), path, query);
            if (!rbac.authorize(user, a).allowed()) {
                send(req, ApiResponse.json(403, ApiStatus.forbidden(a, user.username())));
                return;
            }
        }
        Target streamTarget = PodStreamEndpoint.mayStream(path) ? targetOf(RestHandler.segments(path)) : null;
        if (PodStreamEndpoint.streaming(streamTarget)) {
            podStreams.serve(req, streamTarget, r -> send(req, r));
            return;
        }
        boolean watch = "GET".equals(req.method().name()) && isTrue(query.get("watch"));
        if (watch) {
            startWatch(req, query, user);
            return;
        }
        if ("GET".equals(req.method().name()) && isTrue(query.get("follow")) && path.endsWith("/log")) {
            followLog(req, query, user);
            return;
        }
        Context ctx = vertx.getOrCreateContext();
        req.body().onComplete(body -> {
            if (body.failed()) {
                return;
            }
            ApiRequest ar = new ApiRequest(req.method().name(), path, query, req.getHeader("Accept"),
                    req.getHeader("Content-Type"), body.result().getBytes(), user);
            ctx.owner().executeBlocking(() -> {
                ApiResponse response = rest.handle(ar);
                if (!"GET".equals(ar.method()) && afterWrite != null) {
                    afterWrite.run();
                }
                return response;
            }, false).onComplete(done -> {
                if (done.succeeded()) {
                    send(req, done.result());
                } else {
                    LOG.log(Level.WARNING, "API request " + ar.method() + " " + ar.path() + " failed", done.cause());
                    send(req, ApiResponse.json(500, ApiStatus.failure(500, "InternalError",
                            "Internal error occurred: " + done.cause())));
                }
            });
        });
    }

    /**
     * Who the request acts as: the authenticated user, or whom {@code Impersonate-User}/{@code Impersonate-Group}
     * name ({@code kubectl --as/--as-group}) when the user may impersonate them (the admin may; others need the
     * {@code impersonate} verb). Null once a refusal has been sent.
     */
    private UserInfo requester(HttpServerRequest req, UserInfo authenticated) {
        String asUser = req.getHeader("Impersonate-User");
        List<String> asGroups = req.headers().getAll("Impersonate-Group");
        if (asUser == null || asUser.isEmpty()) {
            if (!asGroups.isEmpty()) {
                send(req, ApiResponse.json(500, ApiStatus.failure(500, "InternalError", "Internal error occurred: requested "
                        + asGroups.stream().map(g -> "{Group  group " + g + "  }").toList() + " without impersonating a user")));
                return null;
            }
            return authenticated;
        }
        if (!authenticated.admin()) {
            List<Rbac.Attributes> asked = new ArrayList<>();
            String[] sa = new UserInfo(asUser, List.of()).serviceAccount();
            asked.add(sa != null ? new Rbac.Attributes("impersonate", "", "serviceaccounts", "", sa[0], sa[1], null)
                    : new Rbac.Attributes("impersonate", "", "users", "", "", asUser, null));
            asGroups.forEach(g -> asked.add(new Rbac.Attributes("impersonate", "", "groups", "", "", g, null)));
            for (Rbac.Attributes a : asked) {
                if (!rbac.authorize(authenticated, a).allowed()) {
                    send(req, ApiResponse.json(403, ApiStatus.forbidden(a, authenticated.username())));
                    return null;
                }
            }
        }
        return UserInfo.impersonated(asUser, asGroups);
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equals("true") || v.equals("1") || v.equals("True"));
    }

    private static Map<String, String> query(MultiMap params) {
        Map<String, String> q = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params) {
            q.putIfAbsent(e.getKey(), e.getValue());
        }
        return q;
    }

    private void send(HttpServerRequest req, ApiResponse r) {
        HttpServerResponse resp = req.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(r.code())
                .putHeader("Content-Type", r.contentType())
                // as Go's net/http does for kube-apiserver, in the cluster's (virtual) time: clients measure ages by it
                .putHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.get().atOffset(ZoneOffset.UTC)))
                .putHeader("Cache-Control", "no-cache, private")
                .putHeader("X-Kubernetes-Pf-Flowschema-Uid", "meshstage")
                .end(Buffer.buffer(r.body()));
    }

    // ------------------------------------------------------------------ watch

    private void startWatch(HttpServerRequest req, Map<String, String> query, UserInfo user) {
        List<String> seg = RestHandler.segments(req.path());
        Target t = targetOf(seg);
        if (t == null || t.sub() != null) {
            send(req, RestHandler.notFound());
            return;
        }
        String fieldSelector = query.getOrDefault("fieldSelector", "");
        if (!t.collection()) {
            fieldSelector = (fieldSelector.isEmpty() ? "" : fieldSelector + ",") + "metadata.name=" + t.name();
        }
        LabelSelector labels;
        FieldSelector fields;
        long from;
        try {
            labels = LabelSelector.parse(query.getOrDefault("labelSelector", ""));
            FieldLabels.check(t.type(), query.getOrDefault("fieldSelector", ""));
            fields = FieldSelector.parse(t.type().groupResource().equals(EventsV1.RESOURCE) ? EventsV1.coreFieldSelector(fieldSelector) : fieldSelector);
            String rv = query.getOrDefault("resourceVersion", "");
            from = rv.isEmpty() ? 0 : Long.parseLong(rv);
        } catch (StoreException e) {
            send(req, RestHandler.error(e, t));
            return;
        } catch (NumberFormatException e) {
            send(req, ApiResponse.json(400, ApiStatus.failure(400, "BadRequest", "invalid resourceVersion: " + query.get("resourceVersion"))));
            return;
        }
        boolean table = Tables.wanted(req.getHeader("Accept"));
        String includeObject = query.getOrDefault("includeObject", "");
        Context ctx = vertx.getOrCreateContext();
        boolean websocket = req.canUpgradeToWebSocket();
        long timeoutSeconds;
        try {
            timeoutSeconds = query.containsKey("timeoutSeconds") ? Long.parseLong(query.get("timeoutSeconds"))
                    : 1800 + ThreadLocalRandom.current().nextLong(1800);
        } catch (NumberFormatException e) {
            timeoutSeconds = 1800;
        }
        boolean bookmarks = isTrue(query.get("allowWatchBookmarks"));
        long timeout = timeoutSeconds;
        final long fromVersion = from;
        if (websocket) {
            req.toWebSocket().onComplete(ar -> {
                if (ar.failed()) {
                    return;
                }
                ServerWebSocket ws = ar.result();
                WatchStream[] holder = new WatchStream[1];
                WatchStream stream = new WatchStream(ctx, new WatchStream.Transport() {
                    @Override
                    public boolean writeQueueFull() {
                        return ws.writeQueueFull();
                    }

                    @Override
                    public void whenWritable(Runnable r) {
                        ws.drainHandler(v -> r.run());
                    }

                    @Override
                    public void send(String json) {
                        ws.writeTextMessage(json);
                    }

                    @Override
                    public void end() {
                        ws.close((short) 1000, "");
                    }

                    @Override
                    public void abort() {
                        ws.close((short) 1011, "watch consumer too slow");
                    }
                }, t.type(), table, includeObject, clock, store::resourceVersion, () -> watches.remove(holder[0]));
                holder[0] = stream;
                ws.closeHandler(v -> stream.clientGone());
                ws.exceptionHandler(e -> stream.clientGone());
                ws.handler(b -> { }); // clients send nothing meaningful on a watch
                open(stream, t, labels, fields, fromVersion, timeout, bookmarks);
            });
            return;
        }
        HttpServerResponse resp = req.response();
        resp.setChunked(true).setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private");
        WatchStream[] holder = new WatchStream[1];
        WatchStream stream = new WatchStream(ctx, new WatchStream.Transport() {
            @Override
            public boolean writeQueueFull() {
                return resp.writeQueueFull();
            }

            @Override
            public void whenWritable(Runnable r) {
                resp.drainHandler(v -> r.run());
            }

            @Override
            public void send(String json) {
                resp.write(json + "\n");
            }

            @Override
            public void end() {
                if (!resp.ended() && !resp.closed()) {
                    resp.end();
                }
            }

            @Override
            public void abort() {
                // the stream only: on HTTP/2 the connection carries the client's other requests
                resp.reset();
            }
        }, t.type(), table, includeObject, clock, store::resourceVersion, () -> watches.remove(holder[0]));
        holder[0] = stream;
        resp.closeHandler(v -> stream.clientGone());
        resp.exceptionHandler(e -> stream.clientGone());
        resp.writeHead();
        open(stream, t, labels, fields, fromVersion, timeout, bookmarks);
    }

    private void open(WatchStream stream, Target t, LabelSelector labels, FieldSelector fields, long from, long timeoutSeconds,
            boolean bookmarks) {
        watches.add(stream);
        stream.printerColumns = rest.printerColumns(t.type());
        if (server == null) {
            stream.finish();
            return;
        }
        if (timeoutSeconds > 0) {
            stream.addTimer(vertx.setTimer(TimeUnit.SECONDS.toMillis(timeoutSeconds), id -> stream.expire()));
        }
        if (bookmarks) {
            long ms = Math.max(10, bookmarkInterval.toMillis());
            stream.addTimer(vertx.setPeriodic(ms, id -> stream.bookmark()));
        }
        vertx.executeBlocking(() -> {
            try {
                String ns = t.namespace() == null ? "" : t.namespace();
                if (t.type().groupResource().equals(EventsV1.RESOURCE)) {
                    // one stored Event, two views: a watch of events.k8s.io sees the core events in their v1 form
                    stream.attach(store.watch(store.registry().require("v1", "Event"), ns, labels, fields, from,
                            e -> stream.onEvent(new WatchEvent(e.type(), t.type(), EventsV1.of(e.object()), e.resourceVersion()))));
                } else {
                    stream.attach(store.watch(t.type(), ns, labels, fields, from, stream::onEvent));
                }
            } catch (StoreException e) {
                stream.error(ApiStatus.failure(e.code(), e.reason(), e.getMessage()));
            }
            return null;
        }, false);
    }

    private Target targetOf(List<String> seg) {
        if (seg.size() >= 3 && seg.get(0).equals("api") && seg.get(1).equals("v1")) {
            return Target.resolve(store.registry(), "", "v1", seg.subList(2, seg.size()));
        }
        if (seg.size() >= 4 && seg.get(0).equals("apis")) {
            return Target.resolve(store.registry(), seg.get(1), seg.get(2), seg.subList(3, seg.size()));
        }
        return null;
    }

    // ------------------------------------------------------------------ logs -f

    private void followLog(HttpServerRequest req, Map<String, String> query, UserInfo user) {
        Target t = targetOf(RestHandler.segments(req.path()));
        if (t == null || !"log".equals(t.sub())) {
            send(req, RestHandler.notFound());
            return;
        }
        ApiRequest first = new ApiRequest("GET", req.path(), query, null, null, new byte[0], user);
        Map<String, String> allQuery = new LinkedHashMap<>(query);
        allQuery.remove("tailLines");
        allQuery.remove("limitBytes");
        allQuery.remove("sinceSeconds");
        allQuery.remove("sinceTime");
        ApiRequest all = new ApiRequest("GET", req.path(), allQuery, null, null, new byte[0], user);
        HttpServerResponse resp = req.response();
        vertx.executeBlocking(() -> {
            List<String> initial = rest.logLines(first, t);
            int seen = rest.logLines(all, t).size();
            return new Object[] {initial, seen};
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof StoreException e) {
                    send(req, RestHandler.error(e, t));
                } else {
                    send(req, ApiResponse.json(500, ApiStatus.failure(500, "InternalError", String.valueOf(ar.cause()))));
                }
                return;
            }
            @SuppressWarnings("unchecked")
            List<String> initial = (List<String>) ar.result()[0];
            int[] seen = {(Integer) ar.result()[1]};
            resp.setChunked(true).setStatusCode(200).putHeader("Content-Type", "text/plain");
            resp.write(String.join("", initial));
            long timer = vertx.setPeriodic(1000, id -> vertx.executeBlocking(() -> {
                List<String> now = rest.logLines(all, t);
                List<String> fresh = now.size() > seen[0] ? new ArrayList<>(now.subList(seen[0], now.size())) : List.of();
                seen[0] = Math.max(seen[0], now.size());
                return fresh;
            }, true).onComplete(more -> {
                if (more.failed()) {
                    vertx.cancelTimer(id);
                    if (!resp.ended() && !resp.closed()) {
                        resp.end();
                    }
                } else if (!more.result().isEmpty() && !resp.closed()) {
                    resp.write(String.join("", more.result()));
                }
            }));
            resp.closeHandler(v -> vertx.cancelTimer(timer));
        });
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unused")
    private static ObjectNode unused() {
        return null;
    }
}
