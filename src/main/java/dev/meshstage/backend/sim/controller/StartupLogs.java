package dev.meshstage.backend.sim.controller;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Believable start-up log lines for a container, derived from its image, env and ports, timestamped from
 * the container's start on the virtual clock. Deterministic: the same pod gives the same lines.
 */
public final class StartupLogs {

    public record Line(Instant at, String text) {
    }

    private static final DateTimeFormatter KLOG = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGINX = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter REDIS = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RABBIT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

    private StartupLogs() {
    }

    private static final class Out {
        final List<Line> lines = new ArrayList<>();
        Instant t;
        final long seed;

        Out(Instant start, long seed) {
            this.t = start;
            this.seed = seed;
        }

        /** Next line a few milliseconds after the previous one. */
        Instant tick(int maxMs) {
            long h = Json.hash(seed, lines.size() + "/" + t);
            t = t.plusMillis(1 + Math.floorMod(h, Math.max(1, maxMs))).plusNanos(Math.floorMod(h >>> 20, 1_000_000));
            return t;
        }

        void add(Instant at, String text) {
            lines.add(new Line(at, text));
        }
    }

    public static List<Line> lines(JsonNode pod, JsonNode container, String podIp, Instant startedAt, long seed) {
        String image = ImageCatalogue.normalize(container.path("image").asString(""));
        String repo = ImageCatalogue.repository(image);
        String name = container.path("name").asString();
        Out o = new Out(startedAt, Json.hash(seed, pod.path("metadata").path("uid").asString() + "/" + name));
        Map<String, String> env = env(container);
        List<Integer> ports = new ArrayList<>();
        container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
        String nodeName = pod.path("spec").path("nodeName").asString("");
        if (repo.endsWith("/nginx")) {
            nginx(o);
        } else if (repo.endsWith("/postgres")) {
            postgres(o, env);
        } else if (repo.endsWith("/redis")) {
            redis(o);
        } else if (repo.endsWith("/rabbitmq")) {
            rabbitmq(o, pod);
        } else if (repo.endsWith("/coredns")) {
            coredns(o);
        } else if (repo.endsWith("/etcd")) {
            klog(o, "etcd", nodeName, List.of(
                    "server.go:1234] \"starting etcd\" version=\"3.6.4\" git-sha=\"5400cdc\" go-version=\"go1.24.5\"",
                    "server.go:512] \"serving client traffic securely\" address=\"" + podIp + ":2379\"",
                    "raft.go:1009] \"became leader at term 2\"",
                    "server.go:2077] \"published local member to cluster through raft\""));
        } else if (repo.endsWith("/kube-apiserver")) {
            klog(o, "kube-apiserver", nodeName, List.of(
                    "options.go:249] external host was not specified, using " + podIp,
                    "server.go:175] Version: v1.34.3",
                    "secure_serving.go:211] Serving securely on [::]:6443",
                    "controller.go:667] quota admission added evaluator for: namespaces",
                    "alloc.go:328] \"allocated clusterIPs\" service=\"default/kubernetes\""));
        } else if (repo.endsWith("/kube-controller-manager")) {
            klog(o, "kube-controller-manager", nodeName, List.of(
                    "serving.go:386] Generated self-signed cert in-memory",
                    "controllermanager.go:191] \"Starting\" version=\"v1.34.3\"",
                    "leaderelection.go:271] successfully acquired lease kube-system/kube-controller-manager",
                    "shared_informer.go:357] \"Caches are synced\" controller=\"deployment\""));
        } else if (repo.endsWith("/kube-scheduler")) {
            klog(o, "kube-scheduler", nodeName, List.of(
                    "serving.go:386] Generated self-signed cert in-memory",
                    "server.go:167] \"Starting Kubernetes Scheduler\" version=\"v1.34.3\"",
                    "secure_serving.go:211] Serving securely on 127.0.0.1:10259",
                    "leaderelection.go:271] successfully acquired lease kube-system/kube-scheduler"));
        } else if (repo.endsWith("/kube-proxy")) {
            klog(o, "kube-proxy", nodeName, List.of(
                    "server_linux.go:53] \"Using iptables proxy\"",
                    "server.go:256] \"Successfully retrieved NodeIPs\" NodeIPs=[\"" + podIp + "\"]",
                    "server_linux.go:132] \"Using iptables Proxier\"",
                    "config.go:199] \"Starting service config controller\"",
                    "shared_informer.go:357] \"Caches are synced\" controller=\"service config\""));
        } else if (repo.endsWith("/kindnetd")) {
            o.add(o.tick(5), "I" + KLOG.format(o.t) + "       1 main.go:109] connected to apiserver: https://" + clusterOf(nodeName) + "-control-plane:6443");
            o.add(o.tick(5), "I" + KLOG.format(o.t) + "       1 main.go:139] hostIP = " + podIp);
            o.add(o.tick(5), "I" + KLOG.format(o.t) + "       1 main.go:148] setting mtu 1500 for CNI");
            o.add(o.tick(5), "I" + KLOG.format(o.t) + "       1 main.go:178] kindnetd IP family: \"ipv4\"");
            o.add(o.tick(30), "I" + KLOG.format(o.t) + "       1 main.go:297] Handling node with IPs: map[" + podIp + ":{}]");
        } else if (repo.endsWith("/local-path-provisioner")) {
            o.add(o.tick(20), "time=\"" + ISO_MS.format(o.t).replace(".000", "") + "\" level=debug msg=\"Applied config: {\\\"nodePathMap\\\":[{\\\"node\\\":\\\"DEFAULT_PATH_FOR_NON_LISTED_NODES\\\",\\\"paths\\\":[\\\"/var/local-path-provisioner\\\"]}]}\"");
            o.add(o.tick(20), "time=\"" + ISO_MS.format(o.t) + "\" level=debug msg=\"Provisioner started\"");
        } else if (repo.contains("simple-buy-frontend")) {
            o.add(o.tick(40), "  \u25b2 Next.js 14.2.5");
            o.add(o.tick(5), "  - Local:        http://localhost:" + first(ports, 3000));
            o.add(o.tick(5), "  - Network:      http://0.0.0.0:" + first(ports, 3000));
            o.add(o.tick(5), "");
            o.add(o.tick(5), " \u2713 Starting...");
            o.add(o.tick(400), " \u2713 Ready in " + (200 + Math.floorMod(o.seed, 400)) + "ms");
        } else if (repo.contains("simple-buy-")) {
            app(o, repo.substring(repo.lastIndexOf("simple-buy-") + "simple-buy-".length()), env, ports,
                    container.path("readinessProbe"));
        } else if (repo.contains("istio/") || repo.contains("metallb/")) {
            // istio and MetalLB components write their own logs when simulated
        } else if (!ports.isEmpty()) {
            for (int p : ports) {
                o.add(o.tick(30), ISO_MS.format(o.t) + " INFO  " + name + " listening on 0.0.0.0:" + p);
            }
        }
        return o.lines;
    }

    private static String clusterOf(String nodeName) {
        int i = nodeName.indexOf("-control-plane");
        int j = nodeName.indexOf("-worker");
        return i > 0 ? nodeName.substring(0, i) : j > 0 ? nodeName.substring(0, j) : nodeName;
    }

    private static int first(List<Integer> ports, int dflt) {
        return ports.isEmpty() ? dflt : ports.get(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asString(), e.has("value") ? e.path("value").asString() : "");
        }
        return env;
    }

    private static void klog(Out o, String component, String node, List<String> messages) {
        for (String m : messages) {
            o.add(o.tick(40), "I" + KLOG.format(o.t) + "       1 " + m);
        }
    }

    private static void nginx(Out o) {
        String[] lines = {
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
            "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
            "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up"};
        for (String l : lines) {
            o.add(o.tick(8), l);
        }
        String[] notices = {"using the \"epoll\" event method", "nginx/1.29.4", "built by gcc 14.2.0 (Alpine 14.2.0) ",
            "OS: Linux 6.8.0-90-generic", "getrlimit(RLIMIT_NOFILE): 1048576:1048576", "start worker processes",
            "start worker process 29"};
        for (String n : notices) {
            o.add(o.tick(3), NGINX.format(o.t) + " [notice] 1#1: " + n);
        }
    }

    private static void postgres(Out o, Map<String, String> env) {
        o.add(o.tick(10), "The files belonging to this database system will be owned by user \"postgres\".");
        o.add(o.tick(2), "This user must also own the server process.");
        o.add(o.tick(2), "");
        o.add(o.tick(2), "The database cluster will be initialized with locale \"en_US.utf8\".");
        o.add(o.tick(2), "The default text search configuration will be set to \"english\".");
        o.add(o.tick(200), "Success. You can now start the database server using:");
        o.add(o.tick(2), "");
        o.add(o.tick(2), "    pg_ctl -D " + env.getOrDefault("PGDATA", "/var/lib/postgresql/data") + " -l logfile start");
        o.add(o.tick(300), "waiting for server to start....done");
        o.add(o.tick(5), "server started");
        if (env.containsKey("POSTGRES_DB")) {
            o.add(o.tick(50), "CREATE DATABASE");
        }
        o.add(o.tick(5), "");
        o.add(o.tick(5), "/usr/local/bin/docker-entrypoint.sh: running /docker-entrypoint-initdb.d/");
        o.add(o.tick(300), "PostgreSQL init process complete; ready for start up.");
        o.add(o.tick(5), "");
        o.add(o.tick(50), PG.format(o.t) + " [1] LOG:  starting PostgreSQL 16.11 on x86_64-pc-linux-musl, compiled by gcc (Alpine 14.2.0) 14.2.0, 64-bit");
        o.add(o.tick(3), PG.format(o.t) + " [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432");
        o.add(o.tick(3), PG.format(o.t) + " [1] LOG:  listening on IPv6 address \"::\", port 5432");
        o.add(o.tick(3), PG.format(o.t) + " [1] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"");
        o.add(o.tick(10), PG.format(o.t) + " [52] LOG:  database system was shut down at " + PG.format(o.t.minusSeconds(1)));
        o.add(o.tick(5), PG.format(o.t) + " [1] LOG:  database system is ready to accept connections");
    }

    private static void redis(Out o) {
        o.add(o.tick(5), "1:C " + REDIS.format(o.t) + " * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        o.add(o.tick(2), "1:C " + REDIS.format(o.t) + " * Redis version=7.4.7, bits=64, commit=00000000, modified=0, pid=1, just started");
        o.add(o.tick(2), "1:C " + REDIS.format(o.t) + " # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf");
        o.add(o.tick(2), "1:M " + REDIS.format(o.t) + " * monotonic clock: POSIX clock_gettime");
        o.add(o.tick(2), "1:M " + REDIS.format(o.t) + " * Running mode=standalone, port=6379.");
        o.add(o.tick(2), "1:M " + REDIS.format(o.t) + " * Server initialized");
        o.add(o.tick(2), "1:M " + REDIS.format(o.t) + " * Ready to accept connections tcp");
    }

    private static void rabbitmq(Out o, JsonNode pod) {
        String host = pod.path("metadata").path("name").asString();
        String[] lines = {
            "[info] <0.230.0> Feature flags: list of feature flags found:",
            "[notice] <0.44.0> Application syslog exited with reason: stopped",
            "[info] <0.230.0>  Starting RabbitMQ 3.13.7 on Erlang 26.2.5.16 [jit]",
            "[info] <0.230.0>  node           : rabbit@" + host,
            "[info] <0.230.0>  home dir       : /var/lib/rabbitmq",
            "[info] <0.230.0> Running boot step rabbit_core_metrics_gc defined by app rabbit",
            "[info] <0.617.0> Management plugin: HTTP (non-TLS) listener started on port 15672",
            "[info] <0.647.0> Ready to start client connection listeners",
            "[info] <0.691.0> started TCP listener on [::]:5672",
            "[info] <0.230.0> Server startup complete; 4 plugins started.",
            "[info] <0.230.0>  * rabbitmq_prometheus",
            "[info] <0.230.0>  * rabbitmq_management",
            "[info] <0.230.0>  * rabbitmq_web_dispatch",
            "[info] <0.230.0>  * rabbitmq_management_agent"};
        for (String l : lines) {
            o.add(o.tick(l.contains("startup complete") ? 4000 : 300), RABBIT.format(o.t) + " " + l);
        }
        o.add(o.tick(3), " completed with 4 plugins.");
    }

    private static void coredns(Out o) {
        o.add(o.tick(20), "maxprocs: Leaving GOMAXPROCS=8: CPU quota undefined");
        o.add(o.tick(20), ".:53");
        o.add(o.tick(2), "[INFO] plugin/reload: Running configuration SHA512 = "
                + Json.sha256Hex("Corefile").substring(0, 64) + Json.sha256Hex("Corefile2").substring(0, 64));
        o.add(o.tick(2), "CoreDNS-1.12.1");
        o.add(o.tick(2), "linux/amd64, go1.24.1, 707c7c1");
    }

    /**
     * The Simple Buy Go services: config, then each backing service they are configured with (by the URLs in their
     * env, passwords masked), then their HTTP and gRPC listeners and the kubelet's first health checks.
     */
    private static void app(Out o, String service, Map<String, String> env, List<Integer> ports, JsonNode readiness) {
        String svc = service.isEmpty() ? "app" : service;
        o.add(o.tick(20), ISO_MS.format(o.t) + "\tINFO\t" + svc + "-service starting\t{\"version\": \"v1.0.0\"}");
        if (env.containsKey("JWT_SECRET")) {
            o.add(o.tick(5), ISO_MS.format(o.t) + "\tINFO\tconfig loaded\t{\"jwt\": \"HS256\"}");
        }
        String db = env.getOrDefault("DATABASE_URL", "");
        if (env.containsKey("DATABASE_URL")) {
            String name = db.replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
            o.add(o.tick(300), ISO_MS.format(o.t) + "\tINFO\tconnected to postgres\t{\"url\": \"" + masked(db)
                    + "\", \"database\": \"" + (name.isEmpty() || name.equals(db) ? svc + "_db" : name) + "\"}");
            o.add(o.tick(100), ISO_MS.format(o.t) + "\tINFO\tmigrations applied");
        }
        if (env.containsKey("REDIS_URL")) {
            o.add(o.tick(100), ISO_MS.format(o.t) + "\tINFO\tconnected to redis\t{\"url\": \"" + masked(env.get("REDIS_URL")) + "\"}");
        }
        if (env.containsKey("RABBITMQ_URL")) {
            o.add(o.tick(200), ISO_MS.format(o.t) + "\tINFO\tconnected to rabbitmq\t{\"url\": \"" + masked(env.get("RABBITMQ_URL"))
                    + "\"}");
        }
        for (String grpcClient : List.of("PRODUCT_GRPC_URL", "CART_GRPC_URL")) {
            if (env.containsKey(grpcClient)) {
                o.add(o.tick(20), ISO_MS.format(o.t) + "\tINFO\tgRPC client ready\t{\"target\": \"" + env.get(grpcClient) + "\"}");
            }
        }
        String http = env.getOrDefault("HTTP_PORT", ports.isEmpty() ? "8080" : String.valueOf(ports.get(0)));
        if (http.isEmpty()) {
            http = ports.isEmpty() ? "8080" : String.valueOf(ports.get(0));
        }
        o.add(o.tick(30), ISO_MS.format(o.t) + "\tINFO\tHTTP server listening\t{\"addr\": \":" + http + "\"}");
        String grpc = env.get("GRPC_PORT");
        if ((grpc == null || grpc.isEmpty()) && ports.size() > 1) {
            grpc = String.valueOf(ports.get(1));
        }
        if (grpc != null) {
            o.add(o.tick(10), ISO_MS.format(o.t) + "\tINFO\tgRPC server listening\t{\"addr\": \":" + grpc + "\"}");
        }
        if (!readiness.has("httpGet")) {
            return;
        }
        // the readiness probe's first request, initialDelaySeconds after the start
        o.t = o.t.plusSeconds(readiness.path("initialDelaySeconds").asLong(0));
        String path = readiness.path("httpGet").path("path").asString("/");
        o.add(o.tick(5), probeLine(o.t, path));
    }

    /** The line an app of the workshop logs for a readiness probe's request. */
    static String probeLine(Instant at, String path) {
        return ISO_MS.format(at) + "\tINFO\trequest served\t{\"method\": \"GET\", \"path\": \"" + path
                + "\", \"status\": 200, \"user_agent\": \"kube-probe/1.34\"}";
    }

    /** {@code scheme://user:secret@host} → {@code scheme://user:***@host}: logs never carry passwords. */
    private static String masked(String url) {
        return url.replaceAll("^([a-z][a-z0-9+.-]*://[^:@/]+):[^@/]*@", "$1:***@");
    }
}
