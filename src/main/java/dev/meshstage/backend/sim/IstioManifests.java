package dev.meshstage.backend.sim;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.sim.controller.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code istioctl install -f FILE} would put into a cluster for an IstioOperator file, rendered for the sim:
 * the objects of the {@code base}, {@code istiod} and gateway charts that matter to the workshop, in the three
 * stages istioctl installs and waits for (core, istiod, gateways). Only the IstioOperator fields the workshop
 * uses are read ({@code spec.profile}, {@code spec.components.pilot/ingressGateways}, {@code spec.values.global}
 * and the gateway injection template); anything else is left at the chart default.
 */
public final class IstioManifests {

    public static final String NAMESPACE = "istio-system";
    static final String READER_ROLE = "istio-reader-clusterrole-" + NAMESPACE;
    public static final String VERSION = "1.28.3";
    public static final String HUB = "docker.io/istio";
    public static final String NETWORK_LABEL = "topology.istio.io/network";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** Istio's CRDs: group, kind, plural, short names. */
    private static final String[][] CRDS = {
        {"networking.istio.io", "Gateway", "gateways", "gw"},
        {"networking.istio.io", "VirtualService", "virtualservices", "vs"},
        {"networking.istio.io", "DestinationRule", "destinationrules", "dr"},
        {"networking.istio.io", "ServiceEntry", "serviceentries", "se"},
        {"networking.istio.io", "Sidecar", "sidecars", ""},
        {"networking.istio.io", "WorkloadEntry", "workloadentries", "we"},
        {"networking.istio.io", "WorkloadGroup", "workloadgroups", "wg"},
        {"networking.istio.io", "EnvoyFilter", "envoyfilters", ""},
        {"security.istio.io", "PeerAuthentication", "peerauthentications", "pa"},
        {"security.istio.io", "AuthorizationPolicy", "authorizationpolicies", "ap"},
        {"security.istio.io", "RequestAuthentication", "requestauthentications", "ra"},
        {"telemetry.istio.io", "Telemetry", "telemetries", "telemetry"},
    };

    /** The rendered install, in the order istioctl applies and waits for it. */
    public record Rendered(String operatorName, String network, List<ObjectNode> core, List<ObjectNode> istiod,
            List<ObjectNode> gateways) {

        public boolean isEmpty() {
            return core.isEmpty() && istiod.isEmpty() && gateways.isEmpty();
        }
    }

    private final JsonNode spec;
    private final JsonNode global;
    private final String profile;
    private final String cluster;
    private final String network;
    private final String meshId;

    private IstioManifests(JsonNode operator, String defaultCluster) {
        this.spec = operator.path("spec");
        this.global = spec.path("values").path("global");
        this.profile = spec.path("profile").asString("default");
        this.cluster = global.path("multiCluster").path("clusterName").asString(defaultCluster);
        this.network = global.path("network").asString("");
        this.meshId = global.path("meshID").asString("");
    }

    /** Reads an IstioOperator file; {@code cluster} is the CLUSTER_ID when the file names none (istioctl: Kubernetes). */
    public static Rendered render(Path operatorFile, String cluster) {
        JsonNode operator;
        try {
            operator = YAML.readTree(Files.readString(operatorFile));
        } catch (IOException | RuntimeException e) {
            throw new BackendException("cannot read IstioOperator " + operatorFile + ": " + e.getMessage());
        }
        if (operator == null || !"IstioOperator".equals(operator.path("kind").asString(""))) {
            throw new BackendException(operatorFile + " is not an IstioOperator (kind: IstioOperator)");
        }
        return new IstioManifests(operator, cluster).render(operator.path("metadata").path("name").asString("installed-state"));
    }

    private Rendered render(String name) {
        boolean base;
        boolean pilot;
        boolean defaultIngress;
        switch (profile) {
            case "default" -> {
                base = true;
                pilot = true;
                defaultIngress = true;
            }
            case "minimal" -> {
                base = true;
                pilot = true;
                defaultIngress = false;
            }
            case "empty" -> {
                base = false;
                pilot = false;
                defaultIngress = false;
            }
            default -> throw new BackendException("profile '" + profile + "' is not simulated (default, minimal, empty are)");
        }
        pilot = spec.path("components").path("pilot").path("enabled").asBoolean(pilot);
        List<ObjectNode> core = new ArrayList<>();
        List<ObjectNode> istiod = new ArrayList<>();
        if (base) {
            for (String[] crd : CRDS) {
                core.add(crd(crd[0], crd[1], crd[2], crd[3]));
            }
            core.add(serviceAccount("istio-reader-service-account"));
            core.add(readerRole());
            core.add(readerBinding());
            core.add(readerToken());
        }
        if (pilot) {
            core.add(serviceAccount("istiod"));
            istiod.add(meshConfig());
            istiod.add(injectorConfig());
            istiod.add(istiodDeployment());
            istiod.add(istiodService());
            istiod.add(webhook());
        }
        List<ObjectNode> gateways = new ArrayList<>();
        JsonNode listed = spec.path("components").path("ingressGateways");
        boolean ingressListed = false;
        for (JsonNode g : listed) {
            ingressListed |= "istio-ingressgateway".equals(g.path("name").asString(""));
            if (g.path("enabled").asBoolean(false)) {
                gateways.addAll(gateway(g));
            }
        }
        if (defaultIngress && !ingressListed) {
            gateways.addAll(gateway(Json.map("name", "istio-ingressgateway")));
        }
        return new Rendered(name, network, core, istiod, gateways);
    }

    // ------------------------------------------------------------------ base

    private static ObjectNode crd(String group, String kind, String plural, String shortName) {
        ObjectNode crd = Json.newObject("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", plural + "." + group);
        Json.labels(crd).put("app", "istio-pilot");
        Json.labels(crd).put("chart", "istio");
        Json.labels(crd).put("heritage", "Tiller");
        Json.labels(crd).put("release", "istio");
        ObjectNode s = crd.putObject("spec");
        s.put("group", group);
        ObjectNode names = s.putObject("names");
        names.putArray("categories").add("istio-io").add(group.substring(0, group.indexOf('.')) + "-istio-io");
        names.put("kind", kind);
        names.put("listKind", kind + "List");
        names.put("plural", plural);
        if (!shortName.isEmpty()) {
            names.putArray("shortNames").add(shortName);
        }
        names.put("singular", kind.toLowerCase(java.util.Locale.ROOT));
        s.put("scope", "Namespaced");
        ArrayNode versions = s.putArray("versions");
        // v1 is stored; the older versions stay served, as the workshop's VirtualService uses v1beta1.
        List<String> served = group.equals("networking.istio.io") ? List.of("v1", "v1alpha3", "v1beta1")
                : group.equals("telemetry.istio.io") ? List.of("v1", "v1alpha1") : List.of("v1", "v1beta1");
        for (String v : served) {
            ObjectNode version = versions.addObject();
            version.put("name", v);
            version.put("served", true);
            version.put("storage", v.equals("v1"));
            version.putObject("subresources").putObject("status");
            // permissive like the real ones' x-kubernetes-preserve-unknown-fields on spec/status
            ObjectNode schema = version.putObject("schema").putObject("openAPIV3Schema");
            schema.put("type", "object");
            ObjectNode props = schema.putObject("properties");
            props.putObject("spec").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
            props.putObject("status").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
            printerColumns(kind, version);
        }
        return crd;
    }

    /** The {@code additionalPrinterColumns} of Istio's own CRDs ({@code kubectl get vs} shows GATEWAYS, HOSTS, AGE). */
    private static void printerColumns(String kind, ObjectNode version) {
        String[][] cols = switch (kind) {
            case "VirtualService" -> new String[][] {
                {"Gateways", "string", ".spec.gateways", "The names of gateways and sidecars that should apply these routes"},
                {"Hosts", "string", ".spec.hosts", "The destination hosts to which traffic is being sent"}};
            case "DestinationRule" -> new String[][] {{"Host", "string", ".spec.host", "The name of a service from the service registry"}};
            case "ServiceEntry" -> new String[][] {
                {"Hosts", "string", ".spec.hosts", "The hosts associated with the ServiceEntry"},
                {"Location", "string", ".spec.location", "Whether the service is external to the mesh or part of the mesh (MESH_EXTERNAL or MESH_INTERNAL)"},
                {"Resolution", "string", ".spec.resolution", "Service resolution mode for the hosts (NONE, STATIC, or DNS)"}};
            case "PeerAuthentication" -> new String[][] {{"Mode", "string", ".spec.mtls.mode", "Defines the mTLS mode used for peer authentication."}};
            case "AuthorizationPolicy" -> new String[][] {{"Action", "string", ".spec.action", "The operation to take."}};
            case "WorkloadEntry" -> new String[][] {{"Address", "string", ".spec.address", "Address associated with the network endpoint."}};
            default -> new String[0][];
        };
        if (cols.length == 0) {
            return;
        }
        ArrayNode apc = version.putArray("additionalPrinterColumns");
        for (String[] c : cols) {
            ObjectNode col = apc.addObject();
            col.put("description", c[3]);
            col.put("jsonPath", c[2]);
            col.put("name", c[0]);
            col.put("type", c[1]);
        }
        ObjectNode age = apc.addObject();
        age.put("description", "CreationTimestamp is a timestamp representing the server time when this object was created.");
        age.put("jsonPath", ".metadata.creationTimestamp");
        age.put("name", "Age");
        age.put("type", "date");
    }

    private static ObjectNode serviceAccount(String name) {
        ObjectNode sa = Json.newObject("v1", "ServiceAccount", NAMESPACE, name);
        Json.labels(sa).put("app", name.equals("istiod") ? "istiod" : "istio-reader");
        Json.labels(sa).put("release", "istio");
        return sa;
    }

    /**
     * What a remote istiod may read with the reader's token (the chart's istio-reader ClusterRole): the Kubernetes
     * and Istio objects service discovery needs, the cacerts Secret among them.
     */
    static ObjectNode readerRole() {
        ObjectNode role = Json.newObject("rbac.authorization.k8s.io/v1", "ClusterRole", null, READER_ROLE);
        Json.labels(role).put("app", "istio-reader");
        Json.labels(role).put("release", "istio");
        ArrayNode rules = role.putArray("rules");
        rule(rules, List.of("config.istio.io", "security.istio.io", "networking.istio.io", "authentication.istio.io", "rbac.istio.io",
                "telemetry.istio.io", "extensions.istio.io"), List.of("*"), List.of("get", "list", "watch"));
        rule(rules, List.of(""), List.of("endpoints", "pods", "services", "nodes", "replicationcontrollers", "namespaces", "secrets",
                "configmaps"), List.of("get", "list", "watch"));
        rule(rules, List.of("networking.x-k8s.io", "gateway.networking.k8s.io"), List.of("gateways"), List.of("get", "watch", "list"));
        rule(rules, List.of("apiextensions.k8s.io"), List.of("customresourcedefinitions"), List.of("get", "list", "watch"));
        rule(rules, List.of("discovery.k8s.io"), List.of("endpointslices"), List.of("get", "list", "watch"));
        rule(rules, List.of("apps"), List.of("replicasets"), List.of("get", "list", "watch"));
        rule(rules, List.of("authentication.k8s.io"), List.of("tokenreviews"), List.of("create"));
        rule(rules, List.of("authorization.k8s.io"), List.of("subjectaccessreviews"), List.of("create"));
        return role;
    }

    private static void rule(ArrayNode rules, List<String> groups, List<String> resources, List<String> verbs) {
        ObjectNode r = rules.addObject();
        groups.forEach(r.putArray("apiGroups")::add);
        resources.forEach(r.putArray("resources")::add);
        verbs.forEach(r.putArray("verbs")::add);
    }

    static ObjectNode readerBinding() {
        ObjectNode b = Json.newObject("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, READER_ROLE);
        Json.labels(b).put("app", "istio-reader");
        Json.labels(b).put("release", "istio");
        ObjectNode ref = b.putObject("roleRef");
        ref.put("apiGroup", "rbac.authorization.k8s.io");
        ref.put("kind", "ClusterRole");
        ref.put("name", READER_ROLE);
        ObjectNode subject = b.putArray("subjects").addObject();
        subject.put("kind", "ServiceAccount");
        subject.put("name", "istio-reader-service-account");
        subject.put("namespace", NAMESPACE);
        return b;
    }

    /**
     * Since Kubernetes 1.24 no token Secret is made for a ServiceAccount; {@code istioctl create-remote-secret}
     * creates this one on demand. The sim installs it up front so {@code mesh link} only reads.
     */
    private static ObjectNode readerToken() {
        ObjectNode s = Json.newObject("v1", "Secret", NAMESPACE, "istio-reader-service-account-istio-remote-secret-token");
        Json.annotations(s).put("kubernetes.io/service-account.name", "istio-reader-service-account");
        s.put("type", "kubernetes.io/service-account-token");
        return s;
    }

    // ------------------------------------------------------------------ istiod

    private ObjectNode meshConfig() {
        ObjectNode cm = Json.newObject("v1", "ConfigMap", NAMESPACE, "istio");
        Json.labels(cm).put("install.operator.istio.io/owning-resource", "unknown");
        Json.labels(cm).put("istio.io/rev", "default");
        Json.labels(cm).put("operator.istio.io/component", "Pilot");
        Json.labels(cm).put("release", "istio");
        StringBuilder mesh = new StringBuilder();
        mesh.append("defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\n");
        if (!meshId.isEmpty()) {
            mesh.append("  meshId: ").append(meshId).append('\n');
        }
        mesh.append("defaultProviders:\n  metrics:\n  - prometheus\nenablePrometheusMerge: true\n")
                .append("rootNamespace: istio-system\ntrustDomain: cluster.local\n");
        ObjectNode data = cm.putObject("data");
        data.put("mesh", mesh.toString());
        data.put("meshNetworks", "networks: {}");
        return cm;
    }

    /** The injector's templates are code in the sim; the values it fills in are data, read back at injection. */
    private ObjectNode injectorConfig() {
        ObjectNode cm = Json.newObject("v1", "ConfigMap", NAMESPACE, "istio-sidecar-injector");
        Json.labels(cm).put("istio.io/rev", "default");
        Json.labels(cm).put("operator.istio.io/component", "Pilot");
        Json.labels(cm).put("release", "istio");
        ObjectNode values = Json.object();
        ObjectNode g = values.putObject("global");
        g.put("hub", global.path("hub").asString(HUB));
        g.put("tag", global.path("tag").asString(VERSION));
        g.put("meshID", meshId);
        g.put("network", network);
        g.putObject("multiCluster").put("clusterName", cluster);
        g.putObject("proxy").put("image", "proxyv2");
        values.putObject("sidecarInjectorWebhook").put("defaultTemplates", Json.array().add("sidecar").toString());
        ObjectNode data = cm.putObject("data");
        data.put("config", "defaultTemplates: [sidecar]\npolicy: enabled\nalwaysInjectSelector: []\nneverInjectSelector: []\n"
                + "injectedAnnotations: {}\ntemplates:\n  sidecar: |\n    (simulated)\n  gateway: |\n    (simulated)\n");
        data.put("values", Json.write(values));
        return cm;
    }

    private ObjectNode istiodDeployment() {
        ObjectNode d = Json.newObject("apps/v1", "Deployment", NAMESPACE, "istiod");
        ObjectNode labels = Json.labels(d);
        labels.put("app", "istiod");
        labels.put("istio", "pilot");
        labels.put("istio.io/rev", "default");
        labels.put("operator.istio.io/component", "Pilot");
        labels.put("release", "istio");
        ObjectNode s = d.putObject("spec");
        s.put("replicas", 1);
        s.putObject("selector").set("matchLabels", Json.map("istio", "pilot"));
        ObjectNode strategy = s.putObject("strategy");
        strategy.put("type", "RollingUpdate");
        strategy.putObject("rollingUpdate").put("maxSurge", "100%").put("maxUnavailable", "25%");
        ObjectNode t = s.putObject("template");
        ObjectNode tl = Json.labels(t);
        tl.put("app", "istiod");
        tl.put("istio", "pilot");
        tl.put("istio.io/rev", "default");
        tl.put("sidecar.istio.io/inject", "false");
        ObjectNode ps = t.putObject("spec");
        ps.put("serviceAccountName", "istiod");
        ObjectNode c = ps.putArray("containers").addObject();
        c.put("name", "discovery");
        c.put("image", global.path("hub").asString(HUB) + "/pilot:" + global.path("tag").asString(VERSION));
        ArrayNode args = c.putArray("args");
        for (String a : List.of("discovery", "--monitoringAddr=:15014", "--log_output_level=default:info",
                "--domain", "cluster.local", "--keepaliveMaxServerConnectionAge", "30m")) {
            args.add(a);
        }
        ArrayNode ports = c.putArray("ports");
        ports.add(port("http-debug", 8080));
        ports.add(port("grpc-xds", 15010));
        ports.add(port("https-webhooks", 15017));
        ObjectNode probe = c.putObject("readinessProbe");
        probe.putObject("httpGet").put("path", "/ready").put("port", 8080);
        probe.put("initialDelaySeconds", 1).put("periodSeconds", 3).put("timeoutSeconds", 5);
        ArrayNode env = c.putArray("env");
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REVISION", "default");
        vars.put("PILOT_CERT_PROVIDER", "istiod");
        vars.put("KUBECONFIG", "/var/run/secrets/remote/config");
        vars.put("CA_TRUSTED_NODE_ACCOUNTS", "istio-system/ztunnel,kube-system/ztunnel");
        vars.put("PILOT_TRACE_SAMPLING", "1");
        vars.put("PILOT_ENABLE_ANALYSIS", "false");
        vars.put("CLUSTER_ID", cluster);
        vars.put("PLATFORM", "");
        vars.forEach((k, v) -> env.addObject().put("name", k).put("value", v));
        for (String[] f : new String[][] {{"POD_NAME", "metadata.name"}, {"POD_NAMESPACE", "metadata.namespace"},
                {"SERVICE_ACCOUNT", "spec.serviceAccountName"}}) {
            ObjectNode e = env.addObject();
            e.put("name", f[0]);
            e.putObject("valueFrom").putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", f[1]);
        }
        ArrayNode mounts = c.putArray("volumeMounts");
        mounts.addObject().put("name", "cacerts").put("mountPath", "/etc/cacerts").put("readOnly", true);
        mounts.addObject().put("name", "istio-kubeconfig").put("mountPath", "/var/run/secrets/remote").put("readOnly", true);
        ArrayNode volumes = ps.putArray("volumes");
        // optional: istiod starts with its self-signed CA when no cacerts is plugged in
        ObjectNode cacerts = volumes.addObject().put("name", "cacerts");
        cacerts.putObject("secret").put("secretName", "cacerts").put("optional", true);
        ObjectNode kubeconfig = volumes.addObject().put("name", "istio-kubeconfig");
        kubeconfig.putObject("secret").put("secretName", "istio-kubeconfig").put("optional", true);
        return d;
    }

    private static ObjectNode istiodService() {
        ObjectNode svc = Json.newObject("v1", "Service", NAMESPACE, "istiod");
        Json.labels(svc).put("app", "istiod");
        Json.labels(svc).put("istio", "pilot");
        Json.labels(svc).put("istio.io/rev", "default");
        Json.labels(svc).put("release", "istio");
        ObjectNode s = svc.putObject("spec");
        ArrayNode ports = s.putArray("ports");
        ports.add(servicePort("grpc-xds", 15010, 15010));
        ports.add(servicePort("https-dns", 15012, 15012));
        ports.add(servicePort("https-webhook", 443, 15017));
        ports.add(servicePort("http-monitoring", 15014, 15014));
        s.set("selector", Json.map("app", "istiod", "istio", "pilot"));
        return svc;
    }

    /** The two default-revision webhooks: by namespace label, and by pod label for namespaces without one. */
    private static ObjectNode webhook() {
        ObjectNode w = Json.newObject("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "",
                "istio-sidecar-injector");
        Json.labels(w).put("app", "sidecar-injector");
        Json.labels(w).put("istio.io/rev", "default");
        Json.labels(w).put("release", "istio");
        ArrayNode hooks = w.putArray("webhooks");
        hooks.add(hook("namespace.sidecar-injector.istio.io",
                selector("istio-injection", "In", "enabled"), selector("sidecar.istio.io/inject", "NotIn", "false")));
        hooks.add(hook("object.sidecar-injector.istio.io",
                selector("istio-injection", "DoesNotExist", null), selector("sidecar.istio.io/inject", "In", "true")));
        return w;
    }

    private static ObjectNode hook(String name, ObjectNode namespaceSelector, ObjectNode objectSelector) {
        ObjectNode h = Json.object();
        h.put("name", name);
        h.putArray("admissionReviewVersions").add("v1");
        ObjectNode svc = h.putObject("clientConfig").putObject("service");
        svc.put("name", "istiod").put("namespace", NAMESPACE).put("path", "/inject").put("port", 443);
        h.put("failurePolicy", "Fail");
        h.put("matchPolicy", "Equivalent");
        h.set("namespaceSelector", namespaceSelector);
        h.set("objectSelector", objectSelector);
        h.put("reinvocationPolicy", "Never");
        ObjectNode rule = h.putArray("rules").addObject();
        rule.putArray("apiGroups").add("");
        rule.putArray("apiVersions").add("v1");
        rule.putArray("operations").add("CREATE");
        rule.putArray("resources").add("pods");
        rule.put("scope", "*");
        h.put("sideEffects", "None");
        h.put("timeoutSeconds", 10);
        return h;
    }

    private static ObjectNode selector(String key, String operator, String value) {
        ObjectNode sel = Json.object();
        ObjectNode expr = sel.putArray("matchExpressions").addObject();
        expr.put("key", key);
        expr.put("operator", operator);
        if (value != null) {
            expr.putArray("values").add(value);
        }
        return sel;
    }

    // ------------------------------------------------------------------ gateways

    /** The gateway chart with {@code injectionTemplate: gateway}: image {@code auto}, filled in by the injector. */
    private List<ObjectNode> gateway(JsonNode component) {
        String name = component.path("name").asString();
        Map<String, String> labels = new LinkedHashMap<>();
        if (component.path("label").isObject()) {
            labels.putAll(Json.stringMap(component.path("label")));
        } else {
            labels.put("app", name);
            labels.put("istio", name.startsWith("istio-") ? name.substring(6) : name);
        }
        JsonNode k8s = component.path("k8s");
        ObjectNode d = Json.newObject("apps/v1", "Deployment", NAMESPACE, name);
        ObjectNode dl = Json.labels(d);
        labels.forEach(dl::put);
        dl.put("install.operator.istio.io/owning-resource", "unknown");
        dl.put("istio.io/rev", "default");
        dl.put("operator.istio.io/component", "IngressGateways");
        dl.put("release", "istio");
        ObjectNode s = d.putObject("spec");
        s.put("replicas", 1);
        ObjectNode match = Json.object();
        match.put("app", labels.getOrDefault("app", name));
        match.put("istio", labels.getOrDefault("istio", name));
        s.putObject("selector").set("matchLabels", match);
        ObjectNode t = s.putObject("template");
        ObjectNode tl = Json.labels(t);
        labels.forEach(tl::put);
        // the pods carry the network; the Service only when the component's labels say so (the east-west
        // gateway's do), since a Service with the label is what makes it a network gateway
        if (!network.isEmpty() && !tl.has(NETWORK_LABEL)) {
            tl.put(NETWORK_LABEL, network);
        }
        tl.put("service.istio.io/canonical-name", name);
        tl.put("service.istio.io/canonical-revision", "latest");
        tl.put("sidecar.istio.io/inject", "true");
        ObjectNode ta = Json.annotations(t);
        ta.put("inject.istio.io/templates", "gateway");
        ta.put("prometheus.io/path", "/stats/prometheus");
        ta.put("prometheus.io/port", "15020");
        ta.put("prometheus.io/scrape", "true");
        ta.put("sidecar.istio.io/inject", "true");
        ObjectNode ps = t.putObject("spec");
        ps.put("serviceAccountName", name + "-service-account");
        ObjectNode c = ps.putArray("containers").addObject();
        c.put("name", "istio-proxy");
        c.put("image", "auto");
        ArrayNode ports = c.putArray("ports");
        JsonNode svcPorts = k8s.path("service").path("ports");
        List<JsonNode> portList = svcPorts.isArray() && !svcPorts.isEmpty() ? Json.list(svcPorts) : defaultIngressPorts();
        for (JsonNode p : portList) {
            int target = p.path("targetPort").asInt(p.path("port").asInt());
            ports.add(port(null, target));
        }
        ports.add(port("http-envoy-prom", 15090));
        ObjectNode probe = c.putObject("readinessProbe");
        probe.putObject("httpGet").put("path", "/healthz/ready").put("port", 15021).put("scheme", "HTTP");
        probe.put("initialDelaySeconds", 1).put("periodSeconds", 2).put("failureThreshold", 30);
        ArrayNode env = c.putArray("env");
        for (JsonNode e : k8s.path("env")) {
            env.add(e.deepCopy());
        }
        ObjectNode sa = serviceAccount(name + "-service-account");
        Json.labels(sa).removeAll();
        labels.forEach(Json.labels(sa)::put);

        ObjectNode svc = Json.newObject("v1", "Service", NAMESPACE, name);
        ObjectNode sl = Json.labels(svc);
        labels.forEach(sl::put);
        sl.put("istio.io/rev", "default");
        sl.put("operator.istio.io/component", "IngressGateways");
        sl.put("release", "istio");
        ObjectNode ss = svc.putObject("spec");
        ss.put("type", k8s.path("service").path("type").asString("LoadBalancer"));
        ss.set("selector", match.deepCopy());
        ArrayNode sp = ss.putArray("ports");
        for (JsonNode p : portList) {
            ObjectNode port = servicePort(p.path("name").asString(), p.path("port").asInt(),
                    p.path("targetPort").asInt(p.path("port").asInt()));
            if (p.has("nodePort")) {
                port.put("nodePort", p.path("nodePort").asInt());
            }
            sp.add(port);
        }
        return List.of(sa, d, svc);
    }

    private static List<JsonNode> defaultIngressPorts() {
        return List.of(Json.parse("{\"name\":\"status-port\",\"port\":15021,\"targetPort\":15021}"),
                Json.parse("{\"name\":\"http2\",\"port\":80,\"targetPort\":8080}"),
                Json.parse("{\"name\":\"https\",\"port\":443,\"targetPort\":8443}"));
    }

    private static ObjectNode port(String name, int number) {
        ObjectNode p = Json.object();
        p.put("containerPort", number);
        if (name != null) {
            p.put("name", name);
        }
        p.put("protocol", "TCP");
        return p;
    }

    private static ObjectNode servicePort(String name, int port, int target) {
        ObjectNode p = Json.object();
        p.put("name", name);
        p.put("port", port);
        p.put("protocol", "TCP");
        p.put("targetPort", target);
        return p;
    }
}
