package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/**
 * Writes core/v1 Events the way client-go's recorder does: named {@code <object>.<hex nanos>}, with
 * involvedObject, reason, message, type, source and reporting component, and with repeats of the same event
 * folded into one object whose {@code count} and {@code lastTimestamp} grow. Names come from the virtual
 * clock plus a sequence number, so they are the same on every run.
 */
public final class EventRecorder {

    private final ControllerContext ctx;
    /** Recent events by what they say, so a repeat bumps the count; bounded (old events expire anyway). */
    private final Map<String, String> seen = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 4_096;
        }
    };
    private long seq;

    EventRecorder(ControllerContext ctx) {
        this.ctx = ctx;
    }

    public void normal(String component, String host, JsonNode involved, String reason, String message) {
        record(component, host, involved, null, "Normal", reason, message);
    }

    public void warning(String component, String host, JsonNode involved, String reason, String message) {
        record(component, host, involved, null, "Warning", reason, message);
    }

    /**
     * @param component  {@code source.component}/{@code reportingComponent}, e.g. {@code default-scheduler}, {@code kubelet}
     * @param host       {@code source.host} (the node for kubelet events), or null
     * @param involved   the object the event is about (needs apiVersion, kind, metadata)
     * @param fieldPath  e.g. {@code spec.containers{nginx}}, or null
     * @param type       {@code Normal} or {@code Warning}
     */
    public void record(String component, String host, JsonNode involved, String fieldPath, String type,
            String reason, String message) {
        ObjectStore store = ctx.store();
        ResourceType events = ctx.type("v1", "Event");
        String ns = involved.path("metadata").path("namespace").asString("");
        String eventNs = ns.isEmpty() ? "default" : ns;
        String involvedName = involved.path("metadata").path("name").asString();
        String uid = involved.path("metadata").path("uid").asString("");
        String key = String.join("\u0000", eventNs, involved.path("kind").asString(), involvedName, uid,
                fieldPath == null ? "" : fieldPath, component, host == null ? "" : host, type, reason, message);
        Instant now = ctx.now();
        String existing = seen.get(key);
        if (existing != null) {
            ObjectNode ev = store.find(events, eventNs, existing);
            if (ev != null) {
                ev.put("count", ev.path("count").asInt(1) + 1);
                ev.put("lastTimestamp", Json.ts(now));
                Json.meta(ev).remove("resourceVersion");
                store.update(events, eventNs, existing, ev);
                return;
            }
        }
        if (store.find(ctx.type("v1", "Namespace"), "", eventNs) == null) {
            return; // the namespace is gone (being deleted): nothing to record into
        }
        ObjectNode ev = Json.newObject("v1", "Event", eventNs, "");
        ObjectNode io = ev.putObject("involvedObject");
        io.put("kind", involved.path("kind").asString());
        if (!ns.isEmpty()) {
            io.put("namespace", ns);
        }
        io.put("name", involvedName);
        if (!uid.isEmpty()) {
            io.put("uid", uid);
        }
        io.put("apiVersion", involved.path("apiVersion").asString());
        String rv = involved.path("metadata").path("resourceVersion").asString("");
        if (!rv.isEmpty()) {
            io.put("resourceVersion", rv);
        }
        if (fieldPath != null) {
            io.put("fieldPath", fieldPath);
        }
        ev.put("reason", reason);
        ev.put("message", message);
        ObjectNode source = ev.putObject("source");
        source.put("component", component);
        if (host != null) {
            source.put("host", host);
        }
        ev.put("firstTimestamp", Json.ts(now));
        ev.put("lastTimestamp", Json.ts(now));
        ev.put("count", 1);
        ev.put("type", type);
        ev.putNull("eventTime");
        ev.put("reportingComponent", component);
        ev.put("reportingInstance", host == null ? "" : host);
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        for (int attempt = 0; ; attempt++) {
            String name = involvedName + "." + Long.toHexString(nanos + seq++);
            Json.meta(ev).put("name", name);
            try {
                store.create(events, eventNs, ev);
                seen.put(key, name);
                return;
            } catch (StoreException e) {
                if (e.code() != 409 || attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
