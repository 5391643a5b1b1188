package dev.meshstage.backend.sim.validation;

import dev.meshstage.backend.sim.store.InvalidObject;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import java.util.List;

/**
 * What a 1.34 API server refuses on write (the {@code ValidateX} functions of {@code pkg/apis/<group>/validation}),
 * after defaulting, for the kinds where a learner meets it: a 422 {@link InvalidObject} with every field error.
 * Pure; run by the API server's admission.
 */
public final class ApiValidation {

    private static final List<String> METRIC_SOURCE_TYPES = List.of("ContainerResource", "External", "Object", "Pods", "Resource");

    private ApiValidation() {
    }

    /** Throws {@link InvalidObject} when {@code obj}, as it would be stored, breaks a rule of its kind. */
    public static void validate(ResourceType type, ObjectNode obj) {
        FieldErrors errors = new FieldErrors();
        switch (type.groupResource()) {
            case "horizontalpodautoscalers.autoscaling" -> horizontalPodAutoscaler(obj.path("spec"), errors);
            default -> { }
        }
        if (!errors.isEmpty()) {
            throw new InvalidObject(type.group(), type.kind(), obj.path("metadata").path("name").asString(""), errors.causes());
        }
    }

    // ------------------------------------------------------------------ autoscaling (stored as v2)

    static void horizontalPodAutoscaler(JsonNode spec, FieldErrors errors) {
        JsonNode ref = spec.path("scaleTargetRef");
        if (ref.path("kind").asString("").isEmpty()) {
            errors.required("spec.scaleTargetRef.kind", "");
        }
        if (ref.path("name").asString("").isEmpty()) {
            errors.required("spec.scaleTargetRef.name", "");
        }
        JsonNode min = spec.path("minReplicas");
        JsonNode max = spec.path("maxReplicas").isNumber() ? spec.path("maxReplicas") : IntNode.valueOf(0); // Go's zero value
        if (min.isNumber() && min.asLong() < 1) {
            errors.invalid("spec.minReplicas", min, "must be greater than or equal to 1");
        }
        if (max.asLong() < 1) {
            errors.invalid("spec.maxReplicas", max, "must be greater than 0");
        }
        if (min.isNumber() && max.asLong() < min.asLong()) {
            errors.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`");
        }
        int i = 0;
        for (JsonNode m : spec.path("metrics")) {
            metric(m, "spec.metrics[" + i++ + "]", errors);
        }
    }

    private static void metric(JsonNode m, String path, FieldErrors errors) {
        String type = m.path("type").asString("");
        if (type.isEmpty()) {
            errors.required(path + ".type", "must specify a metric source type");
            return;
        }
        if (!METRIC_SOURCE_TYPES.contains(type)) {
            errors.unsupported(path + ".type", m.path("type"), METRIC_SOURCE_TYPES);
            return;
        }
        String source = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        if (!m.path(source).isObject()) {
            errors.required(path + "." + source, "must populate information for the given metric source");
            return;
        }
        if (type.equals("Resource") || type.equals("ContainerResource")) {
            JsonNode src = m.path(source);
            if (src.path("name").asString("").isEmpty()) {
                errors.required(path + "." + source + ".name", "must specify a resource name");
            }
            JsonNode target = src.path("target");
            target(target, path + "." + source + ".target", errors);
            if (!target.has("averageUtilization") && !target.has("averageValue")) {
                errors.required(path + "." + source + ".target.averageUtilization", "must set either a target raw value or a target utilization");
            }
            if (target.has("averageUtilization") && target.has("averageValue")) {
                errors.invalid(path + "." + source + ".target.averageValue", target.path("averageValue"),
                        "may not set both a target raw value and a target utilization");
            }
        }
    }

    private static void target(JsonNode target, String path, FieldErrors errors) {
        String type = target.path("type").asString("");
        if (type.isEmpty()) {
            errors.required(path + ".type", "must specify a metric target type");
        }
        if (!List.of("Utilization", "Value", "AverageValue").contains(type)) {
            errors.invalid(path + ".type", target.path("type").isMissingNode() ? StringNode.valueOf("") : target.path("type"),
                    "must be either Utilization, Value, or AverageValue");
        }
        JsonNode utilization = target.path("averageUtilization");
        if (utilization.isNumber() && utilization.asLong() < 1) {
            errors.invalid(path + ".averageUtilization", utilization, "must be greater than 0");
        }
    }
}
