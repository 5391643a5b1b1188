package dev.meshstage.backend.sim.store;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The objects of one simulated cluster, with the semantics of kube-apiserver's generic registry: uids,
 * creation timestamps, one resourceVersion counter (409 on a stale update), generation on spec changes,
 * status as a subresource, finalizers, namespace deletion, ownerReference garbage collection, label and
 * field selectors, and watches that resume from a resourceVersion (410 Gone when it is too old).
 *
 * <p>Objects are kept per group/resource and per namespace, so a list touches only its own kind and
 * namespace. Stored trees are never mutated after they are stored; every read returns a copy. Watch
 * callbacks run in commit order under the write lock and must only enqueue.
 */
public final class ObjectStore {

    /** How many past changes a watch can resume from before it gets 410 Gone. */
    public static final int HISTORY = 1_000;
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String cluster;
    private final ResourceRegistry registry;
    private final Supplier<Instant> clock;
    private final long seed;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, TreeMap<String, TreeMap<String, ObjectNode>>> data = new HashMap<>();
    private final Map<String, Set<ObjectKey>> dependents = new HashMap<>();
    private final Map<String, Integer> generatedNames = new HashMap<>();
    /**
     * Objects that went because their namespace or owner went. A real cluster collects them a moment later,
     * so a client deleting them right after (kubectl delete -f of a file that starts with its Namespace)
     * still finds them; here they are already gone, so such a delete is answered as if it removed them.
     */
    private final Map<ObjectKey, ObjectNode> collected = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectKey, ObjectNode> eldest) {
            return size() > 2_000;
        }
    };
    private final List<Admission> admissions = new CopyOnWriteArrayList<>();
    private final Map<String, List<Subscription>> subscriptions = new HashMap<>();
    private final Change[] history = new Change[HISTORY];
    private long historyCount;
    /** The resourceVersion the retained history starts after (a restored store has no history before it). */
    private long historyFloor;
    private long resourceVersion;
    private long uidCounter;
    private volatile long lastWrite;

    /** One committed change; {@code before} is null for a create, {@code after} is the deleted object for a delete. */
    private record Change(WatchEvent.Type type, ResourceType resource, ObjectNode before, ObjectNode after, long rv) {
    }

    public ObjectStore(String cluster, ResourceRegistry registry, Supplier<Instant> clock, long seed) {
        this.cluster = cluster;
        this.registry = registry;
        this.clock = clock;
        this.seed = seed;
    }

    public ResourceRegistry registry() {
        return registry;
    }

    public String cluster() {
        return cluster;
    }

    public void addAdmission(Admission admission) {
        admissions.add(admission);
    }

    public long resourceVersion() {
        lock.readLock().lock();
        try {
            return resourceVersion;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A counter that changes on every committed write (persistence uses it to know when to save). */
    public long lastWrite() {
        return lastWrite;
    }

    // ---------------------------------------------------------------- reads

    public ObjectNode get(ResourceType type, String namespace, String name) {
        lock.readLock().lock();
        try {
            ObjectNode o = find(type.groupResource(), ns(type, namespace), name);
            if (o == null) {
                throw StoreException.notFound(type.groupResource(), name);
            }
            return withVersion(o.deepCopy(), type);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Like {@link #get} but null when absent. */
    public ObjectNode find(ResourceType type, String namespace, String name) {
        lock.readLock().lock();
        try {
            ObjectNode o = find(type.groupResource(), ns(type, namespace), name);
            return o == null ? null : withVersion(o.deepCopy(), type);
        } finally {
            lock.readLock().unlock();
        }
    }

    public record ListResult(List<ObjectNode> items, long resourceVersion) {
    }

    /** Objects of a type, in namespace/name order; {@code namespace} null or "" lists all namespaces. */
    public ListResult list(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields) {
        lock.readLock().lock();
        try {
            List<ObjectNode> out = new ArrayList<>();
            forEachMatching(type, namespace, labels, fields, o -> out.add(withVersion(o.deepCopy(), type)));
            return new ListResult(out, resourceVersion);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Like {@link #list(ResourceType, String, LabelSelector, FieldSelector)} but without copying: the stored
     * trees themselves, for a reader that only serialises them (the API server's GET of a collection).
     * Callers must not modify them. Objects asked for through another served version are still copied.
     */
    public ListResult listReadOnly(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields) {
        lock.readLock().lock();
        try {
            List<ObjectNode> out = new ArrayList<>();
            forEachMatching(type, namespace, labels, fields, o -> out.add(
                    type.apiVersion().equals(o.path("apiVersion").asString()) ? o : withVersion(o.deepCopy(), type)));
            return new ListResult(out, resourceVersion);
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<ObjectNode> list(ResourceType type, String namespace) {
        return list(type, namespace, LabelSelector.everything(), FieldSelector.everything()).items();
    }

    private void forEachMatching(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields,
            Consumer<ObjectNode> sink) {
        TreeMap<String, TreeMap<String, ObjectNode>> byNs = data.get(type.groupResource());
        if (byNs == null) {
            return;
        }
        String pinned = fields.pinnedName();
        Iterable<TreeMap<String, ObjectNode>> buckets = namespace == null || namespace.isEmpty() || !type.namespaced()
                ? byNs.values()
                : byNs.containsKey(namespace) ? List.of(byNs.get(namespace)) : List.of();
        for (TreeMap<String, ObjectNode> bucket : buckets) {
            Iterable<ObjectNode> candidates = pinned != null
                    ? (bucket.containsKey(pinned) ? List.of(bucket.get(pinned)) : List.of())
                    : bucket.values();
            for (ObjectNode o : candidates) {
                if (labels.matches(o) && fields.matches(o)) {
                    sink.accept(o);
                }
            }
        }
    }

    // ---------------------------------------------------------------- writes

    public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
        if (Conversions.converted(type)) {
            return Conversions.fromStorage(create(storageType(type), namespace, Conversions.toStorage(object)));
        }
        lock.writeLock().lock();
        try {
            ObjectNode obj = object.deepCopy();
            ObjectNode meta = Objects.metadata(obj);
            String ns = ns(type, namespace.isEmpty() ? meta.path("namespace").asString("") : namespace);
            if (type.namespaced()) {
                if (ns.isEmpty()) {
                    throw StoreException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
                }
                ObjectNode nsObj = find("namespaces", "", ns);
                if (nsObj == null) {
                    throw StoreException.notFound("namespaces", ns);
                }
                if (nsObj.path("metadata").has("deletionTimestamp")) {
                    throw StoreException.forbidden(type.plural() + " \"" + Objects.name(obj) + "\" is forbidden: unable to create new content in namespace "
                            + ns + " because it is being terminated");
                }
                meta.put("namespace", ns);
            } else {
                meta.remove("namespace");
            }
            String name = meta.path("name").asString("");
            if (name.isEmpty()) {
                String prefix = meta.path("generateName").asString("");
                if (prefix.isEmpty()) {
                    throw StoreException.invalid(type.kind(), "", "metadata.name: Required value: name or generateName is required");
                }
                name = generateName(type, ns, prefix);
                meta.put("name", name);
            }
            validateName(type, name);
            if (find(type.groupResource(), ns, name) != null) {
                throw StoreException.alreadyExists(type.groupResource(), name);
            }
            obj.put("apiVersion", type.apiVersion());
            obj.put("kind", type.kind());
            meta.put("uid", nextUid());
            meta.put("creationTimestamp", now());
            meta.remove("deletionTimestamp");
            meta.remove("resourceVersion");
            if (!Generation.tracked(registry, type)) {
                meta.remove("generation");
            } else if (!meta.has("generation")) {
                meta.put("generation", 1);
            }
            if (type.statusSubresource() && !"Node".equals(type.kind())) {
                obj.remove("status");
            }
            admit(Admission.Operation.CREATE, type, null, obj);
            collected.remove(new ObjectKey(type.groupResource(), ns, name));
            if (type.kind().equals("CustomResourceDefinition")) {
                establish(obj);
            }
            commit(WatchEvent.Type.ADDED, type, null, obj);
            if (type.kind().equals("CustomResourceDefinition")) {
                registry.registerCrd(obj);
            }
            return withVersion(obj.deepCopy(), type);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A PUT of the main resource: status is kept from the stored object when the kind has a status subresource. */
    public ObjectNode update(ResourceType type, String namespace, String name, ObjectNode object) {
        return write(type, namespace, name, object, false);
    }

    /** A PUT of the status subresource: only {@code status} is taken from the given object. */
    public ObjectNode updateStatus(ResourceType type, String namespace, String name, ObjectNode object) {
        return write(type, namespace, name, object, true);
    }

    private ObjectNode write(ResourceType type, String namespace, String name, ObjectNode object, boolean status) {
        if (Conversions.converted(type)) {
            return Conversions.fromStorage(write(storageType(type), namespace, name, Conversions.toStorage(object), status));
        }
        lock.writeLock().lock();
        try {
            String ns = ns(type, namespace);
            ObjectNode old = find(type.groupResource(), ns, name);
            if (old == null) {
                throw StoreException.notFound(type.groupResource(), name);
            }
            long expected = Objects.resourceVersion(object);
            if (expected != 0 && expected != Objects.resourceVersion(old)) {
                throw StoreException.conflict(type.groupResource(), name);
            }
            String givenName = Objects.name(object);
            if (!givenName.isEmpty() && !givenName.equals(name)) {
                throw StoreException.badRequest("the name of the object (" + givenName
                        + ") does not match the name on the URL (" + name + ")");
            }
            ObjectNode obj;
            if (status) {
                obj = old.deepCopy();
                JsonNode newStatus = object.get("status");
                if (newStatus == null) {
                    obj.remove("status");
                } else {
                    obj.set("status", newStatus.deepCopy());
                }
            } else {
                obj = object.deepCopy();
                ObjectNode meta = Objects.metadata(obj);
                ObjectNode oldMeta = Objects.metadata(old);
                for (String immutable : List.of("uid", "creationTimestamp", "deletionTimestamp", "generation", "name", "namespace")) {
                    if (oldMeta.has(immutable)) {
                        meta.set(immutable, oldMeta.get(immutable).deepCopy());
                    } else {
                        meta.remove(immutable);
                    }
                }
                obj.put("apiVersion", type.apiVersion());
                obj.put("kind", type.kind());
                if (type.statusSubresource()) {
                    if (old.has("status")) {
                        obj.set("status", old.get("status").deepCopy());
                    } else {
                        obj.remove("status");
                    }
                }
                // after admission, which plays the API strategies too (a Secret's stringData folded into data)
                admit(Admission.Operation.UPDATE, type, old, obj);
                if (Generation.tracked(registry, type) && !specOf(old).equals(specOf(obj))) {
                    meta.put("generation", oldMeta.path("generation").asLong(1) + 1);
                }
            }
            Objects.metadata(obj).put("resourceVersion", Long.toString(Objects.resourceVersion(old)));
            if (obj.equals(old)) {
                return withVersion(obj, type); // a no-op write changes nothing and tells no watcher
            }
            if (withoutManagedFieldTimes(obj).equals(withoutManagedFieldTimes(old))) {
                // kube-apiserver's IgnoreManagedFieldsTimestampsTransformer: an apply whose only effect is a newer
                // managedFields timestamp (a Secret's stringData, folded into data by admission) is a no-op
                return withVersion(old.deepCopy(), type);
            }
            // the last finalizer gone from an object being deleted (not one still in its grace period) removes it
            if (Objects.metadata(obj).has("deletionTimestamp") && finalizers(obj).isEmpty()
                    && Objects.metadata(obj).path("deletionGracePeriodSeconds").asLong(0) == 0) {
                remove(type, obj, "Background");
                return withVersion(obj, type);
            }
            commit(WatchEvent.Type.MODIFIED, type, old, obj);
            if (type.kind().equals("CustomResourceDefinition")) {
                registry.registerCrd(obj);
            }
            return withVersion(obj.deepCopy(), type);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static ObjectNode withoutManagedFieldTimes(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        for (JsonNode entry : Objects.metadata(copy).path("managedFields")) {
            if (entry instanceof ObjectNode e) {
                e.remove("time");
            }
        }
        return copy;
    }

    /**
     * Deletes an object. With finalizers it only gets a deletionTimestamp (and is removed when the last
     * finalizer goes); otherwise it is removed, its dependents are garbage-collected (or orphaned), and a
     * namespace takes everything in it along.
     *
     * @param propagation {@code Background}, {@code Foreground} or {@code Orphan}
     * @return the object as it was when deleted (or as it now is, when finalizers hold it)
     */
    public ObjectNode delete(ResourceType type, String namespace, String name, String propagation, String preconditionUid) {
        return delete(type, namespace, name, propagation, preconditionUid, null);
    }

    /**
     * A delete with a grace period ({@code gracePeriodSeconds} of the request, null for the object's own): a
     * running pod only gets its deletionTimestamp (now + grace) and deletionGracePeriodSeconds, which a later
     * delete may shorten, until its kubelet deletes it with grace 0 ({@link GracefulDeletion}).
     */
    public ObjectNode delete(ResourceType type, String namespace, String name, String propagation, String preconditionUid,
            Long gracePeriodSeconds) {
        lock.writeLock().lock();
        try {
            String ns = ns(type, namespace);
            ObjectNode old = find(type.groupResource(), ns, name);
            if (old == null) {
                ObjectNode gone = collected.remove(new ObjectKey(type.groupResource(), ns, name));
                if (gone != null) {
                    return withVersion(gone.deepCopy(), type);
                }
                throw StoreException.notFound(type.groupResource(), name);
            }
            if (preconditionUid != null && !preconditionUid.isEmpty() && !preconditionUid.equals(Objects.uid(old))) {
                throw StoreException.conflict(type.groupResource(), name);
            }
            Long grace = GracefulDeletion.seconds(type, old, gracePeriodSeconds);
            if (grace != null) {
                long current = old.path("metadata").path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE);
                if (old.path("metadata").has("deletionTimestamp") && current <= grace) {
                    return withVersion(old.deepCopy(), type); // already going, as soon or sooner
                }
                ObjectNode marked = old.deepCopy();
                Objects.metadata(marked).put("deletionTimestamp", clock.get().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
                Objects.metadata(marked).put("deletionGracePeriodSeconds", grace);
                commit(WatchEvent.Type.MODIFIED, type, old, marked);
                return withVersion(marked.deepCopy(), type);
            }
            boolean isNamespace = type.groupResource().equals("namespaces");
            if (!finalizers(old).isEmpty() || isNamespace) {
                ObjectNode marked = old.deepCopy();
                if (!marked.path("metadata").has("deletionTimestamp") || marked.path("metadata").path("deletionGracePeriodSeconds").asLong(0) != 0) {
                    if (!marked.path("metadata").has("deletionTimestamp")) {
                        Objects.metadata(marked).put("deletionTimestamp", now());
                    }
                    Objects.metadata(marked).put("deletionGracePeriodSeconds", 0);
                    if (isNamespace) {
                        marked.putObject("status").put("phase", "Terminating");
                    }
                    commit(WatchEvent.Type.MODIFIED, type, old, marked);
                }
                if (!isNamespace) {
                    return withVersion(marked.deepCopy(), type);
                }
                emptyNamespace(name);
                if (!finalizers(marked).isEmpty()) {
                    return withVersion(marked.deepCopy(), type);
                }
                old = marked;
            }
            ObjectNode gone = remove(type, old, propagation == null ? "Background" : propagation);
            return withVersion(gone, type);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes events older than {@code maxAgeSeconds} of the virtual clock: events expire as on a real cluster. */
    public int expire(ResourceType type, long maxAgeSeconds) {
        lock.writeLock().lock();
        try {
            Instant cutoff = clock.get().minusSeconds(maxAgeSeconds);
            List<ObjectNode> old = new ArrayList<>();
            forEachMatching(type, null, LabelSelector.everything(), FieldSelector.everything(), o -> {
                String ts = o.path("lastTimestamp").asString(o.path("metadata").path("creationTimestamp").asString(""));
                if (!ts.isEmpty() && Instant.parse(ts).isBefore(cutoff)) {
                    old.add(o);
                }
            });
            old.forEach(o -> remove(type, o, "Background"));
            return old.size();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- watches

    /** A live watch; closing it stops delivery. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private final class Subscription implements Watch {
        final ResourceType type;
        final String namespace;
        final LabelSelector labels;
        final FieldSelector fields;
        final Consumer<WatchEvent> sink;

        Subscription(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, Consumer<WatchEvent> sink) {
            this.type = type;
            this.namespace = namespace == null ? "" : namespace;
            this.labels = labels;
            this.fields = fields;
            this.sink = sink;
        }

        boolean matches(ObjectNode o) {
            return o != null && (namespace.isEmpty() || namespace.equals(Objects.namespace(o)))
                    && labels.matches(o) && fields.matches(o);
        }

        /** Translates a change into what this watcher sees: leaving or entering its filter is a DELETED or ADDED. */
        void deliver(Change c) {
            boolean before = matches(c.before);
            boolean after = matches(c.after);
            WatchEvent.Type t;
            if (c.type == WatchEvent.Type.DELETED) {
                t = after ? WatchEvent.Type.DELETED : null;
            } else if (before && after) {
                t = WatchEvent.Type.MODIFIED;
            } else if (after) {
                t = WatchEvent.Type.ADDED;
            } else if (before) {
                t = WatchEvent.Type.DELETED;
            } else {
                t = null;
            }
            if (t != null) {
                sink.accept(new WatchEvent(t, type, withVersion(c.after.deepCopy(), type), c.rv));
            }
        }

        @Override
        public void close() {
            lock.writeLock().lock();
            try {
                List<Subscription> subs = subscriptions.get(type.groupResource());
                if (subs != null) {
                    subs.remove(this);
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /**
     * Starts a watch. With {@code fromVersion} 0 the current matching objects arrive first as ADDED (what a
     * watch without resourceVersion does); otherwise the changes after that version are replayed.
     *
     * @throws StoreException 410 Expired when {@code fromVersion} is older than the retained history
     */
    public Watch watch(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, long fromVersion,
            Consumer<WatchEvent> sink) {
        lock.writeLock().lock();
        try {
            Subscription s = new Subscription(type, type.namespaced() ? namespace : "", labels, fields, sink);
            if (fromVersion <= 0) {
                forEachMatching(type, s.namespace, labels, fields, o ->
                        sink.accept(new WatchEvent(WatchEvent.Type.ADDED, type, withVersion(o.deepCopy(), type), Objects.resourceVersion(o))));
            } else if (fromVersion < resourceVersion) {
                long oldest = historyCount > HISTORY ? history[(int) (historyCount % HISTORY)].rv : historyFloor + 1;
                if (fromVersion < oldest - 1) {
                    throw StoreException.gone("too old resource version: " + fromVersion + " (" + (oldest - 1) + ")");
                }
                long start = Math.max(0, historyCount - HISTORY);
                for (long i = start; i < historyCount; i++) {
                    Change c = history[(int) (i % HISTORY)];
                    if (c.rv > fromVersion && c.resource.groupResource().equals(type.groupResource())) {
                        s.deliver(c);
                    }
                }
            }
            subscriptions.computeIfAbsent(type.groupResource(), k -> new CopyOnWriteArrayList<>()).add(s);
            return s;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- persistence

    /** The whole state as one JSON tree: counters and every object. */
    public ObjectNode snapshot() {
        lock.readLock().lock();
        try {
            ObjectNode snap = NODES.objectNode();
            snap.put("cluster", cluster);
            snap.put("resourceVersion", resourceVersion);
            snap.put("uidCounter", uidCounter);
            ObjectNode names = snap.putObject("generatedNames");
            new TreeMap<>(generatedNames).forEach(names::put);
            ArrayNode objects = snap.putArray("objects");
            // CRDs first so their kinds exist again before their objects are restored
            List<String> order = new ArrayList<>(new TreeMap<>(data).keySet());
            order.sort((a, b) -> Boolean.compare(!a.equals("customresourcedefinitions.apiextensions.k8s.io"),
                    !b.equals("customresourcedefinitions.apiextensions.k8s.io")));
            for (String gr : order) {
                for (TreeMap<String, ObjectNode> bucket : data.get(gr).values()) {
                    for (ObjectNode o : bucket.values()) {
                        ObjectNode entry = objects.addObject();
                        entry.put("resource", gr);
                        entry.set("object", o);
                    }
                }
            }
            return snap;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Loads a snapshot into an empty store (no watch events: nobody is watching yet). */
    public void restore(ObjectNode snap) {
        lock.writeLock().lock();
        try {
            resourceVersion = snap.path("resourceVersion").asLong();
            historyFloor = resourceVersion;
            uidCounter = snap.path("uidCounter").asLong();
            snap.path("generatedNames").properties().forEach(e -> generatedNames.put(e.getKey(), e.getValue().asInt()));
            for (JsonNode entry : snap.path("objects")) {
                ObjectNode o = (ObjectNode) entry.get("object").deepCopy();
                String gr = entry.path("resource").asString();
                put(gr, o);
                if (gr.equals("customresourcedefinitions.apiextensions.k8s.io")) {
                    registry.registerCrd(o);
                }
            }
            lastWrite++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    private void admit(Admission.Operation op, ResourceType type, ObjectNode old, ObjectNode obj) {
        Admission.StoreView view = new Admission.StoreView() {
            @Override
            public ObjectNode find(String groupResource, String namespace, String name) {
                ObjectNode o = ObjectStore.this.find(groupResource, namespace, name);
                return o == null ? null : o.deepCopy();
            }

            @Override
            public List<ObjectNode> all(String groupResource, String namespace) {
                List<ObjectNode> out = new ArrayList<>();
                TreeMap<String, TreeMap<String, ObjectNode>> byNs = data.get(groupResource);
                if (byNs != null) {
                    for (var e : byNs.entrySet()) {
                        if (namespace == null || namespace.isEmpty() || namespace.equals(e.getKey())) {
                            e.getValue().values().forEach(o -> out.add(o.deepCopy()));
                        }
                    }
                }
                return out;
            }
        };
        for (Admission a : admissions) {
            a.admit(op, type, old == null ? null : old.deepCopy(), obj, view);
        }
    }

    private void commit(WatchEvent.Type type, ResourceType resource, ObjectNode before, ObjectNode after) {
        resourceVersion++;
        Objects.metadata(after).put("resourceVersion", Long.toString(resourceVersion));
        String gr = resource.groupResource();
        if (before != null) {
            unindexOwners(gr, before);
        }
        if (type == WatchEvent.Type.DELETED) {
            TreeMap<String, TreeMap<String, ObjectNode>> byNs = data.get(gr);
            TreeMap<String, ObjectNode> bucket = byNs.get(Objects.namespace(after));
            bucket.remove(Objects.name(after));
            if (bucket.isEmpty()) {
                byNs.remove(Objects.namespace(after));
            }
        } else {
            put(gr, after);
        }
        Change c = new Change(type, resource, before, after, resourceVersion);
        history[(int) (historyCount % HISTORY)] = c;
        historyCount++;
        lastWrite++;
        List<Subscription> subs = subscriptions.get(gr);
        if (subs != null) {
            for (Subscription s : subs) {
                s.deliver(c);
            }
        }
    }

    private void put(String gr, ObjectNode obj) {
        data.computeIfAbsent(gr, k -> new TreeMap<>())
                .computeIfAbsent(Objects.namespace(obj), k -> new TreeMap<>())
                .put(Objects.name(obj), obj);
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            dependents.computeIfAbsent(ref.path("uid").asString(), k -> new LinkedHashSet<>())
                    .add(new ObjectKey(gr, Objects.namespace(obj), Objects.name(obj)));
        }
    }

    private void unindexOwners(String gr, ObjectNode obj) {
        ObjectKey key = new ObjectKey(gr, Objects.namespace(obj), Objects.name(obj));
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            Set<ObjectKey> deps = dependents.get(ref.path("uid").asString());
            if (deps != null) {
                deps.remove(key);
                if (deps.isEmpty()) {
                    dependents.remove(ref.path("uid").asString());
                }
            }
        }
    }

    /** Removes a stored object, then collects or orphans what it owned. */
    private ObjectNode remove(ResourceType type, ObjectNode stored, String propagation) {
        ObjectNode gone = stored.deepCopy();
        commit(WatchEvent.Type.DELETED, type, stored, gone);
        if (type.kind().equals("CustomResourceDefinition")) {
            dropCrd(gone);
        }
        Set<ObjectKey> deps = dependents.remove(Objects.uid(stored));
        if (deps != null) {
            for (ObjectKey k : List.copyOf(deps)) {
                ObjectNode dep = find(k.groupResource(), k.namespace(), k.name());
                ResourceType depType = registry.byGroupResource(k.groupResource()).orElse(null);
                if (dep == null || depType == null) {
                    continue;
                }
                if ("Orphan".equals(propagation)) {
                    ObjectNode orphan = dep.deepCopy();
                    ArrayNode refs = (ArrayNode) Objects.metadata(orphan).get("ownerReferences");
                    refs.removeIf(r -> r.path("uid").asString().equals(Objects.uid(stored)));
                    if (refs.isEmpty()) {
                        Objects.metadata(orphan).remove("ownerReferences");
                    }
                    commit(WatchEvent.Type.MODIFIED, depType, dep, orphan);
                } else if (finalizers(dep).isEmpty()) {
                    collected.put(k, remove(depType, dep, propagation));
                } else if (!dep.path("metadata").has("deletionTimestamp")) {
                    ObjectNode marked = dep.deepCopy();
                    Objects.metadata(marked).put("deletionTimestamp", now());
                    commit(WatchEvent.Type.MODIFIED, depType, dep, marked);
                }
            }
        }
        return gone;
    }

    private void emptyNamespace(String namespace) {
        for (String gr : List.copyOf(data.keySet())) {
            ResourceType t = registry.byGroupResource(gr).orElse(null);
            TreeMap<String, ObjectNode> bucket = data.get(gr) == null ? null : data.get(gr).get(namespace);
            if (t == null || !t.namespaced() || bucket == null) {
                continue;
            }
            for (ObjectNode o : List.copyOf(bucket.values())) {
                if (find(gr, namespace, Objects.name(o)) != null) {
                    collected.put(new ObjectKey(gr, namespace, Objects.name(o)), remove(t, o, "Background"));
                }
            }
        }
    }

    /** Deleting a CRD deletes its kinds' objects and takes the kinds out of discovery. */
    private void dropCrd(ObjectNode crd) {
        String gr = crd.path("spec").path("names").path("plural").asString() + "." + crd.path("spec").path("group").asString();
        ResourceType t = registry.byGroupResource(gr).orElse(null);
        TreeMap<String, TreeMap<String, ObjectNode>> byNs = data.get(gr);
        if (t != null && byNs != null) {
            for (TreeMap<String, ObjectNode> bucket : List.copyOf(byNs.values())) {
                for (ObjectNode o : List.copyOf(bucket.values())) {
                    remove(t, o, "Background");
                }
            }
        }
        registry.unregisterCrd(Objects.name(crd));
    }

    private static void establish(ObjectNode crd) {
        ObjectNode status = crd.putObject("status");
        status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
        ArrayNode conditions = status.putArray("conditions");
        for (String c : List.of("NamesAccepted", "Established")) {
            ObjectNode cond = conditions.addObject();
            cond.put("type", c);
            cond.put("status", "True");
            cond.put("reason", c.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
            cond.put("message", c.equals("Established") ? "the initial names have been accepted" : "no conflicts found");
        }
        ArrayNode stored = status.putArray("storedVersions");
        crd.path("spec").path("versions").forEach(v -> {
            if (v.path("storage").asBoolean()) {
                stored.add(v.path("name").asString());
            }
        });
    }

    private ObjectNode find(String gr, String ns, String name) {
        TreeMap<String, TreeMap<String, ObjectNode>> byNs = data.get(gr);
        if (byNs == null) {
            return null;
        }
        TreeMap<String, ObjectNode> bucket = byNs.get(ns);
        return bucket == null ? null : bucket.get(name);
    }

    private static String ns(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null ? namespace : "";
    }

    private static List<String> finalizers(ObjectNode obj) {
        List<String> out = new ArrayList<>();
        obj.path("metadata").path("finalizers").forEach(f -> out.add(f.asString()));
        if (obj.path("kind").asString().equals("Namespace")) {
            // "kubernetes" stands for emptying the namespace, which delete does at once
            obj.path("spec").path("finalizers").forEach(f -> {
                if (!f.asString().equals("kubernetes")) {
                    out.add(f.asString());
                }
            });
        }
        return out;
    }

    /** Everything but metadata and status: a change here bumps {@code metadata.generation}. */
    private static ObjectNode specOf(ObjectNode obj) {
        ObjectNode copy = obj.deepCopy();
        copy.remove(List.of("metadata", "status", "apiVersion", "kind"));
        return copy;
    }

    /** Objects are stored in their storage version; a reader asking through another served version sees that one. */
    private static ObjectNode withVersion(ObjectNode obj, ResourceType type) {
        if (Conversions.converted(type)) {
            return Conversions.fromStorage(obj);
        }
        obj.put("apiVersion", type.apiVersion());
        return obj;
    }

    /** The version a group/resource is stored in (the registry lists it first). */
    private ResourceType storageType(ResourceType type) {
        return registry.byGroupResource(type.groupResource()).orElseThrow();
    }

    private void validateName(ResourceType type, String name) {
        if (type.group().equals("rbac.authorization.k8s.io")) {
            // RBAC names are path segments ("system:controller:…", "metallb-system:speaker")
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                throw StoreException.invalid(type.kind(), name, "metadata.name: Invalid value: \"" + name
                        + "\": may not contain '/' or '%' and may not be '.' or '..'");
            }
            return;
        }
        // an APIService is named <version>.<group>, the core group's "v1." with its empty group
        String checked = type.kind().equals("APIService") && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        boolean ok = checked.length() <= 253 && checked.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        if (!ok || (type.kind().equals("Namespace") && (name.length() > 63 || name.contains(".")))) {
            throw StoreException.invalid(type.kind(), name, "metadata.name: Invalid value: \"" + name
                    + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                    + " and must start and end with an alphanumeric character");
        }
    }

    /** Seeded, so the same scenario yields the same names: a hash of the cluster, prefix and use count. */
    private String generateName(ResourceType type, String ns, String prefix) {
        while (true) {
            String key = type.groupResource() + "/" + ns + "/" + prefix;
            int n = generatedNames.merge(key, 1, Integer::sum);
            String suffix = suffix(seed, cluster + "/" + key + "#" + n, 5);
            if (find(type.groupResource(), ns, prefix + suffix) == null) {
                return prefix + suffix;
            }
        }
    }

    /** A deterministic suffix in Kubernetes' name alphabet (no vowels, no look-alike digits). */
    public static String suffix(long seed, String key, int length) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            sb.append(NAME_ALPHABET.charAt((int) Long.remainderUnsigned(h >>> 17, NAME_ALPHABET.length())));
        }
        return sb.toString();
    }

    private String nextUid() {
        uidCounter++;
        return UUID.nameUUIDFromBytes((seed + "/" + cluster + "/" + uidCounter).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The store clock as an RFC 3339 timestamp (seconds), as creationTimestamp shows it. */
    public String now() {
        return clock.get().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
