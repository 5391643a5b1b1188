package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pod and node rules shared by the scheduler, the kubelet and the workload controllers. */
public final class Pods {

    private Pods() {
    }

    public static boolean terminal(JsonNode pod) {
        String phase = pod.path("status").path("phase").asString("");
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    public static boolean deleting(JsonNode obj) {
        return obj.path("metadata").has("deletionTimestamp");
    }

    /** Not finished and not being deleted: counts towards a controller's replicas. */
    public static boolean active(JsonNode pod) {
        return !terminal(pod) && !deleting(pod);
    }

    public static boolean ready(JsonNode pod) {
        return Json.conditionTrue(pod, "Ready");
    }

    /** Ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean available(JsonNode pod, int minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Instant since = Json.parseTime(Json.condition(pod, "Ready").path("lastTransitionTime"));
        return since == null || !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    /** Pods in {@code ns} whose controlling owner has {@code ownerUid}. */
    public static List<ObjectNode> owned(ObjectStore store, ResourceType pods, String ns, String ownerUid) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : store.listReadOnly(pods, ns, LabelSelector.everything(), FieldSelector.everything()).items()) {
            if (Json.controllerUid(p).equals(ownerUid)) {
                out.add(p.deepCopy()); // the caller may change it; only the owned ones are copied
            }
        }
        return out;
    }

    /**
     * The same, as the store's own objects, for a caller that only reads them: a ReplicaSet of 2,000 replicas is
     * reconciled after each of its pods' writes, and copying every pod each time made that quadratic.
     */
    public static List<ObjectNode> ownedReadOnly(ObjectStore store, ResourceType pods, String ns, String ownerUid) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : store.listReadOnly(pods, ns, LabelSelector.everything(), FieldSelector.everything()).items()) {
            if (Json.controllerUid(p).equals(ownerUid)) {
                out.add(p);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- taints and tolerations

    public static boolean tolerates(JsonNode tolerations, JsonNode taint) {
        for (JsonNode t : tolerations) {
            String key = t.path("key").asString("");
            String op = t.path("operator").asString("Equal");
            String effect = t.path("effect").asString("");
            if (!effect.isEmpty() && !effect.equals(taint.path("effect").asString())) {
                continue;
            }
            if (key.isEmpty() && op.equals("Exists")) {
                return true;
            }
            if (!key.equals(taint.path("key").asString())) {
                continue;
            }
            if (op.equals("Exists") || t.path("value").asString("").equals(taint.path("value").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** The first NoSchedule/NoExecute taint of {@code node} that {@code podSpec} does not tolerate, or null. */
    public static JsonNode untoleratedTaint(JsonNode podSpec, JsonNode node) {
        for (JsonNode taint : node.path("spec").path("taints")) {
            String effect = taint.path("effect").asString();
            if ((effect.equals("NoSchedule") || effect.equals("NoExecute")) && !tolerates(podSpec.path("tolerations"), taint)) {
                return taint;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- node selection

    public static boolean matchesNodeSelector(JsonNode podSpec, JsonNode node) {
        Map<String, String> labels = LabelSelector.labelsOf(node);
        for (var e : Json.stringMap(podSpec.path("nodeSelector")).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        JsonNode required = podSpec.path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution");
        if (required.isMissingNode() || required.isNull()) {
            return true;
        }
        return matchesNodeSelectorTerms(required.path("nodeSelectorTerms"), node);
    }

    /** ORed terms, each ANDing matchExpressions (labels) and matchFields (metadata.name). */
    public static boolean matchesNodeSelectorTerms(JsonNode terms, JsonNode node) {
        if (!terms.isArray() || terms.isEmpty()) {
            return false;
        }
        Map<String, String> labels = LabelSelector.labelsOf(node);
        for (JsonNode term : terms) {
            boolean ok = true;
            for (JsonNode expr : term.path("matchExpressions")) {
                ok &= matchExpr(expr, labels.get(expr.path("key").asString()));
            }
            for (JsonNode expr : term.path("matchFields")) {
                String v = expr.path("key").asString().equals("metadata.name") ? node.path("metadata").path("name").asString() : null;
                ok &= matchExpr(expr, v);
            }
            if (ok && (term.has("matchExpressions") || term.has("matchFields"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchExpr(JsonNode expr, String value) {
        List<String> values = new ArrayList<>();
        expr.path("values").forEach(v -> values.add(v.asString()));
        return switch (expr.path("operator").asString()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> value != null && !values.isEmpty() && parse(value) > parse(values.get(0));
            case "Lt" -> value != null && !values.isEmpty() && parse(value) < parse(values.get(0));
            default -> false;
        };
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    public static boolean nodeReady(JsonNode node) {
        return Json.conditionTrue(node, "Ready") && !node.path("spec").path("unschedulable").asBoolean(false);
    }

    // ---------------------------------------------------------------- templates

    /** A pod built from a workload's {@code spec.template}. */
    public static ObjectNode fromTemplate(JsonNode template, String namespace, JsonNode owner) {
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        JsonNode tmeta = template.path("metadata");
        if (tmeta.path("labels").isObject()) {
            meta.set("labels", tmeta.path("labels").deepCopy());
        }
        if (tmeta.path("annotations").isObject()) {
            meta.set("annotations", tmeta.path("annotations").deepCopy());
        }
        meta.put("namespace", namespace);
        if (owner != null) {
            meta.putArray("ownerReferences").add(Json.controllerRef(owner));
        }
        ObjectNode spec = template.path("spec").isObject() ? (ObjectNode) template.path("spec").deepCopy() : Json.object();
        defaultPodSpec(spec);
        pod.set("spec", spec);
        return pod;
    }

    /** The defaults the API server fills into a pod spec. */
    public static void defaultPodSpec(ObjectNode spec) {
        if (!spec.has("restartPolicy")) {
            spec.put("restartPolicy", "Always");
        }
        if (!spec.has("dnsPolicy")) {
            spec.put("dnsPolicy", "ClusterFirst");
        }
        if (!spec.has("schedulerName")) {
            spec.put("schedulerName", "default-scheduler");
        }
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        if (!spec.has("serviceAccountName")) {
            spec.put("serviceAccountName", spec.path("serviceAccount").asString("default"));
        }
        if (!spec.has("serviceAccount")) {
            spec.put("serviceAccount", spec.path("serviceAccountName").asString());
        }
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        if (!spec.has("enableServiceLinks")) {
            spec.put("enableServiceLinks", true);
        }
        if (!spec.has("preemptionPolicy")) {
            spec.put("preemptionPolicy", "PreemptLowerPriority");
        }
        if (!spec.has("priority")) {
            String pc = spec.path("priorityClassName").asString("");
            spec.put("priority", pc.equals("system-node-critical") ? 2000001000 : pc.equals("system-cluster-critical") ? 2000000000 : 0);
        }
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                ObjectNode co = (ObjectNode) c;
                String image = co.path("image").asString("");
                if (!co.has("imagePullPolicy")) {
                    co.put("imagePullPolicy", ImageCatalogue.isLatest(image) ? "Always" : "IfNotPresent");
                }
                if (!co.has("terminationMessagePath")) {
                    co.put("terminationMessagePath", "/dev/termination-log");
                }
                if (!co.has("terminationMessagePolicy")) {
                    co.put("terminationMessagePolicy", "File");
                }
                if (!co.has("resources")) {
                    co.putObject("resources");
                }
                for (JsonNode p : co.path("ports")) {
                    if (!p.has("protocol")) {
                        ((ObjectNode) p).put("protocol", "TCP");
                    }
                }
            }
        }
        ArrayNode t = Json.childArray(spec, "tolerations");
        for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
            if (!tolerates(t, Json.map("key", key, "effect", "NoExecute"))) {
                ObjectNode tol = t.addObject();
                tol.put("key", key);
                tol.put("operator", "Exists");
                tol.put("effect", "NoExecute");
                tol.put("tolerationSeconds", 300);
            }
        }
    }

    /** The container port number a Service targetPort (number or name) resolves to in this pod, or -1. */
    public static int resolvePort(JsonNode pod, JsonNode targetPort, String protocol) {
        if (targetPort.isNumber()) {
            return targetPort.asInt();
        }
        String name = targetPort.asString("");
        if (name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (p.path("name").asString("").equals(name) && p.path("protocol").asString("TCP").equals(protocol)) {
                    return p.path("containerPort").asInt();
                }
            }
        }
        return -1;
    }
}
