package dev.meshstage.backend.sim.defaults;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The defaults a Kubernetes 1.34 API server fills into an object when it is written (the {@code SetDefaults_*}
 * functions of {@code pkg/apis/<group>/v1/defaults.go} and the declarative defaults of the types), per kind, for
 * the kinds kubectl and the workshop touch. Pure: only fields that are absent are set, so applying twice is the
 * same as once. Pod-only admission (service account volume, tolerations, priority) is {@link PodAdmissionDefaults}.
 */
public final class ApiDefaults {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApiDefaults() {
    }

    /** Fills the defaults of the kind {@code groupResource} names ({@code pods}, {@code deployments.apps}, …) into {@code obj}. */
    public static void apply(String groupResource, ObjectNode obj) {
        switch (groupResource) {
            case "namespaces" -> namespace(obj);
            case "pods" -> pod(obj);
            case "podtemplates" -> podTemplate(child(obj, "template"));
            case "replicationcontrollers" -> replicationController(obj);
            case "services" -> service(child(obj, "spec"));
            case "secrets" -> putIfAbsent(obj, "type", "Opaque");
            case "persistentvolumes" -> persistentVolume(obj);
            case "persistentvolumeclaims" -> persistentVolumeClaim(obj);
            case "endpoints" -> endpoints(obj);
            case "deployments.apps" -> deployment(child(obj, "spec"));
            case "replicasets.apps" -> {
                ObjectNode spec = child(obj, "spec");
                putIfAbsent(spec, "replicas", 1);
                podTemplate(child(spec, "template"));
            }
            case "statefulsets.apps" -> statefulSet(child(obj, "spec"));
            case "daemonsets.apps" -> daemonSet(child(obj, "spec"));
            case "jobs.batch" -> job(child(obj, "spec"));
            case "cronjobs.batch" -> cronJob(child(obj, "spec"));
            case "horizontalpodautoscalers.autoscaling" -> horizontalPodAutoscaler(child(obj, "spec"));
            case "networkpolicies.networking.k8s.io" -> networkPolicy(child(obj, "spec"));
            case "storageclasses.storage.k8s.io" -> {
                putIfAbsent(obj, "reclaimPolicy", "Delete");
                putIfAbsent(obj, "volumeBindingMode", "Immediate");
            }
            case "priorityclasses.scheduling.k8s.io" -> putIfAbsent(obj, "preemptionPolicy", "PreemptLowerPriority");
            case "rolebindings.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io" -> subjects(obj);
            case "mutatingwebhookconfigurations.admissionregistration.k8s.io" -> webhooks(obj, true);
            case "validatingwebhookconfigurations.admissionregistration.k8s.io" -> webhooks(obj, false);
            default -> { }
        }
    }

    // ------------------------------------------------------------------ core

    static void namespace(ObjectNode ns) {
        String name = ns.path("metadata").path("name").asString("");
        if (!name.isEmpty()) {
            child(child(ns, "metadata"), "labels").put("kubernetes.io/metadata.name", name);
        }
        ObjectNode spec = child(ns, "spec");
        if (!spec.has("finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
        putIfAbsent(child(ns, "status"), "phase", "Active");
    }

    static void pod(ObjectNode pod) {
        ObjectNode spec = child(pod, "spec");
        podSpec(spec);
        putIfAbsent(spec, "enableServiceLinks", true);
        // requests default to limits on a Pod (not on templates)
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                JsonNode limits = c.path("resources").path("limits");
                if (limits.isObject() && !limits.isEmpty()) {
                    ObjectNode requests = child(child((ObjectNode) c, "resources"), "requests");
                    limits.properties().forEach(e -> {
                        if (!requests.has(e.getKey())) {
                            requests.set(e.getKey(), e.getValue().deepCopy());
                        }
                    });
                }
            }
        }
    }

    static void podTemplate(ObjectNode template) {
        podSpec(child(template, "spec"));
    }

    static void podSpec(ObjectNode spec) {
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "restartPolicy", "Always");
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode co) {
                    container(co);
                }
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            if (v instanceof ObjectNode vo) {
                volume(vo);
            }
        }
        if (spec.path("hostNetwork").asBoolean(false)) {
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : spec.path(list)) {
                    for (JsonNode p : c.path("ports")) {
                        if (p.path("hostPort").asInt(0) == 0 && p instanceof ObjectNode po) {
                            po.put("hostPort", p.path("containerPort").asInt());
                        }
                    }
                }
            }
        }
    }

    static void container(ObjectNode c) {
        if (!c.has("imagePullPolicy")) {
            c.put("imagePullPolicy", "latest".equals(ImageTag.of(c.path("image").asString(""))) ? "Always" : "IfNotPresent");
        }
        putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(c, "terminationMessagePolicy", "File");
        if (!c.has("resources")) {
            c.putObject("resources");
        }
        for (JsonNode p : c.path("ports")) {
            if (p instanceof ObjectNode po) {
                putIfAbsent(po, "protocol", "TCP");
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.get(probe) instanceof ObjectNode p) {
                probe(p);
            }
        }
        for (String hook : List.of("postStart", "preStop")) {
            if (c.path("lifecycle").get(hook) instanceof ObjectNode h && h.get("httpGet") instanceof ObjectNode get) {
                httpGet(get);
            }
        }
        for (JsonNode e : c.path("env")) {
            if (e.path("valueFrom").get("fieldRef") instanceof ObjectNode ref) {
                putIfAbsent(ref, "apiVersion", "v1");
            }
        }
    }

    static void probe(ObjectNode p) {
        putIfAbsent(p, "timeoutSeconds", 1);
        putIfAbsent(p, "periodSeconds", 10);
        putIfAbsent(p, "successThreshold", 1);
        putIfAbsent(p, "failureThreshold", 3);
        if (p.get("httpGet") instanceof ObjectNode get) {
            httpGet(get);
        }
    }

    private static void httpGet(ObjectNode get) {
        putIfAbsent(get, "path", "/");
        putIfAbsent(get, "scheme", "HTTP");
    }

    static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore",
            "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs",
            "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
            "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image");

    static void volume(ObjectNode v) {
        if (VOLUME_SOURCES.stream().noneMatch(v::has)) {
            v.putObject("emptyDir");
        }
        for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
            if (v.get(source) instanceof ObjectNode s) {
                putIfAbsent(s, "defaultMode", 420);
            }
        }
        if (v.get("hostPath") instanceof ObjectNode h) {
            putIfAbsent(h, "type", "");
        }
        for (JsonNode s : v.path("projected").path("sources")) {
            if (s.get("serviceAccountToken") instanceof ObjectNode t) {
                putIfAbsent(t, "expirationSeconds", 3600);
            }
            for (JsonNode item : s.path("downwardAPI").path("items")) {
                if (item.get("fieldRef") instanceof ObjectNode ref) {
                    putIfAbsent(ref, "apiVersion", "v1");
                }
            }
        }
        for (JsonNode item : v.path("downwardAPI").path("items")) {
            if (item.get("fieldRef") instanceof ObjectNode ref) {
                putIfAbsent(ref, "apiVersion", "v1");
            }
        }
    }

    static void replicationController(ObjectNode rc) {
        ObjectNode spec = child(rc, "spec");
        putIfAbsent(spec, "replicas", 1);
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()) {
            if (spec.path("selector").isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            if (rc.path("metadata").path("labels").isEmpty()) {
                child(rc, "metadata").set("labels", labels.deepCopy());
            }
        }
        if (spec.get("template") instanceof ObjectNode t) {
            podTemplate(t);
        }
    }

    static void service(ObjectNode spec) {
        putIfAbsent(spec, "type", "ClusterIP");
        putIfAbsent(spec, "sessionAffinity", "None");
        String type = spec.path("type").asString();
        if (spec.path("sessionAffinity").asString().equals("None")) {
            spec.remove("sessionAffinityConfig");
        } else if (spec.path("sessionAffinity").asString().equals("ClientIP")
                && !spec.path("sessionAffinityConfig").path("clientIP").has("timeoutSeconds")) {
            child(child(spec, "sessionAffinityConfig"), "clientIP").put("timeoutSeconds", 10800);
        }
        for (JsonNode p : spec.path("ports")) {
            ObjectNode port = (ObjectNode) p;
            putIfAbsent(port, "protocol", "TCP");
            JsonNode target = port.get("targetPort");
            if (target == null || target.isNull() || (target.isNumber() && target.asInt() == 0) || (target.isString() && target.asString().isEmpty())) {
                port.put("targetPort", port.path("port").asInt());
            }
        }
        boolean external = type.equals("NodePort") || type.equals("LoadBalancer") || !spec.path("externalIPs").isEmpty();
        if (external) {
            putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("ClusterIP") || type.equals("NodePort") || type.equals("LoadBalancer")) {
            putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            putIfAbsent(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    static void persistentVolume(ObjectNode pv) {
        ObjectNode spec = child(pv, "spec");
        putIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
        putIfAbsent(spec, "volumeMode", "Filesystem");
        putIfAbsent(child(pv, "status"), "phase", "Pending");
    }

    static void persistentVolumeClaim(ObjectNode pvc) {
        putIfAbsent(child(pvc, "spec"), "volumeMode", "Filesystem");
        putIfAbsent(child(pvc, "status"), "phase", "Pending");
    }

    static void endpoints(ObjectNode ep) {
        for (JsonNode subset : ep.path("subsets")) {
            for (JsonNode p : subset.path("ports")) {
                putIfAbsent((ObjectNode) p, "protocol", "TCP");
            }
        }
    }

    // ------------------------------------------------------------------ apps

    static void deployment(ObjectNode spec) {
        putIfAbsent(spec, "replicas", 1);
        ObjectNode strategy = child(spec, "strategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asString().equals("RollingUpdate")) {
            ObjectNode ru = child(strategy, "rollingUpdate");
            putIfAbsent(ru, "maxUnavailable", "25%");
            putIfAbsent(ru, "maxSurge", "25%");
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        podTemplate(child(spec, "template"));
    }

    static void statefulSet(ObjectNode spec) {
        putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = child(spec, "updateStrategy");
        if (!strategy.has("type")) {
            strategy.put("type", "RollingUpdate");
            child(strategy, "rollingUpdate");
        }
        if (strategy.path("type").asString().equals("RollingUpdate") && strategy.get("rollingUpdate") instanceof ObjectNode ru) {
            putIfAbsent(ru, "partition", 0);
        }
        ObjectNode retention = child(spec, "persistentVolumeClaimRetentionPolicy");
        putIfAbsent(retention, "whenDeleted", "Retain");
        putIfAbsent(retention, "whenScaled", "Retain");
        putIfAbsent(spec, "replicas", 1);
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        podTemplate(child(spec, "template"));
        for (JsonNode claim : spec.path("volumeClaimTemplates")) {
            if (claim instanceof ObjectNode c) {
                putIfAbsent(child(c, "spec"), "volumeMode", "Filesystem");
                putIfAbsent(child(c, "status"), "phase", "Pending");
                putIfAbsent(c, "apiVersion", "v1");
                putIfAbsent(c, "kind", "PersistentVolumeClaim");
            }
        }
    }

    static void daemonSet(ObjectNode spec) {
        ObjectNode strategy = child(spec, "updateStrategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asString().equals("RollingUpdate")) {
            ObjectNode ru = child(strategy, "rollingUpdate");
            putIfAbsent(ru, "maxUnavailable", 1);
            putIfAbsent(ru, "maxSurge", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        podTemplate(child(spec, "template"));
    }

    // ------------------------------------------------------------------ batch, autoscaling, networking, rbac, admission

    static void job(ObjectNode spec) {
        if (!spec.has("completions") && !spec.has("parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        putIfAbsent(spec, "parallelism", 1);
        if (!spec.has("backoffLimit")) {
            spec.put("backoffLimit", spec.has("backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        }
        putIfAbsent(spec, "completionMode", "NonIndexed");
        putIfAbsent(spec, "suspend", false);
        if (!spec.has("podFailurePolicy")) {
            putIfAbsent(spec, "podReplacementPolicy", "TerminatingOrFailed");
        }
        podTemplate(child(spec, "template"));
    }

    static void cronJob(ObjectNode spec) {
        putIfAbsent(spec, "concurrencyPolicy", "Allow");
        putIfAbsent(spec, "suspend", false);
        putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
        putIfAbsent(spec, "failedJobsHistoryLimit", 1);
        podTemplate(child(child(child(spec, "jobTemplate"), "spec"), "template"));
    }

    /** autoscaling/v2: one replica at least and, with no metrics, 80% average CPU utilization. */
    static void horizontalPodAutoscaler(ObjectNode spec) {
        putIfAbsent(spec, "minReplicas", 1);
        if (spec.path("metrics").isEmpty()) {
            ObjectNode m = NODES.objectNode();
            m.put("type", "Resource");
            ObjectNode r = m.putObject("resource");
            r.put("name", "cpu");
            ObjectNode target = r.putObject("target");
            target.put("type", "Utilization");
            target.put("averageUtilization", 80);
            spec.putArray("metrics").add(m);
        }
    }

    static void networkPolicy(ObjectNode spec) {
        if (!spec.has("policyTypes")) {
            ArrayNode types = spec.putArray("policyTypes");
            types.add("Ingress");
            if (!spec.path("egress").isEmpty()) {
                types.add("Egress");
            }
        }
        for (String dir : List.of("ingress", "egress")) {
            for (JsonNode rule : spec.path(dir)) {
                for (JsonNode p : rule.path("ports")) {
                    putIfAbsent((ObjectNode) p, "protocol", "TCP");
                }
            }
        }
    }

    static void subjects(ObjectNode binding) {
        for (JsonNode s : binding.path("subjects")) {
            ObjectNode subject = (ObjectNode) s;
            String kind = subject.path("kind").asString("");
            if (!subject.has("apiGroup") && (kind.equals("User") || kind.equals("Group"))) {
                subject.put("apiGroup", "rbac.authorization.k8s.io");
            }
        }
    }

    static void webhooks(ObjectNode config, boolean mutating) {
        for (JsonNode w : config.path("webhooks")) {
            ObjectNode hook = (ObjectNode) w;
            putIfAbsent(hook, "failurePolicy", "Fail");
            putIfAbsent(hook, "matchPolicy", "Equivalent");
            if (!hook.has("namespaceSelector")) {
                hook.putObject("namespaceSelector");
            }
            if (!hook.has("objectSelector")) {
                hook.putObject("objectSelector");
            }
            putIfAbsent(hook, "timeoutSeconds", 10);
            if (mutating) {
                putIfAbsent(hook, "reinvocationPolicy", "Never");
            }
            for (JsonNode r : hook.path("rules")) {
                putIfAbsent((ObjectNode) r, "scope", "*");
            }
            if (hook.path("clientConfig").get("service") instanceof ObjectNode svc) {
                putIfAbsent(svc, "port", 443);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static ObjectNode child(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    private static void putIfAbsent(ObjectNode o, String field, String value) {
        if (!o.hasNonNull(field)) {
            o.put(field, value);
        }
    }

    private static void putIfAbsent(ObjectNode o, String field, int value) {
        if (!o.hasNonNull(field)) {
            o.put(field, value);
        }
    }

    private static void putIfAbsent(ObjectNode o, String field, boolean value) {
        if (!o.hasNonNull(field)) {
            o.put(field, value);
        }
    }
}
