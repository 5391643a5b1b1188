package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import io.vertx.core.Context;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One open watch, over chunked HTTP or a WebSocket. The store calls {@link #onEvent} under its write lock;
 * that only enqueues and schedules a drain on the connection's event loop, which encodes and writes. Nothing
 * here ever waits for the event loop, so closing from either side cannot stall the server. While the
 * connection's write queue is full the drain pauses and resumes when it empties (TCP back-pressure is a slow
 * reader, not a dead one); a client that falls more than {@link #MAX_PENDING} events behind is disconnected, as
 * kube-apiserver does with watchers whose buffer overflows; it re-lists or resumes.
 */
final class WatchStream {

    /** How many undelivered events a watcher may fall behind before it is cut off. */
    static final int MAX_PENDING = 50_000;

    /** Where encoded events go. Called on the event loop only. */
    interface Transport {
        boolean writeQueueFull();

        /** Runs {@code r} once the write queue has room again. */
        void whenWritable(Runnable r);

        void send(String json);

        /** Ends the stream cleanly (chunked terminator / close frame). */
        void end();

        /** Drops the connection (slow consumer). */
        void abort();
    }

    private final Context context;
    private final Transport transport;
    private final ResourceType type;
    private final boolean table;
    private final String includeObject;
    private final Supplier<Instant> clock;
    private final LongSupplier currentVersion;
    private final Runnable onClose;
    volatile List<ObjectNode> printerColumns;
    private final ConcurrentLinkedQueue<ObjectNode> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ObjectStore.Watch watch;
    private volatile boolean endAfterDrain;
    private volatile boolean abortAfterDrain;
    private long lastVersion;
    private boolean headersSent;
    private final List<Long> timers = new java.util.concurrent.CopyOnWriteArrayList<>();

    WatchStream(Context context, Transport transport, ResourceType type, boolean table, String includeObject,
            Supplier<Instant> clock, LongSupplier currentVersion, Runnable onClose) {
        this.context = context;
        this.transport = transport;
        this.type = type;
        this.table = table;
        this.includeObject = includeObject;
        this.clock = clock;
        this.currentVersion = currentVersion;
        this.onClose = onClose;
    }

    void attach(ObjectStore.Watch w) {
        this.watch = w;
        if (closed.get()) {
            w.close();
        }
    }

    void addTimer(long id) {
        timers.add(id);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Store thread (under its write lock): enqueue only. */
    void onEvent(WatchEvent e) {
        if (closed.get()) {
            return;
        }
        ObjectNode ev = Json.object();
        ev.put("type", e.type().name());
        ev.set("object", e.object());
        ev.put("__rv", e.resourceVersion());
        enqueue(ev);
    }

    /** An ERROR event carrying a Status (e.g. 410 Expired), then the end of the stream. */
    void error(ObjectNode status) {
        ObjectNode ev = Json.object();
        ev.put("type", "ERROR");
        ev.set("object", status);
        enqueue(ev);
        endAfterDrain = true;
        schedule();
    }

    /** A BOOKMARK with the store's current resourceVersion (only after everything before it). */
    void bookmark() {
        if (closed.get()) {
            return;
        }
        long rv = currentVersion.getAsLong();
        ObjectNode obj = Json.object();
        obj.put("kind", type.kind());
        obj.put("apiVersion", type.apiVersion());
        ObjectNode meta = obj.putObject("metadata");
        meta.put("resourceVersion", Long.toString(rv));
        meta.putNull("creationTimestamp");
        ObjectNode ev = Json.object();
        ev.put("type", "BOOKMARK");
        ev.set("object", obj);
        ev.put("__rv", -rv);
        enqueue(ev);
    }

    /**
     * timeoutSeconds has passed: stop now, dropping what was not delivered yet, as kube-apiserver stops reading its
     * watcher's buffer when the watch's time is up — the client resumes from the last resourceVersion it got. A drain
     * paused behind a reader that does not read no longer keeps the watch (and its store subscription) alive.
     */
    void expire() {
        close();
    }

    /** Ends the watch after what is queued (a server with nothing to watch). */
    void finish() {
        endAfterDrain = true;
        schedule();
    }

    private void enqueue(ObjectNode ev) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            abortAfterDrain = true;
        } else {
            queue.add(ev);
        }
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        scheduled.set(false);
        if (closed.get()) {
            queue.clear();
            return;
        }
        if (abortAfterDrain) {
            closeNow(true);
            return;
        }
        ObjectNode ev;
        while (!queue.isEmpty()) {
            if (transport.writeQueueFull()) {
                transport.whenWritable(this::schedule);
                return;
            }
            ev = queue.poll();
            pending.decrementAndGet();
            long rv = ev.has("__rv") ? ev.remove("__rv").asLong() : 0;
            if (rv < 0) { // bookmark: never behind an event already sent
                long b = Math.max(-rv, lastVersion);
                ((ObjectNode) ev.get("object").get("metadata")).put("resourceVersion", Long.toString(b));
            } else if (rv > 0) {
                lastVersion = Math.max(lastVersion, rv);
                if (table) {
                    ev.set("object", asTable((ObjectNode) ev.get("object")));
                }
            }
            transport.send(Json.string(ev));
        }
        if (endAfterDrain) {
            closeNow(false);
        }
    }

    private ObjectNode asTable(ObjectNode obj) {
        ObjectNode t = Tables.table(type, List.of(obj), null, includeObject, clock.get(), printerColumns);
        if (headersSent) {
            ((ArrayNode) t.get("columnDefinitions")).removeAll();
        }
        headersSent = true;
        return t;
    }

    /** Stops delivery and ends the stream; safe from any thread, any number of times. */
    void close() {
        if (context.isEventLoopContext() && io.vertx.core.Vertx.currentContext() == context) {
            closeNow(false);
        } else {
            context.runOnContext(v -> closeNow(false));
            stopWatch();
        }
    }

    /** The client went away: only release the store subscription. */
    void clientGone() {
        if (closed.compareAndSet(false, true)) {
            stopWatch();
            cancelTimers();
            onClose.run();
        }
    }

    private void closeNow(boolean abort) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopWatch();
        cancelTimers();
        queue.clear();
        try {
            if (abort) {
                transport.abort();
            } else {
                transport.end();
            }
        } catch (RuntimeException ignored) {
            // the connection is already gone
        }
        onClose.run();
    }

    private void stopWatch() {
        ObjectStore.Watch w = watch;
        if (w != null) {
            w.close();
        }
    }

    private void cancelTimers() {
        for (Long id : timers) {
            context.owner().cancelTimer(id);
        }
    }
}
