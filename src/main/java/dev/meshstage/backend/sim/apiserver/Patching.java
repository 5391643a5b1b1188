package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The PATCH content types, applied to a live object. */
final class Patching {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";
    static final String APPLY = "application/apply-patch+yaml";

    private Patching() {
    }

    private static final java.util.Set<String> BUILTIN = new java.util.HashSet<>(
            new dev.meshstage.backend.sim.store.ResourceRegistry().all().stream().map(ResourceType::groupResource).toList());

    /** A kind served from a CRD (strategic merge patch does not apply to these, as on a real server). */
    static boolean isCustom(ResourceType type) {
        return !BUILTIN.contains(type.groupResource());
    }

    /** Maps errors of the patch engines to responses; null for anything else. */
    static ApiResponse mapException(RuntimeException e) {
        return null;
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase();
    }

    /** Applies a JSON, merge or strategic-merge patch; apply patches go through {@link #serverSideApply}. */
    static ObjectNode patch(String mediaType, ObjectNode live, JsonNode patch, ResourceType type) {
        throw ApiStatus.unsupportedMediaType(mediaType);
    }

    record Applied(ObjectNode object, boolean created) {
    }

    static Applied serverSideApply(ObjectNode liveOrNull, ObjectNode applied, String fieldManager, boolean force, String now) {
        throw ApiStatus.unsupportedMediaType(APPLY);
    }

    /** Records a non-apply write in managedFields (no-op until the SSA engine is wired). */
    static ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String fieldManager, String operation, String now) {
        return after;
    }
}
