package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.backend.sim.VirtualClock;
import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.StoreException;
import dev.meshstage.backend.sim.store.WatchEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The controller manager of one simulated cluster: a single thread that takes work from one queue (fed by
 * store watches) and from a timer queue ordered by (due virtual time, sequence number). Controllers only ever
 * run on this thread, so for the same sequence of API requests they make the same writes in the same order,
 * and the store hands out the same names, uids and timestamps.
 *
 * <p>In instant mode the runtime jumps the {@link VirtualClock} to the next timer as soon as there is no
 * immediate work, but never beyond the <em>jump limit</em>: every write from outside the runtime (an API
 * request) moves that limit to now + {@link #autoHorizon()}, so a scenario that keeps scheduling timers (an
 * image pull back-off) cannot run the clock away. {@link #advance} moves it explicitly. On a live clock a wall-clock
 * timer that fires ({@link #scheduleWall}: an init container's run, a grace period) moves it too, as a person acting
 * then would.
 *
 * <p>Reproducibility needs requests to be serialized with the runtime: in instant mode the API server calls
 * {@link #awaitQuiescence()} after every write before it answers (and the shell after every command), so a
 * request never races with the controllers' reaction to the previous one.
 *
 * <pre>
 *   VirtualClock clock = VirtualClock.instant();            // or VirtualClock.paced(start, speed)
 *   ObjectStore store = new ObjectStore("cluster1", new ResourceRegistry(), clock, seed);
 *   SimRuntime rt = SimRuntime.standard(store, clock, ClusterEnvironment.of(plan, allPlans, seed, caPem));
 *   rt.start();  rt.awaitQuiescence();  …  rt.close();
 * </pre>
 */
public final class SimRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SimRuntime.class.getName());
    private static final Duration EVENT_TTL = Duration.ofHours(1);
    private static final int MAX_ATTEMPTS = 5;

    /** A scheduled action; cancelling it is idempotent. */
    public static final class Timer implements Comparable<Timer> {
        final Instant due;
        final long seq;
        final Runnable action;
        volatile boolean cancelled;

        Timer(Instant due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        public void cancel() {
            cancelled = true;
        }

        public Instant due() {
            return due;
        }

        @Override
        public int compareTo(Timer o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private record Task(String key, Runnable action, int attempt) {
    }

    private final ObjectStore store;
    private final VirtualClock clock;
    private final ClusterEnvironment env;
    private final ControllerContext ctx;
    private final EventRecorder events;
    private final ImageCatalogue images;
    private final LogBook logs;
    private final List<SimController> controllers = new ArrayList<>();
    private final Map<String, List<SimController>> byResource = new LinkedHashMap<>();
    private final Map<String, ObjectStore.Watch> watches = new LinkedHashMap<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private final ArrayDeque<Task> work = new ArrayDeque<>();
    private final Set<String> pendingKeys = new HashSet<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Live only: timers due by the wall clock ({@link #scheduleWall}), which the runtime never jumps to. */
    private final PriorityQueue<Timer> wallTimers = new PriorityQueue<>();
    private long timerSeq;
    private boolean busy;
    private Instant jumpLimit;
    private Duration autoHorizon = Duration.ofSeconds(60);
    private volatile Instant lastExpiry;
    private volatile boolean running;
    private Thread thread;
    private final java.util.concurrent.ScheduledExecutorService wallTicker =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sim-wall-ticker");
                t.setDaemon(true);
                return t;
            });
    private volatile ContainerPrograms programs = ContainerPrograms.SERVERS;

    public SimRuntime(ObjectStore store, VirtualClock clock, ClusterEnvironment env) {
        this(store, clock, env, new ImageCatalogue());
    }

    public SimRuntime(ObjectStore store, VirtualClock clock, ClusterEnvironment env, ImageCatalogue images) {
        this.store = store;
        this.clock = clock;
        this.env = env;
        this.images = images;
        images.offlineWhen(() -> ImageCatalogue.offlineIn(store));
        this.logs = new LogBook(clock);
        this.ctx = new ControllerContext(this);
        this.events = new EventRecorder(ctx);
        this.jumpLimit = clock.timerNow();
        store.registry().onChange(() -> enqueue("runtime/refresh-watches", this::refreshWatches));
    }

    /** A runtime with every built-in controller of a kind v1.34 cluster registered. */
    public static SimRuntime standard(ObjectStore store, VirtualClock clock, ClusterEnvironment env) {
        SimRuntime rt = new SimRuntime(store, clock, env);
        rt.register(new SecretStringDataAdmission());
        rt.register(new ServiceAllocator());
        // the injector's containers get the API server's pod defaults too
        rt.register(new SidecarInjection());
        rt.register(new PodDefaultsAdmission());
        rt.register(new NodeController());
        rt.register(new NodeHeartbeats());
        rt.register(new SystemComponents());
        rt.register(new NamespaceController());
        rt.register(new Scheduler());
        rt.register(new Kubelet());
        rt.register(new DeploymentController());
        rt.register(new ReplicaSetController());
        rt.register(new StatefulSetController());
        rt.register(new DaemonSetController());
        rt.register(new JobController());
        rt.register(new CronJobController());
        rt.register(new HorizontalPodAutoscalerController());
        rt.register(new EndpointsController());
        rt.register(new ServiceAccountTokenController());
        rt.register(new LocalPathProvisioner());
        rt.register(new MetalLbController());
        rt.register(new IstiodController());
        rt.register(new ProbeLogs());
        return rt;
    }

    /** Adds a controller; its admissions are registered with the store at once. Before or after start. */
    public synchronized SimRuntime register(SimController controller) {
        controllers.add(controller);
        controller.admissions(ctx);
        if (running) {
            enqueue(null, () -> {
                refreshWatches();
                controller.start(ctx);
            });
        }
        return this;
    }

    // ---------------------------------------------------------------- accessors

    public ObjectStore store() {
        return store;
    }

    public VirtualClock clock() {
        return clock;
    }

    public ClusterEnvironment env() {
        return env;
    }

    public ControllerContext context() {
        return ctx;
    }

    EventRecorder events() {
        return events;
    }

    public ImageCatalogue images() {
        return images;
    }

    public LogBook logs() {
        return logs;
    }

    /** What containers' commands do when they start (the simulated container runtime's shell). */
    public ContainerPrograms programs() {
        return programs;
    }

    public void programs(ContainerPrograms p) {
        this.programs = p;
    }

    /**
     * An interactive main process (a container with {@code stdin}, attached to by {@code kubectl run -it}) ended with
     * {@code exitCode}: the kubelet lets the container exit, on the runtime's thread.
     */
    public void mainProcessExited(String podUid, String container, int exitCode) {
        schedule(Duration.ZERO, () -> {
            Kubelet k = controller(Kubelet.class);
            if (k != null) {
                k.mainProcessExited(ctx, podUid, container, exitCode);
            }
        });
    }

    /** The container logs the kubelets wrote, for the API server's {@code pods/log}. */
    public PodLogSource logSource() {
        return logs;
    }

    public List<SimController> controllers() {
        return List.copyOf(controllers);
    }

    @SuppressWarnings("unchecked")
    public <T extends SimController> T controller(Class<T> type) {
        for (SimController c : controllers) {
            if (type.isInstance(c)) {
                return (T) c;
            }
        }
        return null;
    }

    /** Exceptions controllers threw (logged and otherwise swallowed); tests assert this stays empty. */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    public Duration autoHorizon() {
        synchronized (lock) {
            return autoHorizon;
        }
    }

    /** How far (virtual time) an outside write lets instant mode run ahead; zero = only explicit {@link #advance}. */
    public void setAutoHorizon(Duration horizon) {
        synchronized (lock) {
            autoHorizon = horizon;
            lock.notifyAll();
        }
    }

    /**
     * Marks images as already present on every node of this cluster ({@code kind load docker-image}); the
     * kubelet then starts them without pulling, and an image unknown to the catalogue becomes startable.
     */
    public void preloadImages(Collection<String> refs) {
        images.preload(refs);
        enqueue("kubelet/preload", () -> {
            Kubelet k = controller(Kubelet.class);
            if (k != null) {
                k.imagesPreloaded(ctx, refs);
            }
        });
    }

    // ---------------------------------------------------------------- lifecycle

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        enqueue(null, this::refreshWatches);
        for (SimController c : controllers) {
            enqueue(null, () -> c.start(ctx));
        }
        synchronized (lock) {
            jumpLimit = max(jumpLimit, clock.timerNow().plus(autoHorizon));
        }
        thread = new Thread(this::loop, "sim-" + store.cluster());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread and the watches; pending work and timers are dropped (state lives in the store). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        wallTicker.shutdownNow();
        synchronized (lock) {
            lock.notifyAll();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            watches.values().forEach(ObjectStore.Watch::close);
            watches.clear();
        }
    }

    /** Same as {@link #close()}. */
    public void stop() {
        close();
    }

    public boolean isRunning() {
        return running;
    }

    // ---------------------------------------------------------------- queueing

    void enqueue(String key, Runnable action) {
        synchronized (lock) {
            if (key != null && !pendingKeys.add(key)) {
                return;
            }
            work.add(new Task(key, action, 1));
            lock.notifyAll();
        }
    }

    /** See {@link ControllerContext#everyLive}: wall-clock work (heartbeats, leases) that instant time never runs. */
    void everyLive(String key, Duration period, Runnable action) {
        long ms = period.toMillis();
        wallTicker.scheduleAtFixedRate(() -> {
            if (running && clock.mode() == VirtualClock.Mode.LIVE) {
                enqueue(key, action);
            }
        }, ms, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    Timer schedule(Duration delay, Runnable action) {
        synchronized (lock) {
            Timer t = new Timer(clock.timerNow().plus(delay.isNegative() ? Duration.ZERO : delay), timerSeq++, action);
            timers.add(t);
            lock.notifyAll();
            return t;
        }
    }

    /**
     * A timer for time a person waits for (a grace period, a back-off, a command's {@code sleep}, a CronJob's
     * schedule): on a live clock it is due by the wall clock and time never jumps to it, so {@code kubectl get}
     * shows a pod Terminating until its grace ends; on instant or paced time it is an ordinary timer.
     */
    Timer scheduleWall(Duration delay, Runnable action) {
        synchronized (lock) {
            if (clock.mode() != VirtualClock.Mode.LIVE) {
                return schedule(delay, action);
            }
            Timer t = new Timer(clock.get().plus(delay.isNegative() ? Duration.ZERO : delay), timerSeq++, action);
            wallTimers.add(t);
            lock.notifyAll();
            return t;
        }
    }

    private void onWatchEvent(String groupResource, WatchEvent e) {
        synchronized (lock) {
            if (Thread.currentThread() != thread) {
                jumpLimit = max(jumpLimit, clock.timerNow().plus(autoHorizon));
            }
            for (SimController c : byResource.getOrDefault(groupResource, List.of())) {
                work.add(new Task(null, () -> c.onEvent(e, ctx), 1));
            }
            lock.notifyAll();
        }
    }

    /** Subscribes to every kind some controller wants and that is not watched yet. Runtime thread only. */
    private void refreshWatches() {
        List<ResourceType> toWatch = new ArrayList<>();
        for (SimController c : controllers) {
            for (ResourceType t : c.watches(store.registry())) {
                List<SimController> list;
                boolean fresh;
                synchronized (lock) {
                    list = byResource.computeIfAbsent(t.groupResource(), k -> new CopyOnWriteArrayList<>());
                    fresh = !list.contains(c);
                    if (fresh) {
                        list.add(c);
                    }
                }
                if (!watches.containsKey(t.groupResource()) && toWatch.stream().noneMatch(x -> x.groupResource().equals(t.groupResource()))) {
                    toWatch.add(t);
                } else if (fresh && watches.containsKey(t.groupResource())) {
                    // a controller joining an existing watch sees the current objects as ADDED
                    for (var o : store.list(t, "")) {
                        WatchEvent added = new WatchEvent(WatchEvent.Type.ADDED, t, o, 0);
                        enqueue(null, () -> c.onEvent(added, ctx));
                    }
                }
            }
        }
        for (ResourceType t : toWatch) {
            String gr = t.groupResource();
            watches.put(gr, store.watch(t, "", LabelSelector.everything(), FieldSelector.everything(), 0,
                    e -> onWatchEvent(gr, e)));
        }
    }

    // ---------------------------------------------------------------- the loop

    private void loop() {
        while (true) {
            Runnable action;
            Task task = null;
            synchronized (lock) {
                busy = false;
                lock.notifyAll();
                while (true) {
                    if (!running) {
                        return;
                    }
                    if (!work.isEmpty()) {
                        task = work.poll();
                        if (task.key() != null) {
                            pendingKeys.remove(task.key());
                        }
                        action = task.action();
                        break;
                    }
                    Timer wall = peek(wallTimers);
                    if (wall != null && !wall.due.isAfter(clock.get())) {
                        wallTimers.poll();
                        action = wall.action;
                        // the time a person waited for has passed, as if they had acted now: what follows from it
                        // (a pull after an init container's run, a readiness delay) may jump again, though other
                        // timers (an app retrying its dependencies) took the clock up to the limit meanwhile
                        jumpLimit = max(jumpLimit, clock.timerNow().plus(autoHorizon));
                        break;
                    }
                    Timer head = peekTimer();
                    Instant now = clock.timerNow();
                    if (head != null && !head.due.isAfter(now)) {
                        timers.poll();
                        action = head.action;
                        break;
                    }
                    if (head != null && clock.isInstant() && !head.due.isAfter(jumpLimit)) {
                        clock.advanceTo(head.due);
                        continue;
                    }
                    if (lastExpiry == null || Duration.between(lastExpiry, clock.get()).compareTo(Duration.ofMinutes(1)) >= 0) {
                        action = () -> { };  // housekeeping only: expireEvents() below
                        break;
                    }
                    long waitMs = 250;
                    if (head != null && !clock.isInstant()) {
                        waitMs = Math.max(1, Math.min(waitMs, clock.realDelayUntil(head.due).toMillis()));
                    }
                    if (wall != null) {
                        waitMs = Math.max(1, Math.min(waitMs, Duration.between(clock.get(), wall.due).toMillis()));
                    }
                    try {
                        lock.wait(waitMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                busy = true;
            }
            run(task, action);
            expireEvents();
        }
    }

    private Timer peekTimer() {
        return peek(timers);
    }

    private static Timer peek(PriorityQueue<Timer> queue) {
        Timer head = queue.peek();
        while (head != null && head.cancelled) {
            queue.poll();
            head = queue.peek();
        }
        return head;
    }

    private void run(Task task, Runnable action) {
        try {
            action.run();
        } catch (StoreException e) {
            if (e.code() == 409 && task != null && task.attempt() < MAX_ATTEMPTS) {
                synchronized (lock) {
                    work.add(new Task(null, task.action(), task.attempt() + 1));
                }
                return;
            }
            fail(e);
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        errors.add(e);
        LOG.log(System.Logger.Level.WARNING, "sim " + store.cluster() + ": controller failed", e);
    }

    private void expireEvents() {
        Instant now = clock.get();
        if (lastExpiry != null && Duration.between(lastExpiry, now).compareTo(Duration.ofMinutes(1)) < 0) {
            return;
        }
        lastExpiry = now;
        try {
            store.expire(store.registry().require("v1", "Event"), EVENT_TTL.toSeconds());
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    // ---------------------------------------------------------------- waiting

    private boolean quiet() {
        if (busy || !work.isEmpty()) {
            return false;
        }
        if (running && (lastExpiry == null || Duration.between(lastExpiry, clock.get()).compareTo(Duration.ofMinutes(1)) >= 0)) {
            return false; // housekeeping (event expiry) is due
        }
        Timer wall = peek(wallTimers);
        if (wall != null && !wall.due.isAfter(clock.get())) {
            return false;
        }
        Timer head = peekTimer();
        if (head == null) {
            return true;
        }
        Instant limit = clock.isInstant() ? jumpLimit : clock.timerNow();
        return head.due.isAfter(limit);
    }

    /** Waits (up to 60 s real time) until all immediate work is done and, in instant mode, all timers up to the jump limit fired. */
    public void awaitQuiescence() {
        awaitQuiescence(Duration.ofSeconds(60));
    }

    public void awaitQuiescence(Duration realTimeout) {
        long deadline = System.nanoTime() + realTimeout.toNanos();
        synchronized (lock) {
            while (!quiet()) {
                if (!running) {
                    throw new IllegalStateException("sim runtime " + store.cluster() + " is not running");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("sim " + store.cluster() + " did not settle within " + realTimeout
                            + " (" + work.size() + " queued, " + timers.size() + " timers)");
                }
                try {
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * Lets {@code d} of virtual time pass: in instant mode every timer due until now + d fires, then the clock
     * stands at now + d; in paced mode the clock skips ahead by d.
     */
    public void advance(Duration d) {
        Instant target = clock.timerNow().plus(d);
        synchronized (lock) {
            jumpLimit = max(jumpLimit, target);
            lock.notifyAll();
        }
        awaitQuiescence();
        clock.advanceTo(target);
        synchronized (lock) {
            lock.notifyAll();
        }
        awaitQuiescence();
    }

    /** The due times of pending timers, earliest first (diagnostics). */
    public List<Instant> pendingTimers() {
        synchronized (lock) {
            List<Instant> out = new ArrayList<>();
            for (Timer t : timers) {
                if (!t.cancelled) {
                    out.add(t.due);
                }
            }
            for (Timer t : wallTimers) {
                if (!t.cancelled) {
                    out.add(t.due);
                }
            }
            Collections.sort(out);
            return out;
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
