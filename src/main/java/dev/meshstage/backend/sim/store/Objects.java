package dev.meshstage.backend.sim.store;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Small accessors for the metadata of a Kubernetes object held as a JSON tree. */
public final class Objects {

    private Objects() {
    }

    public static ObjectNode metadata(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m instanceof ObjectNode o) {
            return o;
        }
        return obj.putObject("metadata");
    }

    public static String name(JsonNode obj) {
        return obj.path("metadata").path("name").asString("");
    }

    public static String namespace(JsonNode obj) {
        return obj.path("metadata").path("namespace").asString("");
    }

    public static String uid(JsonNode obj) {
        return obj.path("metadata").path("uid").asString("");
    }

    public static long resourceVersion(JsonNode obj) {
        String rv = obj.path("metadata").path("resourceVersion").asString("");
        return rv.isEmpty() ? 0 : Long.parseLong(rv);
    }

    public static String label(JsonNode obj, String key) {
        JsonNode v = obj.path("metadata").path("labels").get(key);
        return v == null || v.isNull() ? null : v.asString();
    }

    public static String annotation(JsonNode obj, String key) {
        JsonNode v = obj.path("metadata").path("annotations").get(key);
        return v == null || v.isNull() ? null : v.asString();
    }

    /** Dotted field lookup as field selectors use it ({@code spec.nodeName}, {@code involvedObject.kind}). */
    public static String field(JsonNode obj, String dottedPath) {
        JsonNode n = obj;
        for (String part : dottedPath.split("\\.")) {
            n = n.path(part);
        }
        return n.isMissingNode() || n.isNull() ? "" : n.asString();
    }
}
