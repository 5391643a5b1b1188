package dev.meshstage.backend.sim.patch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}) and field-ownership tracking
 * for ordinary writes, after structured-merge-diff (simplified, same observable behaviour for the common
 * cases):
 * <ul>
 * <li>the applied configuration is merged into the live object: maps recursively, associative lists
 *     (merge keys from {@link MergeKeys}) item by item, set lists as unions, every other list and the
 *     atomic maps (label selectors) as a whole;</li>
 * <li>fields this manager applied before and omits now are removed, unless another manager owns them;</li>
 * <li>a conflict is a field owned by another manager (any Update entry, or another Apply manager) whose
 *     live value differs from the applied one; with {@code force} the applier takes the field over;</li>
 * <li>{@code metadata.managedFields} is kept in the real format (manager, operation, apiVersion, time,
 *     fieldsType FieldsV1, fieldsV1). Identity and server-managed fields ({@code apiVersion}, {@code kind},
 *     {@code metadata.name/namespace/uid/resourceVersion/generation/creationTimestamp/managedFields/...})
 *     and {@code status} are never owned through the main resource, and an applied {@code status} is
 *     ignored (as for every kind with a status subresource).</li>
 * </ul>
 * Simplifications: ownership entries are matched by manager and operation (Update entries also by
 * apiVersion); there is no version conversion; an applied {@code null} removes the field.
 */
public final class ServerSideApply {
    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";

    /** One {@code metadata.managedFields} entry. */
    public record ManagedFieldsEntry(String manager, String operation, String apiVersion, String time,
            String subresource, Set<List<String>> fields) {

        ObjectNode toJson() {
            ObjectNode o = Json.obj();
            o.put("manager", manager);
            o.put("operation", operation);
            o.put("apiVersion", apiVersion);
            if (time != null) {
                o.put("time", time);
            }
            o.put("fieldsType", "FieldsV1");
            o.set("fieldsV1", FieldSet.toFieldsV1(fields));
            if (subresource != null && !subresource.isEmpty()) {
                o.put("subresource", subresource);
            }
            return o;
        }

        static ManagedFieldsEntry fromJson(JsonNode n) {
            return new ManagedFieldsEntry(Json.text(n, "manager"), Json.text(n, "operation"),
                    Json.text(n, "apiVersion"), Json.text(n, "time"), Json.text(n, "subresource"),
                    FieldSet.fromFieldsV1(n.get("fieldsV1")));
        }

        ManagedFieldsEntry withFields(Set<List<String>> f) {
            return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, f);
        }
    }

    private ServerSideApply() {
    }

    /** Parses {@code metadata.managedFields} of an object (empty list when absent). */
    public static List<ManagedFieldsEntry> managedFields(ObjectNode obj) {
        List<ManagedFieldsEntry> out = new ArrayList<>();
        JsonNode mf = obj == null ? null : obj.at("/metadata/managedFields");
        if (mf != null && mf.isArray()) {
            for (JsonNode e : mf.values()) {
                if (e.has("subresource") && !Json.text(e, "subresource").isEmpty()) {
                    continue; // status-subresource ownership is not part of the main resource
                }
                out.add(ManagedFieldsEntry.fromJson(e));
            }
        }
        return out;
    }

    /**
     * Applies {@code applied} for {@code fieldManager}.
     *
     * @param liveOrNull  the stored object, or null to create it from the applied configuration
     * @param applied     the applied configuration (apiVersion, kind, metadata.name required)
     * @param force       take ownership of conflicting fields instead of failing
     * @param nowRfc3339  the time recorded in the managedFields entry
     * @throws ApplyConflictException 409 when fields owned by other managers would change and !force
     * @throws PatchException         400/422 when the applied configuration is unusable
     */
    public static ApplyResult apply(ObjectNode liveOrNull, ObjectNode applied, String fieldManager, boolean force,
            String nowRfc3339) {
        if (fieldManager == null || fieldManager.isEmpty()) {
            throw PatchException.malformed("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch");
        }
        String apiVersion = Json.text(applied, "apiVersion");
        String kind = Json.text(applied, "kind");
        if (apiVersion == null || kind == null) {
            throw PatchException.malformed("apply patch must contain apiVersion and kind");
        }
        if (Json.text(applied, "metadata", "name") == null && liveOrNull == null) {
            throw PatchException.invalid("metadata.name: Required value: name is required");
        }
        ObjectNode cfg = FieldSet.stripServerFields(applied);
        removeNulls(cfg);
        Set<List<String>> appliedSet = FieldSet.of(applied, apiVersion, kind);
        appliedSet.removeIf(p -> Json.same(FieldSet.resolve(applied, p), Json.F.nullNode()));

        if (liveOrNull == null) {
            ObjectNode created = Json.obj();
            created.put("apiVersion", apiVersion);
            created.put("kind", kind);
            ObjectNode meta = created.putObject("metadata");
            copyIfPresent(applied, meta, "name");
            copyIfPresent(applied, meta, "namespace");
            copyIfPresent(applied, meta, "generateName");
            mergeInto(created, cfg, new ArrayList<>(), apiVersion, kind);
            List<ManagedFieldsEntry> entries = new ArrayList<>();
            entries.add(new ManagedFieldsEntry(fieldManager, APPLY, apiVersion, nowRfc3339, null, appliedSet));
            writeManagedFields(created, entries);
            return new ApplyResult(created, true);
        }

        ObjectNode result = liveOrNull.deepCopy();
        List<ManagedFieldsEntry> entries = managedFields(liveOrNull);
        int self = -1;
        for (int i = 0; i < entries.size(); i++) {
            ManagedFieldsEntry e = entries.get(i);
            if (e.manager().equals(fieldManager) && APPLY.equals(e.operation())) {
                self = i;
            }
        }

        // conflicts
        List<ApplyConflictException.Conflict> conflicts = new ArrayList<>();
        List<Set<List<String>>> lost = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Set<List<String>> taken = new LinkedHashSet<>();
            lost.add(taken);
            if (i == self) {
                continue;
            }
            ManagedFieldsEntry e = entries.get(i);
            for (List<String> p : appliedSet) {
                if (!e.fields().contains(p) || isItem(p)) {
                    continue;
                }
                JsonNode live = FieldSet.resolve(liveOrNull, p);
                if (live != null && !Json.same(live, FieldSet.resolve(applied, p))) {
                    conflicts.add(new ApplyConflictException.Conflict(e.manager(), e.operation(), e.apiVersion(),
                            FieldSet.render(p)));
                    taken.add(p);
                }
            }
        }
        if (!conflicts.isEmpty() && !force) {
            throw new ApplyConflictException(conflicts);
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!lost.get(i).isEmpty()) {
                Set<List<String>> f = new LinkedHashSet<>(entries.get(i).fields());
                f.removeAll(lost.get(i));
                entries.set(i, entries.get(i).withFields(f));
            }
        }

        // fields this manager applied before and omits now
        if (self >= 0) {
            List<List<String>> gone = new ArrayList<>(entries.get(self).fields());
            gone.removeAll(appliedSet);
            gone.sort(Comparator.comparingInt((List<String> p) -> p.size()).reversed());
            for (List<String> p : gone) {
                boolean ownedElsewhere = false;
                for (int i = 0; i < entries.size(); i++) {
                    if (i == self) {
                        continue;
                    }
                    for (List<String> q : entries.get(i).fields()) {
                        ownedElsewhere |= FieldSet.isPrefix(p, q);
                    }
                }
                for (List<String> q : appliedSet) {
                    ownedElsewhere |= FieldSet.isPrefix(p, q) && q.size() > p.size();
                }
                if (!ownedElsewhere) {
                    removePath(result, p);
                }
            }
        }

        mergeInto(result, cfg, new ArrayList<>(), apiVersion, kind);

        if (self >= 0) {
            // kube-apiserver drops an apply that would only move this manager's timestamp: the object, and
            // so its resourceVersion, stay as they were (which is how `kubectl apply` can say "unchanged")
            entries.set(self, new ManagedFieldsEntry(fieldManager, APPLY, apiVersion, entries.get(self).time(), null, appliedSet));
            writeManagedFields(result, entries);
            if (result.equals(liveOrNull)) {
                return new ApplyResult(result, false);
            }
        }
        ManagedFieldsEntry mine = new ManagedFieldsEntry(fieldManager, APPLY, apiVersion, nowRfc3339, null,
                appliedSet);
        if (self >= 0) {
            entries.set(self, mine);
        } else {
            entries.add(mine);
        }
        writeManagedFields(result, entries);
        return new ApplyResult(result, false);
    }

    /**
     * Records field ownership for a non-apply write (create, update, patch, scale ...). The fields that
     * differ between {@code oldOrNull} and {@code updated} are given to {@code manager}/{@code operation}
     * (normally {@code Update}) and taken away from every other manager; removed fields disappear from
     * every entry. Returns a copy of {@code updated} with {@code metadata.managedFields} set.
     */
    public static ObjectNode recordUpdate(ObjectNode oldOrNull, ObjectNode updated, String manager, String operation,
            String nowRfc3339) {
        String apiVersion = Json.text(updated, "apiVersion");
        String kind = Json.text(updated, "kind");
        String op = operation == null ? UPDATE : operation;
        Set<List<String>> newSet = FieldSet.of(updated, apiVersion, kind);
        Set<List<String>> oldSet = oldOrNull == null ? Set.of() : FieldSet.of(oldOrNull, apiVersion, kind);
        Set<List<String>> changed = new LinkedHashSet<>();
        for (List<String> p : newSet) {
            if (!oldSet.contains(p)
                    || (!isItem(p) && !Json.same(FieldSet.resolve(oldOrNull, p), FieldSet.resolve(updated, p)))) {
                changed.add(p);
            }
        }
        Set<List<String>> removed = new LinkedHashSet<>(oldSet);
        removed.removeAll(newSet);

        List<ManagedFieldsEntry> entries = managedFields(oldOrNull != null ? oldOrNull : updated);
        int self = -1;
        for (int i = 0; i < entries.size(); i++) {
            ManagedFieldsEntry e = entries.get(i);
            Set<List<String>> f = new LinkedHashSet<>(e.fields());
            f.removeAll(changed);
            f.removeAll(removed);
            entries.set(i, e.withFields(f));
            if (e.manager().equals(manager) && op.equals(e.operation()) && apiVersion.equals(e.apiVersion())) {
                self = i;
            }
        }
        if (self >= 0) {
            ManagedFieldsEntry e = entries.get(self);
            Set<List<String>> f = new LinkedHashSet<>(e.fields());
            f.addAll(changed);
            entries.set(self, new ManagedFieldsEntry(manager, op, apiVersion,
                    changed.isEmpty() ? e.time() : nowRfc3339, null, f));
        } else if (!changed.isEmpty() && manager != null && !manager.isEmpty()) {
            entries.add(new ManagedFieldsEntry(manager, op, apiVersion, nowRfc3339, null, changed));
        }
        ObjectNode result = updated.deepCopy();
        writeManagedFields(result, entries);
        return result;
    }

    private static boolean isItem(List<String> p) {
        String last = p.get(p.size() - 1);
        return last.startsWith("k:") || last.startsWith("v:");
    }

    private static void writeManagedFields(ObjectNode obj, List<ManagedFieldsEntry> entries) {
        ObjectNode meta = obj.get("metadata") instanceof ObjectNode m ? m : obj.putObject("metadata");
        ArrayNode arr = Json.arr();
        for (ManagedFieldsEntry e : entries) {
            if (!e.fields().isEmpty()) {
                arr.add(e.toJson());
            }
        }
        if (arr.isEmpty()) {
            meta.remove("managedFields");
        } else {
            meta.set("managedFields", arr);
        }
    }

    private static void copyIfPresent(ObjectNode applied, ObjectNode meta, String field) {
        String v = Json.text(applied, "metadata", field);
        if (v != null) {
            meta.put(field, v);
        }
    }

    private static void removeNulls(ObjectNode o) {
        List<String> nulls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            } else if (e.getValue() instanceof ObjectNode c) {
                removeNulls(c);
            }
        }
        o.remove(nulls);
    }

    /** Merges the applied configuration into the (mutable) live tree. */
    private static void mergeInto(ObjectNode live, ObjectNode cfg, List<String> schemaPath, String apiVersion,
            String kind) {
        for (Map.Entry<String, JsonNode> e : cfg.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            List<String> sp = FieldSet.plus(schemaPath, k);
            JsonNode cur = live.get(k);
            if (v.isObject() && cur instanceof ObjectNode curObj && !v.isEmpty()
                    && !MergeKeys.isAtomicMap(apiVersion, kind, sp)) {
                mergeInto(curObj, (ObjectNode) v, sp, apiVersion, kind);
            } else if (v.isArray() && cur instanceof ArrayNode curArr) {
                MergeKeys.ListInfo info = MergeKeys.list(apiVersion, kind, sp);
                if (info.strategy() == MergeKeys.Strategy.MERGE_BY_KEY && FieldSet.allKeyed(v, info)
                        && FieldSet.allKeyed(curArr, info)) {
                    for (JsonNode item : v.values()) {
                        int idx = FieldSet.indexOfItem(curArr, FieldSet.keyElement(item, info));
                        if (idx >= 0) {
                            mergeInto((ObjectNode) curArr.get(idx), (ObjectNode) item, sp, apiVersion, kind);
                        } else {
                            curArr.add(item.deepCopy());
                        }
                    }
                } else if (info.strategy() == MergeKeys.Strategy.SET) {
                    for (JsonNode item : v.values()) {
                        boolean present = false;
                        for (JsonNode x : curArr.values()) {
                            present |= Json.same(x, item);
                        }
                        if (!present) {
                            curArr.add(item.deepCopy());
                        }
                    }
                } else {
                    live.set(k, v.deepCopy());
                }
            } else {
                live.set(k, v.deepCopy());
            }
        }
    }

    /** Removes the node at a field-set path from the tree (missing paths are ignored). */
    private static void removePath(ObjectNode root, List<String> path) {
        JsonNode parent = FieldSet.resolve(root, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o && last.startsWith("f:")) {
            o.remove(last.substring(2));
        } else if (parent instanceof ArrayNode a && last.startsWith("k:")) {
            int i = FieldSet.indexOfItem(a, last);
            if (i >= 0) {
                a.remove(i);
            }
        } else if (parent instanceof ArrayNode a && last.startsWith("v:")) {
            JsonNode want = Json.parse(last.substring(2));
            a.removeIf(x -> Json.same(x, want));
        }
    }
}
