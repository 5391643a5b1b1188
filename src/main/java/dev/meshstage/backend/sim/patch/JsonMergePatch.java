package dev.meshstage.backend.sim.patch;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON merge patch ({@code application/merge-patch+json}): objects merge recursively,
 * {@code null} deletes, everything else (including arrays) replaces. Inputs are not modified.
 */
public final class JsonMergePatch {
    private JsonMergePatch() {
    }

    /**
     * Applies a merge patch to a Kubernetes object.
     *
     * @throws PatchException 400 when the patch is not a JSON object (a Kubernetes object cannot be
     *                        replaced by a non-object)
     */
    public static ObjectNode apply(ObjectNode original, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw PatchException.malformed("merge patch must be a JSON object, got: " + patch);
        }
        return (ObjectNode) merge(original == null ? Json.obj() : original, patch);
    }

    /** The general RFC 7386 algorithm on any JSON values. */
    public static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.obj();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
