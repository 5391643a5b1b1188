package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * istiod's sidecar injector ({@code MutatingWebhookConfiguration istio-sidecar-injector}, path {@code /inject}) as
 * an admission step on pod creation. A pod is injected when the webhook is installed, an istiod pod is ready, and
 * either its namespace is labelled {@code istio-injection=enabled} (and the pod does not opt out with
 * {@code sidecar.istio.io/inject: "false"}) or the pod opts in with the label {@code sidecar.istio.io/inject: "true"}
 * in a namespace without that label — the two webhooks the istiod chart installs. Pods annotated
 * {@code inject.istio.io/templates: gateway} get the gateway template: their {@code image: auto} proxy becomes a
 * router. The values filled in (hub, tag, network, cluster, mesh) are read from the {@code istio-sidecar-injector}
 * ConfigMap, as istiod reads them.
 *
 * <p>Differs from the real webhook on purpose: with the webhook installed but istiod down, the real API server
 * refuses the pod ({@code failurePolicy: Fail}); the sim admits it without a sidecar, because the sim's
 * controllers treat a refused create as a bug.
 */
public final class SidecarInjection implements SimController, Admission {

    public static final String STATUS_ANNOTATION = "sidecar.istio.io/status";
    public static final String INJECT = "sidecar.istio.io/inject";
    public static final String TEMPLATES = "inject.istio.io/templates";
    public static final String NAMESPACE_LABEL = "istio-injection";
    static final String WEBHOOK = "istio-sidecar-injector";
    private static final String SYSTEM = "istio-system";

    @Override
    public String name() {
        return "sidecar-injector";
    }

    @Override
    public String fieldManager() {
        return "istiod";
    }

    @Override
    public void admissions(ControllerContext ctx) {
        ctx.addAdmission(this);
    }

    @Override
    public void admit(Operation operation, ResourceType type, ObjectNode oldObject, ObjectNode pod, StoreView view) {
        if (operation != Operation.CREATE || !type.groupResource().equals("pods") || !(pod.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        JsonNode meta = pod.path("metadata");
        if (meta.path("annotations").has(STATUS_ANNOTATION) || spec.path("hostNetwork").asBoolean(false)) {
            return;
        }
        if (view.find("mutatingwebhookconfigurations.admissionregistration.k8s.io", "", WEBHOOK) == null
                || !istiodReady(view)) {
            return;
        }
        ObjectNode ns = view.find("namespaces", "", meta.path("namespace").asString(""));
        String nsLabel = ns == null ? null : ns.path("metadata").path("labels").path(NAMESPACE_LABEL).asString(null);
        String podLabel = meta.path("labels").path(INJECT).asString(null);
        String podAnnotation = meta.path("annotations").path(INJECT).asString(null);
        boolean wanted = nsLabel != null
                ? "enabled".equals(nsLabel) && !"false".equals(podLabel) && !"false".equals(podAnnotation)
                : "true".equals(podLabel);
        if (!wanted) {
            return;
        }
        ObjectNode injector = view.find("configmaps", SYSTEM, "istio-sidecar-injector");
        JsonNode values = injector == null ? Json.object() : Json.parse(injector.path("data").path("values").asString("{}"));
        Values v = new Values(values.path("global"));
        if ("gateway".equals(meta.path("annotations").path(TEMPLATES).asString(""))) {
            gateway(pod, spec, v);
        } else {
            sidecar(pod, spec, v);
        }
    }

    /** Any ready pod of the istiod Deployment (labels app=istiod) answers the webhook. */
    static boolean istiodReady(StoreView view) {
        for (ObjectNode p : view.all("pods", SYSTEM)) {
            if ("istiod".equals(p.path("metadata").path("labels").path("app").asString("")) && Pods.ready(p)
                    && !Pods.deleting(p)) {
                return true;
            }
        }
        return false;
    }

    private record Values(String hub, String tag, String network, String cluster, String meshId) {
        Values(JsonNode global) {
            this(global.path("hub").asString("docker.io/istio"), global.path("tag").asString("1.28.3"),
                    global.path("network").asString(""), global.path("multiCluster").path("clusterName").asString("Kubernetes"),
                    global.path("meshID").asString(""));
        }

        String proxyImage() {
            return hub + "/proxyv2:" + tag;
        }
    }

    // ------------------------------------------------------------------ sidecar template

    private static void sidecar(ObjectNode pod, ObjectNode spec, Values v) {
        ArrayNode containers = Json.childArray(spec, "containers");
        List<String> appContainers = new ArrayList<>();
        ArrayNode podPorts = Json.array();
        for (JsonNode c : containers) {
            appContainers.add(c.path("name").asString());
            for (JsonNode p : c.path("ports")) {
                podPorts.add(p.deepCopy());
            }
        }
        String workload = workloadName(pod);

        ObjectNode init = Json.object();
        init.put("name", "istio-init");
        init.put("image", v.proxyImage());
        ArrayNode args = init.putArray("args");
        for (String a : List.of("istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT",
                "-i", "*", "-x", "", "-b", "*", "-d", "15090,15021,15020", "--log_output_level=default:info")) {
            args.add(a);
        }
        ObjectNode initSec = init.putObject("securityContext");
        initSec.put("allowPrivilegeEscalation", false);
        ObjectNode caps = initSec.putObject("capabilities");
        caps.putArray("add").add("NET_ADMIN").add("NET_RAW");
        caps.putArray("drop").add("ALL");
        initSec.put("runAsGroup", 0).put("runAsNonRoot", false).put("runAsUser", 0);
        Json.childArray(spec, "initContainers").add(init);

        ObjectNode proxy = proxyContainer(v, "sidecar");
        ArrayNode env = (ArrayNode) proxy.get("env");
        env.addObject().put("name", "ISTIO_META_POD_PORTS").put("value", Json.write(podPorts));
        env.addObject().put("name", "ISTIO_META_APP_CONTAINERS").put("value", String.join(",", appContainers));
        env.addObject().put("name", "ISTIO_META_WORKLOAD_NAME").put("value", workload);
        ObjectNode probe = proxy.putObject("readinessProbe");
        probe.putObject("httpGet").put("path", "/healthz/ready").put("port", 15021);
        probe.put("initialDelaySeconds", 1).put("periodSeconds", 15).put("failureThreshold", 4).put("timeoutSeconds", 3);
        containers.add(proxy);
        addVolumes(spec);

        ObjectNode labels = Json.labels(pod);
        labels.put("security.istio.io/tlsMode", "istio");
        labels.put("service.istio.io/canonical-name", canonicalName(labels, workload));
        labels.put("service.istio.io/canonical-revision", labels.path("version").asString(
                labels.path("app.kubernetes.io/version").asString("latest")));
        if (!v.network.isEmpty() && !labels.has("topology.istio.io/network")) {
            labels.put("topology.istio.io/network", v.network);
        }
        ObjectNode ann = Json.annotations(pod);
        if (!appContainers.isEmpty()) {
            ann.put("kubectl.kubernetes.io/default-container", appContainers.get(0));
            ann.put("kubectl.kubernetes.io/default-logs-container", appContainers.get(0));
        }
        ann.put("istio.io/rev", "default");
        ann.put("prometheus.io/path", "/stats/prometheus");
        ann.put("prometheus.io/port", "15020");
        ann.put("prometheus.io/scrape", "true");
        ann.put(STATUS_ANNOTATION, status(List.of("istio-init"), List.of("istio-proxy")));
    }

    // ------------------------------------------------------------------ gateway template

    private static void gateway(ObjectNode pod, ObjectNode spec, Values v) {
        ObjectNode generated = proxyContainer(v, "router");
        for (JsonNode c : spec.path("containers")) {
            if (c instanceof ObjectNode co && "istio-proxy".equals(co.path("name").asString())) {
                co.put("image", generated.path("image").asString());
                co.set("args", generated.get("args"));
                ArrayNode env = Json.childArray(co, "env");
                // the Deployment's own env (ISTIO_META_REQUESTED_NETWORK_VIEW) wins over the template's
                for (JsonNode e : generated.path("env")) {
                    boolean set = false;
                    for (JsonNode existing : env) {
                        set |= existing.path("name").asString().equals(e.path("name").asString());
                    }
                    if (!set) {
                        env.add(e);
                    }
                }
                co.set("securityContext", generated.get("securityContext"));
                co.set("volumeMounts", generated.get("volumeMounts"));
            }
        }
        addVolumes(spec);
        ObjectNode labels = Json.labels(pod);
        labels.put("service.istio.io/canonical-name", canonicalName(labels, workloadName(pod)));
        if (!v.network.isEmpty() && !labels.has("topology.istio.io/network")) {
            labels.put("topology.istio.io/network", v.network);
        }
        Json.annotations(pod).put("istio.io/rev", "default");
        Json.annotations(pod).put(STATUS_ANNOTATION, status(List.of(), List.of()));
    }

    // ------------------------------------------------------------------ shared

    private static ObjectNode proxyContainer(Values v, String mode) {
        ObjectNode proxy = Json.object();
        proxy.put("name", "istio-proxy");
        proxy.put("image", v.proxyImage());
        ArrayNode args = proxy.putArray("args");
        for (String a : List.of("proxy", mode, "--domain", "$(POD_NAMESPACE).svc.cluster.local",
                "--proxyLogLevel=warning", "--proxyComponentLogLevel=misc:error", "--log_output_level=default:info")) {
            args.add(a);
        }
        ArrayNode env = proxy.putArray("env");
        ObjectNode proxyConfig = Json.object();
        if (!v.meshId.isEmpty()) {
            proxyConfig.put("meshId", v.meshId);
        }
        for (Map.Entry<String, String> e : Map.of(
                "POD_NAME", "metadata.name", "POD_NAMESPACE", "metadata.namespace", "INSTANCE_IP", "status.podIP",
                "SERVICE_ACCOUNT", "spec.serviceAccountName", "HOST_IP", "status.hostIP",
                "ISTIO_META_NODE_NAME", "spec.nodeName").entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            ObjectNode var = env.addObject();
            var.put("name", e.getKey());
            var.putObject("valueFrom").putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", e.getValue());
        }
        env.addObject().put("name", "PILOT_CERT_PROVIDER").put("value", "istiod");
        env.addObject().put("name", "CA_ADDR").put("value", "istiod.istio-system.svc:15012");
        env.addObject().put("name", "PROXY_CONFIG").put("value", Json.write(proxyConfig));
        env.addObject().put("name", "ISTIO_META_INTERCEPTION_MODE").put("value", "REDIRECT");
        env.addObject().put("name", "ISTIO_META_CLUSTER_ID").put("value", v.cluster);
        env.addObject().put("name", "ISTIO_META_MESH_ID").put("value", v.meshId.isEmpty() ? "cluster.local" : v.meshId);
        env.addObject().put("name", "TRUST_DOMAIN").put("value", "cluster.local");
        if (!v.network.isEmpty()) {
            env.addObject().put("name", "ISTIO_META_NETWORK").put("value", v.network);
        }
        ObjectNode port = proxy.putArray("ports").addObject();
        port.put("containerPort", 15090).put("name", "http-envoy-prom").put("protocol", "TCP");
        ObjectNode sec = proxy.putObject("securityContext");
        sec.put("allowPrivilegeEscalation", false);
        sec.putObject("capabilities").putArray("drop").add("ALL");
        sec.put("readOnlyRootFilesystem", true).put("runAsGroup", 1337).put("runAsNonRoot", true).put("runAsUser", 1337);
        ArrayNode mounts = proxy.putArray("volumeMounts");
        mounts.addObject().put("name", "workload-socket").put("mountPath", "/var/run/secrets/workload-spiffe-uds");
        mounts.addObject().put("name", "istiod-ca-cert").put("mountPath", "/var/run/secrets/istio");
        mounts.addObject().put("name", "istio-data").put("mountPath", "/var/lib/istio/data");
        mounts.addObject().put("name", "istio-envoy").put("mountPath", "/etc/istio/proxy");
        mounts.addObject().put("name", "istio-token").put("mountPath", "/var/run/secrets/tokens");
        return proxy;
    }

    private static void addVolumes(ObjectNode spec) {
        ArrayNode volumes = Json.childArray(spec, "volumes");
        for (String empty : List.of("workload-socket", "istio-envoy", "istio-data")) {
            volumes.addObject().put("name", empty).putObject("emptyDir");
        }
        ObjectNode token = volumes.addObject().put("name", "istio-token");
        ObjectNode sat = token.putObject("projected").putArray("sources").addObject().putObject("serviceAccountToken");
        sat.put("audience", "istio-ca").put("expirationSeconds", 43200).put("path", "istio-token");
        volumes.addObject().put("name", "istiod-ca-cert").putObject("configMap").put("name", "istio-ca-root-cert");
    }

    private static String status(List<String> init, List<String> containers) {
        ObjectNode s = Json.object();
        ArrayNode i = s.putArray("initContainers");
        init.forEach(i::add);
        ArrayNode c = s.putArray("containers");
        containers.forEach(c::add);
        ArrayNode vols = s.putArray("volumes");
        for (String v : List.of("workload-socket", "istio-envoy", "istio-data", "istio-token", "istiod-ca-cert")) {
            vols.add(v);
        }
        s.putNull("imagePullSecrets");
        s.put("revision", "default");
        return Json.write(s);
    }

    /** istiod's canonical service name: the explicit label, then the usual app labels, then the workload. */
    private static String canonicalName(JsonNode labels, String workload) {
        for (String key : List.of("service.istio.io/canonical-name", "app.kubernetes.io/name", "app")) {
            String v = labels.path(key).asString("");
            if (!v.isEmpty()) {
                return v;
            }
        }
        return workload;
    }

    /** The Deployment (or other owner) a pod belongs to, from its generated name as istiod derives it. */
    private static String workloadName(JsonNode pod) {
        JsonNode meta = pod.path("metadata");
        String generate = meta.path("generateName").asString("");
        if (generate.isEmpty()) {
            return meta.path("name").asString("");
        }
        String base = generate.endsWith("-") ? generate.substring(0, generate.length() - 1) : generate;
        JsonNode owner = Json.controllerOf(pod);
        if (owner != null && "ReplicaSet".equals(owner.path("kind").asString()) && base.lastIndexOf('-') > 0) {
            return base.substring(0, base.lastIndexOf('-'));
        }
        return base;
    }
}
