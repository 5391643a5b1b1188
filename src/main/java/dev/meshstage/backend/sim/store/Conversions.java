package dev.meshstage.backend.sim.store;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Versions of a built-in kind whose schema differs from the stored one, converted on the way in and out as
 * kube-apiserver's conversion functions do. Only {@code autoscaling/v1} HorizontalPodAutoscaler today (stored as
 * v2): {@code targetCPUUtilizationPercentage} is the v2 CPU utilization metric, {@code currentCPUUtilizationPercentage}
 * its current value.
 */
final class Conversions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Conversions() {
    }

    static boolean converted(ResourceType type) {
        return type.groupResource().equals("horizontalpodautoscalers.autoscaling") && type.version().equals("v1");
    }

    /** A v1 object as the stored (v2) one. */
    static ObjectNode toStorage(ObjectNode v1) {
        ObjectNode v2 = v1.deepCopy();
        v2.put("apiVersion", "autoscaling/v2");
        if (v2.get("spec") instanceof ObjectNode spec) {
            JsonNode target = spec.remove("targetCPUUtilizationPercentage");
            if (target != null && target.isNumber()) {
                ObjectNode metric = spec.putArray("metrics").addObject();
                metric.put("type", "Resource");
                ObjectNode resource = metric.putObject("resource");
                resource.put("name", "cpu");
                ObjectNode t = resource.putObject("target");
                t.put("type", "Utilization");
                t.put("averageUtilization", target.asInt());
            }
        }
        if (v2.get("status") instanceof ObjectNode status) {
            JsonNode current = status.remove("currentCPUUtilizationPercentage");
            if (current != null && current.isNumber()) {
                ObjectNode metric = status.putArray("currentMetrics").addObject();
                metric.put("type", "Resource");
                ObjectNode resource = metric.putObject("resource");
                resource.put("name", "cpu");
                resource.putObject("current").put("averageUtilization", current.asInt());
            }
        }
        return v2;
    }

    /** The stored (v2) object as v1 sees it. */
    static ObjectNode fromStorage(ObjectNode v2) {
        ObjectNode v1 = v2.deepCopy();
        v1.put("apiVersion", "autoscaling/v1");
        if (v1.get("spec") instanceof ObjectNode spec) {
            JsonNode metrics = spec.remove("metrics");
            spec.remove("behavior");
            Integer cpu = cpuUtilization(metrics, "target");
            if (cpu != null) {
                spec.put("targetCPUUtilizationPercentage", cpu);
            }
        }
        if (v1.get("status") instanceof ObjectNode status) {
            JsonNode metrics = status.remove("currentMetrics");
            status.remove("conditions");
            Integer cpu = cpuUtilization(metrics, "current");
            if (cpu != null) {
                status.put("currentCPUUtilizationPercentage", cpu);
            }
        }
        return v1;
    }

    private static Integer cpuUtilization(JsonNode metrics, String field) {
        if (!(metrics instanceof ArrayNode list)) {
            return null;
        }
        for (JsonNode m : list) {
            JsonNode r = m.path("resource");
            if (m.path("type").asString("").equals("Resource") && r.path("name").asString("").equals("cpu")
                    && r.path(field).has("averageUtilization")) {
                return r.path(field).path("averageUtilization").asInt();
            }
        }
        return null;
    }
}
