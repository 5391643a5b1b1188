package dev.meshstage.backend.sim.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code events.k8s.io/v1} view of the cluster's events: a real server stores one Event and serves it in both
 * groups, so a core/v1 Event is shown with its v1 field names (regarding, note, reportingController, deprecated*).
 */
final class EventsV1 {

    static final String RESOURCE = "events.events.k8s.io";

    private EventsV1() {
    }

    static ObjectNode of(ObjectNode core) {
        ObjectNode e = Json.object();
        e.put("apiVersion", "events.k8s.io/v1");
        e.put("kind", "Event");
        e.set("metadata", core.path("metadata").deepCopy());
        copy(core, "eventTime", e, "eventTime");
        if (!e.has("eventTime")) {
            e.putNull("eventTime");
        }
        copy(core, "series", e, "series");
        String controller = core.path("reportingComponent").asString(core.path("source").path("component").asString(""));
        if (!controller.isEmpty()) {
            e.put("reportingController", controller);
        }
        String instance = core.path("reportingInstance").asString(core.path("source").path("host").asString(""));
        if (!instance.isEmpty()) {
            e.put("reportingInstance", instance);
        }
        copy(core, "action", e, "action");
        copy(core, "reason", e, "reason");
        copy(core, "involvedObject", e, "regarding");
        copy(core, "related", e, "related");
        copy(core, "message", e, "note");
        copy(core, "type", e, "type");
        copy(core, "source", e, "deprecatedSource");
        copy(core, "firstTimestamp", e, "deprecatedFirstTimestamp");
        copy(core, "lastTimestamp", e, "deprecatedLastTimestamp");
        copy(core, "count", e, "deprecatedCount");
        return e;
    }

    /** A field selector of the v1 names in core/v1 terms. */
    static String coreFieldSelector(String selector) {
        return selector == null ? "" : selector.replace("regarding.", "involvedObject.").replace("reportingController", "reportingComponent");
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(as, v.deepCopy());
        }
    }
}
