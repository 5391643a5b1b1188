package dev.meshstage.backend.sim.controller;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.kube.KubeClients;
import dev.meshstage.pki.Fingerprints;
import dev.meshstage.pki.Pem;
import dev.meshstage.pki.RemoteSecret;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import tools.jackson.databind.node.ObjectNode;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * istiod's multicluster secret controller ({@code pkg/kube/multicluster}): every Secret labelled
 * {@code istio/multiCluster=true} in istio-system names a remote cluster by a kubeconfig; istiod connects to that
 * API server for real — with the secret's server address, CA and token — lists its Services and network gateways,
 * and reports the cluster {@code synced}. A refused token (401), an address nobody answers on, or a CA that does not
 * verify the server leave it {@code syncing} until {@code PILOT_REMOTE_CLUSTER_TIMEOUT} (30 s) has passed, then
 * {@code timeout}. A remote whose published root differs from ours is synced but flagged: cross-cluster mTLS between
 * the two would fail.
 *
 * <p>The connection runs on a thread of its own, never on the runtime thread: the remote API server may be waiting
 * for its own runtime, and a write to ours waits for this runtime to settle. Results come back as runtime work.
 *
 * <p>The state is published where every client can read it, as ConfigMap {@value #CONFIGMAP} in istio-system
 * (one JSON entry per cluster, the local one included) — the sim's {@code /debug/clusterz}.
 */
public final class RemoteClusters {

    public static final String CONFIGMAP = "istiod-remote-clusters";
    /** {@code PILOT_REMOTE_CLUSTER_TIMEOUT}. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String NS = IstiodController.NAMESPACE;

    private final IstiodController istiod;
    private final Map<String, Remote> bySecret = new TreeMap<>();
    private long generation;
    private ExecutorService connector;

    private static final class Remote {
        final String secret;
        String cluster;
        String status = RemoteClusterStatus.SYNCING;
        String message = "";
        int services = -1;
        List<String> gateways = List.of();
        long generation;
        Instant started;
        SimRuntime.Timer timer;

        Remote(String secret) {
            this.secret = secret;
        }
    }

    /** What one connection attempt found; {@code error} null on success. */
    private record Attempt(String error, int services, List<String> gateways, String remoteRoot) {
    }

    RemoteClusters(IstiodController istiod) {
        this.istiod = istiod;
    }

    /** A new istiod process: every remote secret is read again. */
    void restart(ControllerContext ctx) {
        stop();
        ResourceType secrets = ctx.type("v1", "Secret");
        for (ObjectNode s : ctx.store().list(secrets, NS)) {
            if ("true".equals(s.path("metadata").path("labels").path(RemoteSecret.MULTICLUSTER_LABEL).asString(""))) {
                secretChanged(ctx, s, false);
            }
        }
        publish(ctx);
    }

    void stop() {
        bySecret.values().forEach(r -> {
            if (r.timer != null) {
                r.timer.cancel();
            }
        });
        bySecret.clear();
    }

    void secretChanged(ControllerContext ctx, ObjectNode secret, boolean deleted) {
        String key = NS + "/" + secret.path("metadata").path("name").asString();
        istiod.log(ctx, "info", "", "processing secret event for secret " + key);
        Remote old = bySecret.remove(key);
        if (old != null) {
            if (old.timer != null) {
                old.timer.cancel();
            }
            istiod.log(ctx, "info", "", "deleting cluster_id=" + old.cluster + " configured by secret=" + key);
        }
        if (deleted) {
            publish(ctx);
            return;
        }
        Remote r = new Remote(key);
        r.generation = ++generation;
        r.started = ctx.now();
        bySecret.put(key, r);
        RemoteSecret.Parsed parsed;
        try {
            parsed = RemoteSecret.parse(secret);
        } catch (BackendException e) {
            r.cluster = secret.path("metadata").path("annotations").path(RemoteSecret.CLUSTER_ANNOTATION)
                    .asString(secret.path("metadata").path("name").asString());
            r.message = "Failed to add remote cluster from secret " + key + ": " + e.getMessage();
            istiod.log(ctx, "error", "", r.message);
            armTimeout(ctx, r);
            publish(ctx);
            return;
        }
        r.cluster = parsed.cluster();
        istiod.log(ctx, "info", "", "Adding cluster\tcluster=" + r.cluster + " secret=" + key);
        istiod.log(ctx, "info", "", "Initializing Kubernetes service registry \"" + r.cluster + "\"");
        publish(ctx);
        long gen = r.generation;
        String localRoot = istiod.rootCertificatePem();
        connector().execute(() -> {
            Attempt a = connect(parsed);
            ctx.enqueue(null, () -> finished(ctx, key, gen, a, localRoot));
        });
    }

    /**
     * Armed only once an attempt has failed: while the connection is under way no timer is pending, so instant mode
     * does not jump the virtual clock past the deadline before the (real-time) answer arrives.
     */
    private void armTimeout(ControllerContext ctx, Remote r) {
        Duration left = Duration.between(ctx.now(), r.started.plus(TIMEOUT));
        r.timer = ctx.schedule(left.isNegative() ? Duration.ZERO : left, () -> {
            if (bySecret.get(r.secret) == r && !RemoteClusterStatus.SYNCED.equals(r.status)) {
                timedOut(ctx, r);
            }
        });
    }

    private void timedOut(ControllerContext ctx, Remote r) {
        r.status = RemoteClusterStatus.TIMEOUT;
        istiod.log(ctx, "warn", "", "remote cluster " + r.cluster + " failed to sync after " + TIMEOUT.toSeconds()
                + "s" + (r.message.isEmpty() ? "" : ": " + r.message));
        publish(ctx);
    }

    private void finished(ControllerContext ctx, String key, long gen, Attempt a, String localRoot) {
        Remote r = bySecret.get(key);
        if (r == null || r.generation != gen) {
            return;
        }
        if (a.error() != null) {
            r.message = a.error();
            istiod.log(ctx, "error", "kube", "cluster " + r.cluster + ": " + a.error());
            publish(ctx);
            armTimeout(ctx, r);
            return;
        }
        r.status = RemoteClusterStatus.SYNCED;
        r.services = a.services();
        r.gateways = a.gateways();
        r.message = rootWarning(localRoot, a.remoteRoot());
        istiod.log(ctx, "info", "kube", "finished callback for cluster and starting to sync\tcluster=" + r.cluster);
        istiod.log(ctx, "info", "kube", "cluster " + r.cluster + " synced: " + a.services() + " services, network gateways "
                + (a.gateways().isEmpty() ? "none" : String.join(", ", a.gateways())));
        if (!r.message.isEmpty()) {
            istiod.log(ctx, "warn", "", r.message);
        }
        istiod.log(ctx, "info", "", "Number of remote clusters: " + bySecret.size());
        publish(ctx);
    }

    private static String rootWarning(String localRoot, String remoteRoot) {
        if (localRoot == null || remoteRoot == null) {
            return remoteRoot == null ? "the remote cluster publishes no istio-ca-root-cert: is istiod running there?" : "";
        }
        try {
            String ours = Fingerprints.sha256(Pem.certificate(localRoot, "local root"));
            String theirs = Fingerprints.sha256(Pem.certificate(remoteRoot, "remote root"));
            return ours.equals(theirs) ? "" : "different root CA (remote " + theirs + ", local " + ours
                    + "): cross-cluster mTLS will fail with CERTIFICATE_VERIFY_FAILED";
        } catch (BackendException e) {
            return "cannot compare root certificates: " + e.getMessage();
        }
    }

    // ------------------------------------------------------------------ the connection (connector thread)

    private static Attempt connect(RemoteSecret.Parsed p) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(p.server())
                .withCaCertData(Base64.getEncoder().encodeToString(p.caPem().getBytes(StandardCharsets.US_ASCII)))
                .withOauthToken(p.token())
                .withConnectionTimeout(2_000)
                .withRequestTimeout(5_000)
                .withRequestRetryBackoffLimit(0)
                .build();
        try (KubernetesClient client = KubeClients.build(config)) {
            List<Service> services = client.services().inAnyNamespace().list().getItems();
            List<String> gateways = new ArrayList<>();
            for (Service s : services) {
                String network = s.getMetadata().getLabels() == null ? null
                        : s.getMetadata().getLabels().get("topology.istio.io/network");
                if (network == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                        || s.getStatus().getLoadBalancer().getIngress() == null) {
                    continue;
                }
                String port = s.getMetadata().getLabels().getOrDefault("networking.istio.io/gatewayPort", "15443");
                for (LoadBalancerIngress in : s.getStatus().getLoadBalancer().getIngress()) {
                    if (in.getIp() != null) {
                        gateways.add(network + "=" + in.getIp() + ":" + port);
                    }
                }
            }
            return new Attempt(null, services.size(), gateways, remoteRoot(client));
        } catch (KubernetesClientException e) {
            return new Attempt(explain(e, p.server()), -1, List.of(), null);
        } catch (RuntimeException e) {
            return new Attempt(explain(e, p.server()), -1, List.of(), null);
        }
    }

    /**
     * The root the remote cluster trusts: its plugged-in {@code cacerts} root when it has one (already the new one
     * while its istiod still restarts after a rotation), else what its istiod publishes. Only the certificate entry
     * is decoded.
     */
    private static String remoteRoot(KubernetesClient client) {
        Secret cacerts = client.secrets().inNamespace(NS).withName(IstiodController.CACERTS).get();
        if (cacerts != null && cacerts.getData() != null && cacerts.getData().get("root-cert.pem") != null) {
            return new String(Base64.getMimeDecoder().decode(cacerts.getData().get("root-cert.pem")), StandardCharsets.UTF_8);
        }
        ConfigMap root = client.configMaps().inNamespace(NS).withName(IstiodController.ROOT_CERT_CONFIGMAP).get();
        return root == null || root.getData() == null ? null : root.getData().get("root-cert.pem");
    }

    /** client-go's wording for what went wrong, as istiod logs it. */
    static String explain(RuntimeException e, String server) {
        if (e instanceof KubernetesClientException k && k.getCode() == 401) {
            return "failed to list *v1.Service: Unauthorized (401: the token was refused by " + server + ")";
        }
        if (e instanceof KubernetesClientException k && k.getCode() == 403) {
            return "failed to list *v1.Service: Forbidden (403)";
        }
        String hostPort = hostPort(server);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || String.valueOf(t.getMessage()).contains("PKIX")) {
                return "Get \"" + server + "/api/v1/services\": tls: failed to verify certificate: x509: certificate "
                        + "signed by unknown authority";
            }
            if (t instanceof ConnectException) {
                return "dial tcp " + hostPort + ": connect: connection refused";
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return "dial tcp " + hostPort + ": i/o timeout";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "dial tcp: lookup " + hostPort + ": no such host";
            }
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }

    private static String hostPort(String server) {
        try {
            URI u = URI.create(server);
            return u.getHost() + ":" + (u.getPort() < 0 ? 443 : u.getPort());
        } catch (IllegalArgumentException e) {
            return server;
        }
    }

    private synchronized ExecutorService connector() {
        if (connector == null) {
            // no thread while there is nothing to connect to; one at a time, in secret-event order
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "sim-istiod-remote-clusters");
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            connector = pool;
        }
        return connector;
    }

    // ------------------------------------------------------------------ the published state

    /** Rewrites ConfigMap {@value #CONFIGMAP}: the local cluster and one entry per remote secret. */
    private void publish(ControllerContext ctx) {
        String pod = istiod.activePod();
        if (pod == null) {
            return;
        }
        ObjectNode data = Json.object();
        String local = ctx.plan().name();
        data.put(local, Json.write(entry(local, "", RemoteClusterStatus.SYNCED, pod, "", -1, List.of())));
        for (Remote r : bySecret.values()) {
            data.put(r.cluster, Json.write(entry(r.cluster, r.secret, r.status, pod, r.message, r.services, r.gateways)));
        }
        ResourceType cms = ctx.type("v1", "ConfigMap");
        ObjectNode existing = ctx.store().find(cms, NS, CONFIGMAP);
        if (existing != null && existing.path("data").equals(data)) {
            return;
        }
        ObjectNode cm = Json.newObject("v1", "ConfigMap", NS, CONFIGMAP);
        Json.labels(cm).put("app", "istiod");
        Json.annotations(cm).put("meshstage.dev/about", "the sim istiod's /debug/clusterz (istioctl remote-clusters)");
        cm.set("data", data);
        if (existing == null) {
            ctx.store().create(cms, NS, cm);
        } else {
            ctx.store().update(cms, NS, CONFIGMAP, cm);
        }
    }

    private static ObjectNode entry(String name, String secret, String status, String istiod, String message, int services,
            List<String> gateways) {
        ObjectNode o = Json.object();
        o.put("name", name);
        o.put("secret", secret);
        o.put("status", status);
        o.put("istiod", istiod);
        o.put("message", message);
        o.put("services", services);
        var g = o.putArray("gateways");
        gateways.forEach(g::add);
        return o;
    }

    /** Reads {@value #CONFIGMAP}'s data back into rows, for whoever reads it through the API or the store. */
    public static List<RemoteClusterStatus> parse(String from, Map<String, String> data) {
        List<RemoteClusterStatus> out = new ArrayList<>();
        new TreeMap<>(data).forEach((key, json) -> {
            ObjectNode o = Json.parse(json);
            List<String> gateways = new ArrayList<>();
            o.path("gateways").forEach(g -> gateways.add(g.asString()));
            out.add(new RemoteClusterStatus(from, o.path("name").asString(key), o.path("secret").asString(""),
                    o.path("status").asString(""), o.path("istiod").asString(""), o.path("message").asString(""),
                    o.path("services").asInt(-1), gateways));
        });
        return out;
    }
}
