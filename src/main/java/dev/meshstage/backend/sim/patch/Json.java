package dev.meshstage.backend.sim.patch;

import java.util.Iterator;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers on Jackson 3 trees shared by the patch modules. */
public final class Json {
    public static final JsonNodeFactory F = JsonNodeFactory.instance;
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static ObjectNode obj() {
        return F.objectNode();
    }

    public static ArrayNode arr() {
        return F.arrayNode();
    }

    /** Parses JSON text into a tree (test and caller convenience). */
    public static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }

    public static ObjectNode parseObject(String json) {
        JsonNode n = parse(json);
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        return o;
    }

    public static String write(JsonNode n) {
        return MAPPER.writeValueAsString(n);
    }

    /** Deep equality that treats numbers by value (3 == 3L == 3.0). */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a == null || a.isMissingNode()) {
            return b == null || b.isMissingNode();
        }
        if (b == null || b.isMissingNode()) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!same(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<JsonNode> ia = a.values().iterator();
            Iterator<JsonNode> ib = b.values().iterator();
            while (ia.hasNext()) {
                if (!same(ia.next(), ib.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Text of a string/number/boolean node at a dotted path, or {@code null}. */
    public static String text(JsonNode root, String... path) {
        JsonNode n = at(root, path);
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainer()) {
            return null;
        }
        return n.asString();
    }

    public static JsonNode at(JsonNode root, String... path) {
        JsonNode n = root;
        for (String p : path) {
            if (n == null) {
                return null;
            }
            n = n.get(p);
        }
        return n;
    }
}
