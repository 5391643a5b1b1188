package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The HPA controller against the sim's idle workloads: the target's replicas kept within
 * {@code [minReplicas, maxReplicas]}, a CPU utilization that is low and steady (the simulated apps only answer
 * probes) when the pods request CPU, and the real conditions otherwise ({@code FailedGetResourceMetric}: missing
 * request for cpu), so {@code kubectl autoscale} / {@code get hpa} / {@code describe hpa} look as on kind.
 */
public final class HorizontalPodAutoscalerController implements SimController {

    private static final String COMPONENT = "horizontal-pod-autoscaler";
    private static final List<String> TARGET_KINDS = List.of("Deployment", "StatefulSet", "ReplicaSet");

    @Override
    public String name() {
        return COMPONENT;
    }

    @Override
    public String fieldManager() {
        return "kube-controller-manager";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("autoscaling/v2", "HorizontalPodAutoscaler"), registry.require("apps/v1", "Deployment"),
                registry.require("apps/v1", "StatefulSet"), registry.require("apps/v1", "ReplicaSet"), registry.require("v1", "Pod"));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        String kind = e.object().path("kind").asString();
        if (kind.equals("HorizontalPodAutoscaler")) {
            if (e.type() != WatchEvent.Type.DELETED) {
                enqueue(ctx, e.namespace(), e.name());
            }
            return;
        }
        ResourceType hpas = ctx.type("autoscaling/v2", "HorizontalPodAutoscaler");
        for (ObjectNode hpa : ctx.store().list(hpas, e.namespace())) {
            JsonNode ref = hpa.path("spec").path("scaleTargetRef");
            // a pod's change (its CPU request, its replacement) is looked at by every HPA of its namespace
            if (kind.equals("Pod") || ref.path("kind").asString().equals(kind) && ref.path("name").asString().equals(e.name())) {
                enqueue(ctx, e.namespace(), hpa.path("metadata").path("name").asString());
            }
        }
    }

    private void enqueue(ControllerContext ctx, String ns, String name) {
        ctx.enqueue("hpa/" + ns + "/" + name, () -> reconcile(ctx, ns, name));
    }

    void reconcile(ControllerContext ctx, String ns, String name) {
        ResourceType hpas = ctx.type("autoscaling/v2", "HorizontalPodAutoscaler");
        ObjectNode hpa = ctx.store().find(hpas, ns, name);
        if (hpa == null) {
            return;
        }
        JsonNode spec = hpa.path("spec");
        JsonNode ref = spec.path("scaleTargetRef");
        String kind = ref.path("kind").asString("");
        ResourceType targetType = TARGET_KINDS.contains(kind)
                ? ctx.registry().byKind(ref.path("apiVersion").asString("apps/v1"), kind).orElse(null) : null;
        ObjectNode target = targetType == null ? null : ctx.store().find(targetType, ns, ref.path("name").asString(""));
        ObjectNode status = Json.object();
        ArrayNode conditions = Json.array();
        String now = Json.ts(ctx.now());
        if (target == null) {
            status.put("currentReplicas", 0);
            status.put("desiredReplicas", 0);
            condition(conditions, hpa, "AbleToScale", "False", "FailedGetScale", "the HPA controller was unable to get the target's "
                    + "current scale: " + (targetType == null ? kind.toLowerCase() : targetType.groupResource()) + " \""
                    + ref.path("name").asString("") + "\" not found", now);
            write(ctx, hpas, hpa, status, conditions);
            return;
        }
        int current = target.path("spec").path("replicas").asInt(1);
        int min = spec.path("minReplicas").asInt(1);
        int max = spec.path("maxReplicas").asInt(min);
        Integer targetUtilization = cpuTarget(spec);
        String missing = targetUtilization == null ? null : missingCpuRequest(ctx, ns, target);
        int desired = current;
        Integer utilization = null;
        if (targetUtilization != null && missing == null) {
            utilization = 1 + (int) Math.floorMod(Json.hash(ctx.seed(), ns + "/" + name), 9L);
            desired = current == 0 ? 0 : (int) Math.ceil(current * (double) utilization / targetUtilization);
        }
        int bounded = Math.max(min, Math.min(max, desired));
        status.put("currentReplicas", target.path("status").path("replicas").asInt(current));
        status.put("desiredReplicas", bounded);
        if (utilization != null) {
            ObjectNode m = status.putArray("currentMetrics").addObject();
            m.put("type", "Resource");
            ObjectNode r = m.putObject("resource");
            r.put("name", "cpu");
            ObjectNode cur = r.putObject("current");
            cur.put("averageUtilization", utilization);
            cur.put("averageValue", utilization + "m");
        }
        condition(conditions, hpa, "AbleToScale", "True", bounded == current ? "ReadyForNewScale" : "SucceededRescale",
                bounded == current ? "recommended size matches current size" : "the HPA controller was able to update the target scale to " + bounded, now);
        if (missing != null) {
            condition(conditions, hpa, "ScalingActive", "False", "FailedGetResourceMetric",
                    "the HPA was unable to compute the replica count: failed to get cpu utilization: " + missing, now);
        } else {
            condition(conditions, hpa, "ScalingActive", "True", "ValidMetricFound",
                    "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", now);
        }
        if (desired < min) {
            condition(conditions, hpa, "ScalingLimited", "True", "TooFewReplicas", "the desired replica count is less than the minimum replica count", now);
        } else if (desired > max) {
            condition(conditions, hpa, "ScalingLimited", "True", "TooManyReplicas", "the desired replica count is more than the maximum replica count", now);
        } else {
            condition(conditions, hpa, "ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range", now);
        }
        JsonNode wasActive = Json.condition(hpa, "ScalingActive");
        if (missing != null && (wasActive == null || !wasActive.path("reason").asString("").equals("FailedGetResourceMetric"))) {
            ctx.events().warning(COMPONENT, null, hpa, "FailedGetResourceMetric", "failed to get cpu utilization: " + missing);
        }
        if (bounded != current) {
            ctx.events().normal(COMPONENT, null, hpa, "SuccessfulRescale", "New size: " + bounded + "; reason: "
                    + (desired < min ? "Current number of replicas below Spec.MinReplicas"
                    : desired > max ? "Current number of replicas above Spec.MaxReplicas" : "All metrics below target"));
            Json.child(target, "spec").put("replicas", bounded);
            ctx.store().update(targetType, ns, target.path("metadata").path("name").asString(), target);
            status.put("lastScaleTime", now);
        } else if (hpa.path("status").has("lastScaleTime")) {
            status.set("lastScaleTime", hpa.path("status").get("lastScaleTime").deepCopy());
        }
        write(ctx, hpas, hpa, status, conditions);
    }

    private static void write(ControllerContext ctx, ResourceType hpas, ObjectNode hpa, ObjectNode status, ArrayNode conditions) {
        status.set("conditions", conditions);
        if (status.equals(hpa.path("status"))) {
            return;
        }
        hpa.set("status", status);
        ctx.store().updateStatus(hpas, hpa.path("metadata").path("namespace").asString(), hpa.path("metadata").path("name").asString(), hpa);
    }

    /** A condition, keeping its transition time while its status stays the same. */
    private static void condition(ArrayNode conditions, ObjectNode hpa, String type, String status, String reason, String message, String now) {
        String since = now;
        for (JsonNode old : hpa.path("status").path("conditions")) {
            if (old.path("type").asString().equals(type) && old.path("status").asString().equals(status)) {
                since = old.path("lastTransitionTime").asString(now);
            }
        }
        ObjectNode c = conditions.addObject();
        c.put("lastTransitionTime", since);
        c.put("message", message);
        c.put("reason", reason);
        c.put("status", status);
        c.put("type", type);
    }

    private static Integer cpuTarget(JsonNode spec) {
        for (JsonNode m : spec.path("metrics")) {
            JsonNode r = m.path("resource");
            if (m.path("type").asString("").equals("Resource") && r.path("name").asString("").equals("cpu")
                    && r.path("target").has("averageUtilization")) {
                return r.path("target").path("averageUtilization").asInt();
            }
        }
        return null;
    }

    /** {@code missing request for cpu in container "c" of Pod "p"} when a target pod's container requests no CPU. */
    private static String missingCpuRequest(ControllerContext ctx, String ns, ObjectNode target) {
        LabelSelector selector = LabelSelector.fromJson(target.path("spec").path("selector"));
        for (ObjectNode pod : ctx.store().list(ctx.type("v1", "Pod"), ns)) {
            if (!selector.matches(pod)) {
                continue;
            }
            for (JsonNode c : pod.path("spec").path("containers")) {
                if (!c.path("resources").path("requests").has("cpu")) {
                    return "missing request for cpu in container \"" + c.path("name").asString() + "\" of Pod \""
                            + pod.path("metadata").path("name").asString() + "\"";
                }
            }
        }
        return null;
    }
}
