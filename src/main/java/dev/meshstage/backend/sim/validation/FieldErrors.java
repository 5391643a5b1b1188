package dev.meshstage.backend.sim.validation;

import dev.meshstage.backend.sim.store.InvalidObject;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The field errors of one object, worded as apimachinery's {@code field.Error} (Invalid, Required, Unsupported). */
final class FieldErrors {

    private final List<InvalidObject.Cause> causes = new ArrayList<>();

    /** {@code Invalid value: 0: must be greater than 0} (a string value in quotes, as Go's %q). */
    void invalid(String field, JsonNode value, String detail) {
        causes.add(new InvalidObject.Cause("FieldValueInvalid", "Invalid value: " + goValue(value) + ": " + detail, field));
    }

    /** {@code Required value} or {@code Required value: must specify …}. */
    void required(String field, String detail) {
        causes.add(new InvalidObject.Cause("FieldValueRequired", detail.isEmpty() ? "Required value" : "Required value: " + detail, field));
    }

    /** {@code Unsupported value: "Bogus": supported values: "Resource", "Pods"}. */
    void unsupported(String field, JsonNode value, List<String> supported) {
        causes.add(new InvalidObject.Cause("FieldValueNotSupported", "Unsupported value: " + goValue(value) + ": supported values: "
                + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")), field));
    }

    boolean isEmpty() {
        return causes.isEmpty();
    }

    List<InvalidObject.Cause> causes() {
        return List.copyOf(causes);
    }

    private static String goValue(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "null";
        }
        return v.isString() ? "\"" + v.asString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : v.toString();
    }
}
