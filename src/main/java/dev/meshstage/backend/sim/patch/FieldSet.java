package dev.meshstage.backend.sim.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of field paths in the structured-merge-diff (SMD) format used by {@code metadata.managedFields}.
 * A path is a list of path elements: {@code f:<field>}, {@code k:<json of key fields>} (an item of an
 * associative list, keys sorted by name), {@code v:<json value>} (an item of a set list).
 *
 * <p>{@link #of} mirrors SMD's {@code ToFieldSet}: the members are scalar leaves, atomic lists and maps,
 * empty maps, associative-list items (which also own their fields) and set items. Maps with children are
 * not members themselves. {@link #toFieldsV1} renders {@code FieldsV1} JSON: a member that has children
 * carries a {@code ".": {}} marker, a leaf member is {@code {}}.
 */
public final class FieldSet {

    /** Top-level fields never owned through the main resource. */
    static final Set<String> SERVER_TOP = Set.of("apiVersion", "kind", "status");
    /** Metadata fields never owned (identity and server-managed). */
    static final Set<String> SERVER_META = Set.of("name", "namespace", "uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
            "generateName");

    private FieldSet() {
    }

    /** The field set of an object, without the server-managed fields. */
    public static Set<List<String>> of(ObjectNode obj, String apiVersion, String kind) {
        Set<List<String>> out = new LinkedHashSet<>();
        ObjectNode clean = stripServerFields(obj);
        walkMap(clean, new ArrayList<>(), new ArrayList<>(), out, apiVersion, kind);
        return out;
    }

    /** A copy without apiVersion, kind, status and the server-managed metadata fields. */
    static ObjectNode stripServerFields(ObjectNode obj) {
        ObjectNode c = obj.deepCopy();
        c.remove(SERVER_TOP);
        if (c.get("metadata") instanceof ObjectNode m) {
            m.remove(SERVER_META);
            if (m.isEmpty()) {
                c.remove("metadata");
            }
        }
        return c;
    }

    private static void walkMap(ObjectNode m, List<String> schemaPath, List<String> pe, Set<List<String>> out,
            String apiVersion, String kind) {
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            List<String> sp = plus(schemaPath, e.getKey());
            List<String> p = plus(pe, "f:" + e.getKey());
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (v.isEmpty() || MergeKeys.isAtomicMap(apiVersion, kind, sp)) {
                    out.add(p);
                } else {
                    walkMap((ObjectNode) v, sp, p, out, apiVersion, kind);
                }
            } else if (v.isArray()) {
                MergeKeys.ListInfo info = MergeKeys.list(apiVersion, kind, sp);
                if (info.strategy() == MergeKeys.Strategy.MERGE_BY_KEY && allKeyed(v, info)) {
                    for (JsonNode item : v.values()) {
                        List<String> ip = plus(p, keyElement(item, info));
                        out.add(ip);
                        walkMap((ObjectNode) item, sp, ip, out, apiVersion, kind);
                    }
                } else if (info.strategy() == MergeKeys.Strategy.SET) {
                    for (JsonNode item : v.values()) {
                        out.add(plus(p, "v:" + Json.write(item)));
                    }
                } else {
                    out.add(p);
                }
            } else {
                out.add(p);
            }
        }
    }

    static boolean allKeyed(JsonNode list, MergeKeys.ListInfo info) {
        for (JsonNode item : list.values()) {
            if (!item.isObject() || !item.has(info.mergeKey())) {
                return false;
            }
        }
        return true;
    }

    /** {@code k:{"containerPort":80,"protocol":"TCP"}}: the present key fields, sorted by name. */
    static String keyElement(JsonNode item, MergeKeys.ListInfo info) {
        TreeMap<String, JsonNode> keys = new TreeMap<>();
        for (String k : info.ssaKeys()) {
            JsonNode v = item.get(k);
            if (v != null && !v.isNull()) {
                keys.put(k, v);
            }
        }
        ObjectNode o = Json.obj();
        keys.forEach(o::set);
        return "k:" + Json.write(o);
    }

    /** The value at a path, or null. */
    public static JsonNode resolve(JsonNode root, List<String> path) {
        JsonNode cur = root;
        for (String e : path) {
            if (cur == null) {
                return null;
            }
            if (e.startsWith("f:")) {
                cur = cur.isObject() ? cur.get(e.substring(2)) : null;
            } else if (e.startsWith("k:")) {
                cur = findItem(cur, e);
            } else if (e.startsWith("v:")) {
                JsonNode want = Json.parse(e.substring(2));
                JsonNode found = null;
                if (cur.isArray()) {
                    for (JsonNode x : cur.values()) {
                        if (Json.same(x, want)) {
                            found = x;
                        }
                    }
                }
                cur = found;
            } else {
                return null;
            }
        }
        return cur;
    }

    /** Index of the associative-list item matching a {@code k:} element, or -1. */
    static int indexOfItem(JsonNode list, String keyElement) {
        if (list == null || !list.isArray()) {
            return -1;
        }
        JsonNode keys = Json.parse(keyElement.substring(2));
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            boolean ok = item.isObject();
            for (Map.Entry<String, JsonNode> k : keys.properties()) {
                ok &= Json.same(item.get(k.getKey()), k.getValue());
            }
            if (ok) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode findItem(JsonNode list, String keyElement) {
        int i = indexOfItem(list, keyElement);
        return i < 0 ? null : list.get(i);
    }

    /** Renders a set as FieldsV1 JSON. */
    public static ObjectNode toFieldsV1(Set<List<String>> set) {
        Node root = new Node();
        for (List<String> p : set) {
            Node n = root;
            for (String e : p) {
                n = n.children.computeIfAbsent(e, x -> new Node());
            }
            n.self = true;
        }
        return root.toJson();
    }

    /** Parses FieldsV1 JSON into a set. */
    public static Set<List<String>> fromFieldsV1(JsonNode fields) {
        Set<List<String>> out = new LinkedHashSet<>();
        if (fields != null && fields.isObject()) {
            parse(fields, new ArrayList<>(), out);
        }
        return out;
    }

    private static void parse(JsonNode node, List<String> path, Set<List<String>> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (".".equals(e.getKey())) {
                out.add(path);
                continue;
            }
            List<String> p = plus(path, e.getKey());
            if (e.getValue().isEmpty()) {
                out.add(p);
            } else {
                parse(e.getValue(), p, out);
            }
        }
    }

    /** Renders a path the way kube-apiserver prints it in conflicts: {@code .spec.containers[name="x"].image}. */
    public static String render(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String e : path) {
            if (e.startsWith("f:")) {
                sb.append('.').append(e.substring(2));
            } else if (e.startsWith("k:")) {
                sb.append('[');
                boolean first = true;
                for (Map.Entry<String, JsonNode> k : Json.parse(e.substring(2)).properties()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append(k.getKey()).append('=').append(Json.write(k.getValue()));
                }
                sb.append(']');
            } else if (e.startsWith("v:")) {
                sb.append("[=").append(e.substring(2)).append(']');
            }
        }
        return sb.toString();
    }

    static List<String> plus(List<String> l, String e) {
        List<String> r = new ArrayList<>(l.size() + 1);
        r.addAll(l);
        r.add(e);
        return r;
    }

    static boolean isPrefix(List<String> prefix, List<String> p) {
        return p.size() >= prefix.size() && p.subList(0, prefix.size()).equals(prefix);
    }

    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        boolean self;

        ObjectNode toJson() {
            ObjectNode o = Json.obj();
            if (self && !children.isEmpty()) {
                o.putObject(".");
            }
            children.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(c -> o.set(c.getKey(), c.getValue().toJson()));
            return o;
        }
    }

    /** Convenience for tests and callers: an ArrayNode of rendered paths. */
    static ArrayNode rendered(Set<List<String>> set) {
        ArrayNode a = Json.arr();
        set.forEach(p -> a.add(render(p)));
        return a;
    }
}
