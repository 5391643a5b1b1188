package dev.meshstage.backend.sim.controller;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small helpers for building and reading Kubernetes objects as JSON trees. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Parses JSON, accepting single quotes for brevity in literals. */
    public static ObjectNode parse(String json) {
        return (ObjectNode) MAPPER.readTree(json);
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** A new object with {@code apiVersion}, {@code kind} and {@code metadata.name/namespace}. */
    public static ObjectNode newObject(String apiVersion, String kind, String namespace, String name) {
        ObjectNode o = object();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name);
        if (namespace != null && !namespace.isEmpty()) {
            meta.put("namespace", namespace);
        }
        return o;
    }

    public static ObjectNode labels(ObjectNode obj) {
        return child(meta(obj), "labels");
    }

    public static ObjectNode annotations(ObjectNode obj) {
        return child(meta(obj), "annotations");
    }

    public static ObjectNode meta(ObjectNode obj) {
        return child(obj, "metadata");
    }

    /** The object child {@code name}, created when absent. */
    public static ObjectNode child(ObjectNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(name);
    }

    public static ArrayNode childArray(ObjectNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n instanceof ArrayNode a) {
            return a;
        }
        return parent.putArray(name);
    }

    public static ObjectNode map(String... kv) {
        ObjectNode o = object();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    public static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> m = new TreeMap<>();
        if (n != null && n.isObject()) {
            n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asString()));
        }
        return m;
    }

    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }

    /** A copy with object keys sorted recursively: equal content gives equal text. */
    public static JsonNode canonical(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = object();
            new TreeMap<String, JsonNode>(toMap(n)).forEach((k, v) -> out.set(k, canonical(v)));
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = array();
            n.forEach(e -> out.add(canonical(e)));
            return out;
        }
        return n;
    }

    private static Map<String, JsonNode> toMap(JsonNode n) {
        Map<String, JsonNode> m = new TreeMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    public static String ts(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** RFC 3339 with microseconds, as Kubernetes writes MicroTime. */
    public static String micro(Instant t) {
        Instant m = t.truncatedTo(ChronoUnit.MICROS);
        String s = m.toString();
        if (m.getNano() == 0) {
            return s.replace("Z", ".000000Z");
        }
        int dot = s.indexOf('.');
        String frac = s.substring(dot + 1, s.length() - 1);
        return s.substring(0, dot + 1) + (frac + "000000").substring(0, 6) + "Z";
    }

    public static Instant parseTime(JsonNode n) {
        String s = n == null ? "" : n.asString("");
        return s.isEmpty() ? null : Instant.parse(s);
    }

    public static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stable 64-bit hash (FNV-1a mixed with a seed). */
    public static long hash(long seed, String key) {
        long h = 0xcbf29ce484222325L ^ (seed * 0x9E3779B97F4A7C15L);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Sets condition {@code type} in {@code status.conditions}; keeps its lastTransitionTime when the status
     * does not change. Returns true when anything changed.
     */
    public static boolean setCondition(ObjectNode status, String type, String value, String reason, String message,
            Instant now, boolean withProbeTime, boolean withUpdateTime) {
        ArrayNode conds = childArray(status, "conditions");
        ObjectNode existing = null;
        for (JsonNode c : conds) {
            if (c.path("type").asString().equals(type)) {
                existing = (ObjectNode) c;
            }
        }
        ObjectNode c = object();
        c.put("type", type);
        c.put("status", value);
        if (withProbeTime) {
            c.putNull("lastProbeTime");
        }
        if (withUpdateTime) {
            String upd = existing != null && value.equals(existing.path("status").asString())
                    && java.util.Objects.equals(reason, existing.path("reason").asString(null))
                    && java.util.Objects.equals(message, existing.path("message").asString(null))
                    ? existing.path("lastUpdateTime").asString(ts(now)) : ts(now);
            c.put("lastUpdateTime", upd);
        }
        String transition = existing != null && value.equals(existing.path("status").asString())
                ? existing.path("lastTransitionTime").asString(ts(now)) : ts(now);
        c.put("lastTransitionTime", transition);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        if (existing != null) {
            if (existing.equals(c)) {
                return false;
            }
            existing.removeAll();
            existing.setAll(c);
            return true;
        }
        conds.add(c);
        return true;
    }

    public static JsonNode condition(JsonNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c;
            }
        }
        return null;
    }

    public static boolean conditionTrue(JsonNode obj, String type) {
        JsonNode c = condition(obj, type);
        return c != null && "True".equals(c.path("status").asString());
    }

    /** An ownerReference to {@code owner} with controller=true and blockOwnerDeletion=true. */
    public static ObjectNode controllerRef(JsonNode owner) {
        ObjectNode ref = object();
        ref.put("apiVersion", owner.path("apiVersion").asString());
        ref.put("kind", owner.path("kind").asString());
        ref.put("name", owner.path("metadata").path("name").asString());
        ref.put("uid", owner.path("metadata").path("uid").asString());
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    /** The uid of the controlling owner, or "" when none. */
    public static String controllerUid(JsonNode obj) {
        for (JsonNode r : obj.path("metadata").path("ownerReferences")) {
            if (r.path("controller").asBoolean(false)) {
                return r.path("uid").asString("");
            }
        }
        return "";
    }

    public static JsonNode controllerOf(JsonNode obj) {
        for (JsonNode r : obj.path("metadata").path("ownerReferences")) {
            if (r.path("controller").asBoolean(false)) {
                return r;
            }
        }
        return null;
    }
}
