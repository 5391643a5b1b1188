package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.patch.ApplyConflictException;
import dev.meshstage.backend.sim.patch.LastAppliedTakeover;
import dev.meshstage.backend.sim.patch.ApplyResult;
import dev.meshstage.backend.sim.patch.JsonMergePatch;
import dev.meshstage.backend.sim.patch.JsonPatch;
import dev.meshstage.backend.sim.patch.PatchException;
import dev.meshstage.backend.sim.patch.ServerSideApply;
import dev.meshstage.backend.sim.patch.StrategicMergePatch;
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
    static ApiResponse mapException(RuntimeException e, String groupResource, String name) {
        if (e instanceof ApplyConflictException c) {
            return ApiResponse.json(409, c.toStatus(groupResource, name));
        }
        if (e instanceof PatchException p) {
            int code = p.httpStatus();
            String reason = code == 422 ? "Invalid" : code == 409 ? "Conflict" : code == 415 ? "UnsupportedMediaType" : "BadRequest";
            return ApiResponse.json(code, ApiStatus.failure(code, reason, p.getMessage()));
        }
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
        switch (mediaType) {
            case JSON_PATCH:
                return JsonPatch.apply(live, patch);
            case MERGE_PATCH:
                return JsonMergePatch.apply(live, patch);
            case STRATEGIC:
                if (!(patch instanceof ObjectNode o)) {
                    throw new PatchException(400, "strategic merge patch must be a JSON object");
                }
                return StrategicMergePatch.apply(live, o, live.path("apiVersion").asString(type.apiVersion()),
                        live.path("kind").asString(type.kind()));
            default:
                throw ApiStatus.unsupportedMediaType(mediaType);
        }
    }

    record Applied(ObjectNode object, boolean created) {
    }

    static Applied serverSideApply(ObjectNode liveOrNull, ObjectNode applied, String fieldManager, boolean force, String now) {
        ApplyResult r;
        try {
            r = ServerSideApply.apply(liveOrNull, applied, fieldManager, force, now);
        } catch (ApplyConflictException e) {
            if (force || liveOrNull == null || !LastAppliedTakeover.allowed(liveOrNull, e.conflicts())) {
                throw e;
            }
            r = ServerSideApply.apply(liveOrNull, applied, fieldManager, true, now);
        }
        return new Applied(r.merged(), r.created());
    }

    /** Records a non-apply write in managedFields (no-op until the SSA engine is wired). */
    static ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String fieldManager, String operation, String now) {
        return ServerSideApply.recordUpdate(before, after, fieldManager, operation, now);
    }
}
