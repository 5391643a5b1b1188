package dev.meshstage.backend.sim.patch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}), as sent by
 * {@code kubectl apply} (3-way patch of a changed manifest) and {@code kubectl patch} (default type).
 *
 * <p>Semantics (apimachinery {@code strategicpatch}):
 * <ul>
 * <li>maps merge recursively, a {@code null} value deletes the key;</li>
 * <li>lists with a merge key ({@link MergeKeys}) merge item by item on that key: matching items merge
 *     recursively, new items are appended, original order is kept;</li>
 * <li>primitive lists with the {@code merge} strategy (finalizers) are unions;</li>
 * <li>all other lists are replaced;</li>
 * <li>directives: {@code $patch: replace} (map or list element: replace instead of merge),
 *     {@code $patch: delete} (map: becomes empty; list item: removed by merge key), {@code $patch: merge}
 *     (default, accepted), {@code $retainKeys: [..]} (drop keys of the original map not listed),
 *     {@code $deleteFromPrimitiveList/<field>: [..]} and {@code $setElementOrder/<field>: [..]}
 *     (reorder the merged list; items only on the server keep their slots).</li>
 * </ul>
 * Kinds unknown to {@link MergeKeys#isKnown} (custom resources) get RFC 7386 JSON merge patch semantics.
 * The inputs are never modified.
 */
public final class StrategicMergePatch {
    static final String PATCH = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ORDER = "$setElementOrder/";
    static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

    private final String apiVersion;
    private final String kind;

    private StrategicMergePatch(String apiVersion, String kind) {
        this.apiVersion = apiVersion;
        this.kind = kind;
    }

    /**
     * Applies {@code patch} to {@code original} (null = empty object) and returns the new object.
     *
     * @throws PatchException 422 for an unknown directive or a list item without its merge key
     */
    public static ObjectNode apply(ObjectNode original, ObjectNode patch, String apiVersion, String kind) {
        ObjectNode base = original == null ? Json.obj() : original;
        if (patch == null) {
            throw PatchException.malformed("empty patch");
        }
        if (!MergeKeys.isKnown(apiVersion, kind)) {
            return JsonMergePatch.apply(base, patch);
        }
        return new StrategicMergePatch(apiVersion, kind).mergeMap(base.deepCopy(), patch, new ArrayList<>());
    }

    /** Merges patch into orig (a private copy that may be mutated) and returns the result. */
    private ObjectNode mergeMap(ObjectNode orig, JsonNode patchNode, List<String> path) {
        ObjectNode patch = (ObjectNode) patchNode;
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            String d = directive.asString();
            switch (d) {
                case "replace" -> {
                    ObjectNode copy = patch.deepCopy();
                    copy.remove(PATCH);
                    return mergeMap(Json.obj(), copy, path);
                }
                case "delete" -> {
                    return Json.obj();
                }
                case "merge" -> {
                    // default behaviour
                }
                default -> throw PatchException.invalid("Unknown patch type: " + d + " in map: " + patch);
            }
        }
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null) {
            if (!retain.isArray()) {
                throw PatchException.invalid("$retainKeys must be a list, got " + retain);
            }
            List<String> keep = new ArrayList<>();
            retain.values().forEach(v -> keep.add(v.asString()));
            orig.retain(keep);
        }
        Map<String, JsonNode> orders = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            if (k.startsWith(DELETE_PRIMITIVE)) {
                String field = k.substring(DELETE_PRIMITIVE.length());
                JsonNode list = orig.get(field);
                if (list instanceof ArrayNode arr && e.getValue().isArray()) {
                    for (JsonNode del : e.getValue().values()) {
                        arr.removeIf(x -> Json.same(x, del));
                    }
                }
            } else if (k.startsWith(SET_ORDER)) {
                orders.put(k.substring(SET_ORDER.length()), e.getValue());
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            if (k.startsWith("$")) {
                continue;
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                orig.remove(k);
                continue;
            }
            List<String> sub = child(path, k);
            JsonNode o = orig.get(k);
            if (v.isObject()) {
                orig.set(k, mergeMap(o instanceof ObjectNode on ? on : Json.obj(), v, sub));
            } else if (v.isArray()) {
                orig.set(k, mergeList(o instanceof ArrayNode an ? an : null, (ArrayNode) v, sub));
            } else {
                orig.set(k, v.deepCopy());
            }
        }
        for (Map.Entry<String, JsonNode> e : orders.entrySet()) {
            JsonNode list = orig.get(e.getKey());
            if (list instanceof ArrayNode arr && e.getValue().isArray()) {
                orig.set(e.getKey(), reorder(arr, (ArrayNode) e.getValue(), child(path, e.getKey())));
            }
        }
        return orig;
    }

    private ArrayNode mergeList(ArrayNode orig, ArrayNode patch, List<String> path) {
        MergeKeys.ListInfo info = MergeKeys.list(apiVersion, kind, path);
        switch (info.strategy()) {
            case SET -> {
                ArrayNode result = orig == null ? Json.arr() : orig;
                for (JsonNode v : patch.values()) {
                    if (v.isObject() && "replace".equals(Json.text(v, PATCH))) {
                        // {"$patch":"replace"} marker inside a primitive list: the rest replaces the list
                        ArrayNode repl = Json.arr();
                        patch.values().stream().filter(x -> !x.isObject()).forEach(x -> repl.add(x.deepCopy()));
                        return repl;
                    }
                }
                for (JsonNode v : patch.values()) {
                    boolean present = false;
                    for (JsonNode x : result.values()) {
                        present |= Json.same(x, v);
                    }
                    if (!present) {
                        result.add(v.deepCopy());
                    }
                }
                return result;
            }
            case MERGE_BY_KEY -> {
                String key = info.mergeKey();
                boolean replace = false;
                for (JsonNode item : patch.values()) {
                    if (item.isObject() && item.size() == 1 && "replace".equals(Json.text(item, PATCH))) {
                        replace = true;
                    }
                }
                ArrayNode result = (orig == null || replace) ? Json.arr() : orig;
                for (JsonNode item : patch.values()) {
                    if (!item.isObject()) {
                        throw PatchException.invalid("list " + String.join(".", path)
                                + " expects objects with merge key " + key + ", got " + item);
                    }
                    String d = Json.text(item, PATCH);
                    if (item.size() == 1 && d != null) {
                        if ("replace".equals(d) || "merge".equals(d)) {
                            continue;
                        }
                    }
                    JsonNode kv = item.get(key);
                    if (kv == null || kv.isNull()) {
                        throw PatchException.invalid("map: " + item + " does not contain declared merge key: " + key);
                    }
                    int idx = indexOf(result, key, kv);
                    if ("delete".equals(d)) {
                        if (idx >= 0) {
                            result.remove(idx);
                        }
                        continue;
                    }
                    if (idx >= 0) {
                        JsonNode cur = result.get(idx);
                        result.set(idx, mergeMap(cur instanceof ObjectNode co ? co : Json.obj(), item, path));
                    } else {
                        result.add(mergeMap(Json.obj(), item, path));
                    }
                }
                return result;
            }
            default -> {
                // atomic: the patch list replaces the original; drop list-level directive markers
                ArrayNode result = Json.arr();
                for (JsonNode v : patch.values()) {
                    if (v.isObject() && v.size() == 1 && v.has(PATCH)) {
                        continue;
                    }
                    result.add(v.deepCopy());
                }
                return result;
            }
        }
    }

    /**
     * Applies {@code $setElementOrder}: the items named in {@code order} take the slots that such items
     * occupy in the merged list, in the requested order; items that only exist on the server keep their slots.
     */
    private ArrayNode reorder(ArrayNode merged, ArrayNode order, List<String> path) {
        MergeKeys.ListInfo info = MergeKeys.list(apiVersion, kind, path);
        String key = info.strategy() == MergeKeys.Strategy.MERGE_BY_KEY ? info.mergeKey() : null;
        List<JsonNode> ordered = new ArrayList<>();
        List<Boolean> inOrder = new ArrayList<>();
        for (JsonNode item : merged.values()) {
            inOrder.add(positionIn(order, item, key) >= 0);
        }
        List<JsonNode> items = new ArrayList<>();
        merged.values().forEach(items::add);
        List<JsonNode> sorted = new ArrayList<>();
        for (JsonNode o : order.values()) {
            for (JsonNode item : items) {
                if (matches(o, item, key)) {
                    sorted.add(item);
                    break;
                }
            }
        }
        int j = 0;
        for (int i = 0; i < items.size(); i++) {
            ordered.add(inOrder.get(i) && j < sorted.size() ? sorted.get(j++) : items.get(i));
        }
        ArrayNode out = Json.arr();
        ordered.forEach(out::add);
        return out;
    }

    private static int positionIn(ArrayNode order, JsonNode item, String key) {
        int i = 0;
        for (JsonNode o : order.values()) {
            if (matches(o, item, key)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean matches(JsonNode orderEntry, JsonNode item, String key) {
        if (key == null) {
            return Json.same(orderEntry, item);
        }
        return Json.same(orderEntry.get(key), item.get(key));
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (Json.same(list.get(i).get(key), value)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> child(List<String> path, String k) {
        List<String> l = new ArrayList<>(path.size() + 1);
        l.addAll(path);
        l.add(k);
        return l;
    }
}
