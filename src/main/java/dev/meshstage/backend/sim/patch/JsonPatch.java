package dev.meshstage.backend.sim.patch;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch ({@code application/json-patch+json}) with RFC 6901 JSON Pointers
 * ({@code ~1} = {@code /}, {@code ~0} = {@code ~}; {@code -} appends to an array).
 * Operations: add, remove, replace, move, copy, test. The patch is applied atomically: the input is not
 * modified and nothing is returned on error.
 *
 * <p>Errors: 400 when the patch document is malformed (not an array, operation not an object, unknown
 * {@code op}, missing {@code path}/{@code from}/{@code value}, bad pointer syntax); 422 when a well-formed
 * operation cannot be applied (missing target, index out of range, failed {@code test}).
 */
public final class JsonPatch {
    private JsonPatch() {
    }

    public static ObjectNode apply(ObjectNode original, JsonNode patch) {
        JsonNode r = applyTo(original == null ? Json.obj() : original, patch);
        if (!r.isObject()) {
            throw PatchException.invalid("result of JSON patch is not an object");
        }
        return (ObjectNode) r;
    }

    /** Applies the patch to any JSON document. */
    public static JsonNode applyTo(JsonNode document, JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw PatchException.malformed("json patch must be a JSON array of operations");
        }
        JsonNode doc = document.deepCopy();
        int i = 0;
        for (JsonNode op : patch.values()) {
            if (!op.isObject()) {
                throw PatchException.malformed("json patch operation " + i + " is not an object");
            }
            String name = str(op, "op", i);
            List<String> path = pointer(str(op, "path", i));
            switch (name) {
                case "add" -> doc = add(doc, path, value(op, i).deepCopy());
                case "remove" -> doc = remove(doc, path);
                case "replace" -> {
                    get(doc, path, "replace");
                    doc = remove(doc, path);
                    doc = add(doc, path, value(op, i).deepCopy());
                }
                case "move" -> {
                    List<String> from = pointer(str(op, "from", i));
                    if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
                        throw PatchException.invalid("move: 'from' " + op.get("from").asString()
                                + " is a proper prefix of 'path'");
                    }
                    JsonNode v = get(doc, from, "move").deepCopy();
                    doc = remove(doc, from);
                    doc = add(doc, path, v);
                }
                case "copy" -> {
                    List<String> from = pointer(str(op, "from", i));
                    doc = add(doc, path, get(doc, from, "copy").deepCopy());
                }
                case "test" -> {
                    JsonNode actual = get(doc, path, "test");
                    if (!Json.same(actual, value(op, i))) {
                        throw PatchException.invalid("testing value " + op.get("path").asString() + " failed");
                    }
                }
                default -> throw PatchException.malformed("Unexpected kind: " + name);
            }
            i++;
        }
        return doc;
    }

    private static String str(JsonNode op, String field, int i) {
        JsonNode v = op.get(field);
        if (v == null || !v.isString()) {
            throw PatchException.malformed("json patch operation " + i + ": missing or non-string '" + field + "'");
        }
        return v.asString();
    }

    private static JsonNode value(JsonNode op, int i) {
        JsonNode v = op.get("value");
        if (v == null) {
            throw PatchException.malformed("json patch operation " + i + ": missing 'value'");
        }
        return v;
    }

    /** Parses an RFC 6901 pointer into unescaped reference tokens. */
    public static List<String> pointer(String p) {
        List<String> out = new ArrayList<>();
        if (p.isEmpty()) {
            return out;
        }
        if (!p.startsWith("/")) {
            throw PatchException.malformed("invalid JSON pointer: " + p);
        }
        for (String tok : p.substring(1).split("/", -1)) {
            out.add(tok.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode get(JsonNode doc, List<String> path, String op) {
        JsonNode cur = doc;
        for (String t : path) {
            if (cur.isObject()) {
                cur = cur.get(t);
            } else if (cur.isArray()) {
                int idx = index(t, cur.size() - 1, op);
                cur = cur.get(idx);
            } else {
                cur = null;
            }
            if (cur == null) {
                throw PatchException.invalid(op + " operation does not apply: doc is missing path: " + render(path));
            }
        }
        return cur;
    }

    private static JsonNode add(JsonNode doc, List<String> path, JsonNode value) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = get(doc, path.subList(0, path.size() - 1), "add");
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if ("-".equals(last)) {
                a.add(value);
            } else {
                a.insert(index(last, a.size(), "add"), value);
            }
        } else {
            throw PatchException.invalid("add operation does not apply: doc is missing path: " + render(path));
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, List<String> path) {
        if (path.isEmpty()) {
            throw PatchException.invalid("remove operation does not apply: cannot remove the root document");
        }
        JsonNode parent = get(doc, path.subList(0, path.size() - 1), "remove");
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(last, a.size() - 1, "remove"));
        } else {
            throw PatchException.invalid("remove operation does not apply: doc is missing path: " + render(path));
        }
        return doc;
    }

    private static int index(String tok, int max, String op) {
        if (!tok.matches("0|[1-9][0-9]*")) {
            throw PatchException.invalid(op + " operation does not apply: invalid array index " + tok);
        }
        int i;
        try {
            i = Integer.parseInt(tok);
        } catch (NumberFormatException e) {
            i = Integer.MAX_VALUE;
        }
        if (i > max) {
            throw PatchException.invalid(op + " operation does not apply: index " + tok + " out of bounds");
        }
        return i;
    }

    private static String render(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String t : path) {
            sb.append('/').append(t.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }
}
