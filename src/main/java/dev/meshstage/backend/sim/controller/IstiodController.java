package dev.meshstage.backend.sim.controller;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import dev.meshstage.pki.Fingerprints;
import dev.meshstage.pki.IntermediateCa;
import dev.meshstage.pki.PendingIdentity;
import dev.meshstage.pki.RemoteSecret;
import dev.meshstage.pki.WorkloadCertificate;
import dev.meshstage.pki.WorkloadCertificates;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control plane of a simulated Istio install, active while a pod of the {@code istiod} Deployment in
 * {@code istio-system} is ready (each new istiod pod is a new process: it loads its CA and reads the remote secrets
 * again, which is why {@code mesh ca --rotate} restarts it).
 * <ul>
 *   <li><b>CA</b>: a complete, valid {@code cacerts} Secret is the plugged-in CA; otherwise the self-signed CA in
 *       {@code istio-ca-secret}, created when missing — as {@code pilot/pkg/bootstrap/istio_ca.go} chooses.</li>
 *   <li><b>Root certificate</b>: ConfigMap {@code istio-ca-root-cert} in every namespace but the system ones.</li>
 *   <li><b>Workload identities</b>: a certificate per injected pod, for its service account's SPIFFE ID, signed by
 *       this CA and kept in memory (keys never enter the API).</li>
 *   <li><b>Remote clusters</b>: {@link RemoteClusters}, from the Secrets labelled {@code istio/multiCluster=true}.</li>
 * </ul>
 * What it does is logged to the istiod pod's {@code discovery} container, where {@code kubectl logs} finds it.
 */
public final class IstiodController implements SimController {

    public static final String NAMESPACE = "istio-system";
    public static final String ROOT_CERT_CONFIGMAP = "istio-ca-root-cert";
    public static final String CA_SECRET = "istio-ca-secret";
    public static final String CACERTS = "cacerts";
    /** Namespaces istiod leaves alone ({@code inject.IgnoredNamespaces}). */
    static final Set<String> IGNORED = Set.of("kube-system", "kube-public", "kube-node-lease", "local-path-storage");

    private volatile String activePod;
    private IntermediateCa ca;
    private volatile String caSource = "";
    // read by tests from other threads while the runtime thread writes
    private final Map<String, PendingIdentity> identities = new java.util.concurrent.ConcurrentHashMap<>();
    private final RemoteClusters remotes = new RemoteClusters(this);

    @Override
    public String name() {
        return "istiod";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("v1", "Pod"), registry.require("v1", "Namespace"),
                registry.require("v1", "Secret"), registry.require("v1", "ConfigMap"));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        JsonNode o = e.object();
        String kind = o.path("kind").asString();
        String ns = e.namespace();
        switch (kind) {
            case "Pod" -> {
                if (NAMESPACE.equals(ns) && "istiod".equals(o.path("metadata").path("labels").path("app").asString(""))) {
                    ctx.enqueue("istiod/reconcile", () -> reconcile(ctx));
                }
                if (o.path("metadata").path("annotations").has(SidecarInjection.STATUS_ANNOTATION)) {
                    String key = ns + "/" + e.name();
                    if (e.type() == WatchEvent.Type.DELETED) {
                        identities.remove(key);
                    } else if (active() && !identities.containsKey(key)) {
                        issue(ctx, o);
                    }
                }
            }
            case "Namespace" -> {
                if (active() && e.type() != WatchEvent.Type.DELETED) {
                    publishRootCert(ctx, e.name());
                }
            }
            case "ConfigMap" -> {
                if (active() && e.type() == WatchEvent.Type.DELETED && ROOT_CERT_CONFIGMAP.equals(e.name())) {
                    publishRootCert(ctx, ns);
                }
            }
            case "Secret" -> {
                if (active() && NAMESPACE.equals(ns)
                        && "true".equals(o.path("metadata").path("labels").path(RemoteSecret.MULTICLUSTER_LABEL).asString(""))) {
                    remotes.secretChanged(ctx, (ObjectNode) o, e.type() == WatchEvent.Type.DELETED);
                }
            }
            default -> {
            }
        }
    }

    public boolean active() {
        return activePod != null;
    }

    /** The istiod pod currently serving, or null. */
    public String activePod() {
        return activePod;
    }

    /** {@code cacerts} (plugged-in) or {@code self-signed}; "" while inactive. */
    public String caSource() {
        return caSource;
    }

    /** The root every workload certificate of this cluster chains to, or null while inactive. */
    public String rootCertificatePem() {
        return ca == null ? null : ca.rootCertificatePem();
    }

    /** The identity minted for a pod, or null. */
    public WorkloadCertificate identity(String namespace, String pod) {
        PendingIdentity id = identities.get(namespace + "/" + pod);
        return id == null ? null : id.certificate();
    }

    // ------------------------------------------------------------------ lifecycle

    private void reconcile(ControllerContext ctx) {
        ResourceType pods = ctx.type("v1", "Pod");
        ObjectNode serving = ctx.store().list(pods, NAMESPACE, LabelSelector.parse("app=istiod"), FieldSelector.everything())
                .items().stream().filter(p -> Pods.ready(p) && !Pods.deleting(p))
                .max(Comparator.comparing((ObjectNode p) -> p.path("metadata").path("creationTimestamp").asString())
                        .thenComparing(p -> p.path("metadata").path("name").asString()))
                .orElse(null);
        if (serving == null) {
            if (activePod != null) {
                remotes.stop();
            }
            activePod = null;
            ca = null;
            caSource = "";
            return;
        }
        String name = serving.path("metadata").path("name").asString();
        if (name.equals(activePod)) {
            return;
        }
        activePod = name;
        log(ctx, "info", "", "starting discovery, cluster " + ctx.plan().name() + ", revision default");
        loadCa(ctx);
        for (ObjectNode ns : ctx.store().list(ctx.type("v1", "Namespace"), "")) {
            publishRootCert(ctx, ns.path("metadata").path("name").asString());
        }
        remotes.restart(ctx);
        log(ctx, "info", "", "All caches have been synced up in " + (1000 + (Json.hash(ctx.seed(), name) & 0x3FF))
                + "ms, marking server ready");
    }

    /** istio_ca.go: a complete cacerts bundle wins; otherwise the self-signed CA of istio-ca-secret. */
    private void loadCa(ControllerContext ctx) {
        ResourceType secrets = ctx.type("v1", "Secret");
        ObjectNode cacerts = ctx.store().find(secrets, NAMESPACE, CACERTS);
        String cluster = ctx.plan().name();
        if (cacerts != null) {
            try {
                ca = IntermediateCa.fromCacerts(cluster, decoded(cacerts));
                caSource = "cacerts";
                log(ctx, "info", "", "Use plugged-in cert at etc/cacerts/ca-key.pem");
                log(ctx, "info", "ca", "plugged-in CA: intermediate " + ca.fingerprint() + ", root "
                        + Fingerprints.sha256(ca.rootCertificate()));
                return;
            } catch (BackendException e) {
                log(ctx, "warn", "", "cacerts not used (" + e.getMessage() + "); falling back to the self-signed CA");
            }
        }
        log(ctx, "info", "", "Use self-signed certificate as the CA certificate");
        ObjectNode existing = ctx.store().find(secrets, NAMESPACE, CA_SECRET);
        if (existing != null) {
            try {
                ca = IntermediateCa.fromIstioCaSecret(cluster, decoded(existing));
                caSource = "self-signed";
                log(ctx, "info", "pkica", "Load signing key and cert from existing secret " + NAMESPACE + "/" + CA_SECRET);
                return;
            } catch (BackendException e) {
                log(ctx, "warn", "pkica", "existing " + CA_SECRET + " unusable (" + e.getMessage() + "), will create one");
            }
        } else {
            log(ctx, "info", "pkica", "Failed to get secret (error: secrets \"" + CA_SECRET + "\" not found), will create one");
        }
        ca = IntermediateCa.selfSigned(cluster, ctx.now());
        caSource = "self-signed";
        ObjectNode s = Json.newObject("v1", "Secret", NAMESPACE, CA_SECRET);
        s.put("type", "istio.io/ca-root");
        ObjectNode data = s.putObject("data");
        data.put("ca-cert.pem", b64(ca.certificatePem()));
        data.put("ca-key.pem", b64(ca.privateKeyPem()));
        data.put("cert-chain.pem", "");
        data.put("key.pem", "");
        data.put("root-cert.pem", b64(ca.rootCertificatePem()));
        if (existing != null) {
            ctx.store().update(secrets, NAMESPACE, CA_SECRET, s);
        } else {
            ctx.store().create(secrets, NAMESPACE, s);
        }
        log(ctx, "info", "pkica", "Using self-generated public key: root " + Fingerprints.sha256(ca.rootCertificate()));
    }

    private void publishRootCert(ControllerContext ctx, String namespace) {
        if (IGNORED.contains(namespace) || ca == null) {
            return;
        }
        ResourceType nsType = ctx.type("v1", "Namespace");
        ObjectNode ns = ctx.store().find(nsType, "", namespace);
        if (ns == null || Pods.deleting(ns)) {
            return;
        }
        ResourceType cms = ctx.type("v1", "ConfigMap");
        String root = ca.rootCertificatePem();
        ObjectNode existing = ctx.store().find(cms, namespace, ROOT_CERT_CONFIGMAP);
        if (existing != null && root.equals(existing.path("data").path("root-cert.pem").asString(""))) {
            return;
        }
        ObjectNode cm = Json.newObject("v1", "ConfigMap", namespace, ROOT_CERT_CONFIGMAP);
        Json.labels(cm).put("istio.io/config", "true");
        cm.putObject("data").put("root-cert.pem", root);
        if (existing == null) {
            ctx.store().create(cms, namespace, cm);
        } else {
            ctx.store().update(cms, namespace, ROOT_CERT_CONFIGMAP, cm);
        }
    }

    /** What the sidecar's CSR would get over SDS: its service account's SPIFFE ID, signed by this cluster's CA. */
    private void issue(ControllerContext ctx, JsonNode pod) {
        String ns = pod.path("metadata").path("namespace").asString();
        String name = pod.path("metadata").path("name").asString();
        String sa = pod.path("spec").path("serviceAccountName").asString("default");
        String id = WorkloadCertificates.spiffeId(ns, sa);
        // The mesh CA is made at wall-clock time while the sim's clock starts at its own epoch: a leaf dated before
        // its issuer would never verify, so it is dated no earlier than the intermediate.
        java.time.Instant notBefore = ca.certificate().getNotBefore().toInstant();
        java.time.Instant at = ctx.now().isBefore(notBefore) ? notBefore : ctx.now();
        // signed when first read (an RSA-4096 signature per pod, mostly never looked at), with this serial and time
        PendingIdentity cert = WorkloadCertificates.issueLater(ca, id, Clock.fixed(at, ZoneOffset.UTC));
        identities.put(ns + "/" + name, cert);
        log(ctx, "info", "ca", "signed workload certificate for " + id + " (pod " + ns + "/" + name + ", serial "
                + cert.serial().toString(16) + ")");
    }

    // ------------------------------------------------------------------ helpers

    /** A line in the serving istiod's log, in istiod's layout: time, level, scope (when not default), message. */
    void log(ControllerContext ctx, String level, String scope, String message) {
        if (activePod == null) {
            return;
        }
        ctx.logs().append(NAMESPACE, activePod, "discovery", Json.micro(ctx.now()) + "\t" + level + "\t"
                + (scope.isEmpty() ? "" : scope + "\t") + message);
    }

    static Map<String, String> decoded(JsonNode secret) {
        Map<String, String> out = new LinkedHashMap<>();
        secret.path("data").properties().forEach(e -> {
            try {
                out.put(e.getKey(), new String(Base64.getMimeDecoder().decode(e.getValue().asString("")), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException bad) {
                // not base64: istiod would not read it either
            }
        });
        return out;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
