package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.StoreException;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelets of every node of the cluster. For each pod bound to a node: ContainerCreating, a sandbox with
 * an IP from the node's /24 (lowest free from .2; hostNetwork pods use the node address), init containers
 * one after another, then each container: pull (a few virtual seconds, once per node and image: containers that
 * need an image the node is pulling wait for that pull, then it is "already present on machine"),
 * create, start; readiness after the readiness/startup probes' delays; phase Running, or Succeeded for
 * run-to-completion pods. Images the catalogue does not know fail with ErrImagePull and back off
 * (10 s, 20 s, 40 s … 5 min) as ImagePullBackOff. Start-up log lines go into the {@link LogBook}.
 *
 * <p>All progress is written to pod status, so after a restore the kubelet picks each pod up where it was:
 * running pods keep IPs and regain their logs, pods half-way through start-up start again from the sandbox.
 */
public final class Kubelet implements SimController {

    public static final String COMPONENT = "kubelet";
    static final Duration SANDBOX_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Pattern SLEEP = Pattern.compile("\\bsleep\\s+(\\d+)");

    private static final java.time.Duration DEPENDENCY_RETRY = java.time.Duration.ofSeconds(5);
    private static final int MAX_DEPENDENCY_CHECKS = 60;
    private static final java.time.format.DateTimeFormatter DEPENDENCY_LOG_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final Map<String, PodWork> pods = new HashMap<>();
    private final Map<String, TreeMap<Long, String>> ips = new HashMap<>();
    /** Image pulls under way, by node and image: what runs for each container waiting for the same pull when it ends. */
    private final Map<String, List<Runnable>> pullsInFlight = new HashMap<>();

    private static final class Ctr {
        final JsonNode spec;
        final String name;
        final boolean init;
        boolean attempted;
        boolean pulling;
        String waitingReason;
        String waitingMessage;
        String containerId;
        Instant startedAt;
        Instant finishedAt;
        boolean ready;
        boolean startupDone;
        int pullFailures;
        int dependencyChecks;
        /** The command's run in the simulated runtime; null for a server image (runs until stopped). */
        ContainerPrograms.Run run;
        int exitCode;
        int restarts;
        /** Counts starts, so timers of an earlier instance of the container do nothing. */
        int instance;
        ObjectNode lastTerminated;

        Ctr(JsonNode spec, boolean init) {
            this.spec = spec;
            this.name = spec.path("name").asString();
            this.init = init;
            this.waitingReason = init ? "PodInitializing" : "ContainerCreating";
        }

        String image() {
            return spec.path("image").asString("");
        }

        boolean running() {
            return startedAt != null && finishedAt == null;
        }
    }

    private static final class PodWork {
        String ns;
        String name;
        String uid;
        String node;
        boolean hostNetwork;
        boolean runToCompletion;
        boolean failed;
        String ip;
        String hostIp;
        Instant startTime;
        boolean sandbox;
        /** When the grace period of its deletion ends; null while the pod is not being deleted. */
        Instant killAt;
        final List<Ctr> init = new ArrayList<>();
        final List<Ctr> regular = new ArrayList<>();
        int initDone;
        boolean terminal;
        final List<dev.meshstage.backend.sim.controller.SimRuntime.Timer> timers = new ArrayList<>();
        JsonNode podObject;
    }

    @Override
    public String name() {
        return "kubelet";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("v1", "Pod"));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        JsonNode pod = e.object();
        String uid = Json.meta((ObjectNode) pod).path("uid").asString();
        if (e.type() == WatchEvent.Type.DELETED) {
            forget(ctx, uid, pod);
            return;
        }
        String node = pod.path("spec").path("nodeName").asString("");
        if (node.isEmpty()) {
            return;
        }
        if (!pods.containsKey(uid)) {
            ObjectNode nodeObj = ctx.store().find(ctx.type("v1", "Node"), "", node);
            if (nodeObj == null) {
                return;
            }
            adopt(ctx, (ObjectNode) pod, nodeObj);
        }
        PodWork w = pods.get(uid);
        if (w != null && Pods.deleting(pod)) {
            terminate(ctx, w, pod);
        }
    }

    // ---------------------------------------------------------------- graceful termination

    /**
     * The pod was deleted with a grace period: no container starts or restarts any more; each running one runs
     * its preStop hook and stops on SIGTERM ({@link Termination}), what is still running when the grace ends is
     * killed (exit 137), and once nothing runs the kubelet deletes the pod for good. A shorter grace from a
     * second delete brings the kill forward.
     */
    private void terminate(ControllerContext ctx, PodWork w, JsonNode pod) {
        // as the kubelet: the grace counts from when it sees the delete (the deletionTimestamp is cut to the second)
        JsonNode grace = pod.path("metadata").path("deletionGracePeriodSeconds");
        Instant deadline = grace.isNumber() ? ctx.now().plusSeconds(grace.asLong())
                : Json.parseTime(pod.path("metadata").path("deletionTimestamp"));
        if (deadline == null || w.killAt != null && !deadline.isBefore(w.killAt)) {
            return;
        }
        boolean first = w.killAt == null;
        w.killAt = deadline;
        if (first) {
            w.timers.forEach(SimRuntime.Timer::cancel);
            w.timers.clear();
            for (Ctr c : allContainers(w)) {
                if (!c.running()) {
                    continue;
                }
                c.ready = false;
                int instance = c.instance;
                Duration sigterm = Termination.afterSigterm(c.run != null);
                if (sigterm != null) {
                    laterWall(ctx, w, Termination.preStop(c.spec).plus(sigterm), () -> stopped(ctx, w, c, instance, 0));
                } else if (c.run.runsFor() != null) {
                    // a command that ends by itself still does, if before the kill
                    Duration left = Duration.between(ctx.now(), c.startedAt.plus(c.run.runsFor()));
                    int code = c.run.exitCode();
                    laterWall(ctx, w, left, () -> stopped(ctx, w, c, instance, code));
                }
            }
            writeStatus(ctx, w);
        }
        laterWall(ctx, w, Duration.between(ctx.now(), deadline), () -> {
            for (Ctr c : allContainers(w)) {
                stopped(ctx, w, c, c.instance, 137);
            }
        });
        gone(ctx, w);
    }

    private static List<Ctr> allContainers(PodWork w) {
        List<Ctr> all = new ArrayList<>(w.init);
        all.addAll(w.regular);
        return all;
    }

    private void stopped(ControllerContext ctx, PodWork w, Ctr c, int instance, int code) {
        if (!alive(w) || !c.running() || c.instance != instance) {
            return;
        }
        c.finishedAt = ctx.now();
        c.exitCode = code;
        c.ready = false;
        writeStatus(ctx, w);
        gone(ctx, w);
    }

    /** Nothing runs any more: the kubelet's delete of grace 0 removes the pod. */
    private void gone(ControllerContext ctx, PodWork w) {
        if (!alive(w) || allContainers(w).stream().anyMatch(Ctr::running)) {
            return;
        }
        try {
            ctx.store().delete(ctx.type("v1", "Pod"), w.ns, w.name, null, w.uid, 0L);
        } catch (StoreException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- pod lifecycle

    private void adopt(ControllerContext ctx, ObjectNode pod, ObjectNode node) {
        PodWork w = new PodWork();
        w.ns = pod.path("metadata").path("namespace").asString();
        w.name = pod.path("metadata").path("name").asString();
        w.uid = pod.path("metadata").path("uid").asString();
        w.node = node.path("metadata").path("name").asString();
        w.hostNetwork = pod.path("spec").path("hostNetwork").asBoolean(false);
        w.runToCompletion = !pod.path("spec").path("restartPolicy").asString("Always").equals("Always");
        w.hostIp = internalIp(node);
        w.podObject = pod;
        pod.path("spec").path("initContainers").forEach(c -> w.init.add(new Ctr(c, true)));
        pod.path("spec").path("containers").forEach(c -> w.regular.add(new Ctr(c, false)));
        pods.put(w.uid, w);
        if (Pods.terminal(pod)) {
            w.terminal = true;
            return;
        }
        String existingIp = pod.path("status").path("podIP").asString("");
        if (!existingIp.isEmpty() && !w.hostNetwork) {
            reserve(w.node, existingIp, w.uid);
            w.ip = existingIp;
        }
        boolean anyStarted = false;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            anyStarted |= cs.path("state").has("running") || cs.path("state").has("terminated");
        }
        if (anyStarted) {
            restore(ctx, w, pod);
        } else {
            begin(ctx, w, pod);
        }
    }

    private void begin(ControllerContext ctx, PodWork w, ObjectNode pod) {
        Instant st = Json.parseTime(pod.path("status").path("startTime"));
        w.startTime = st != null ? st : ctx.now();
        writeStatus(ctx, w);
        later(ctx, w, SANDBOX_DELAY, () -> sandbox(ctx, w));
    }

    /** A restart found this pod already (partly) running: rebuild the in-memory state from its status. */
    private void restore(ControllerContext ctx, PodWork w, ObjectNode pod) {
        w.startTime = Json.parseTime(pod.path("status").path("startTime"));
        if (w.startTime == null) {
            w.startTime = ctx.now();
        }
        w.sandbox = true;
        if (w.hostNetwork) {
            w.ip = w.hostIp;
        } else if (w.ip == null) {
            w.ip = allocate(ctx, w);
        }
        w.initDone = w.init.size();
        for (Ctr c : w.init) {
            c.attempted = true;
            c.startedAt = w.startTime;
            c.finishedAt = w.startTime;
        }
        Map<String, JsonNode> statuses = new HashMap<>();
        pod.path("status").path("containerStatuses").forEach(cs -> statuses.put(cs.path("name").asString(), cs));
        for (Ctr c : w.regular) {
            JsonNode cs = statuses.get(c.name);
            if (cs == null) {
                continue;
            }
            JsonNode state = cs.path("state");
            if (state.has("running")) {
                c.attempted = true;
                c.containerId = cs.path("containerID").asString(null);
                c.startedAt = Json.parseTime(state.path("running").path("startedAt"));
                c.ready = cs.path("ready").asBoolean(false);
                c.startupDone = cs.path("started").asBoolean(true);
                if (!ctx.logs().has(w.ns, w.name, c.name)) {
                    writeStartupLogs(ctx, w, c);
                }
                if (!c.ready || !c.startupDone) {
                    Duration left = Duration.between(ctx.now(), readyAt(c));
                    later(ctx, w, left.isNegative() ? Duration.ZERO : left, () -> becomeReady(ctx, w, c));
                }
                c.restarts = cs.path("restartCount").asInt(0);
                c.run = ctx.programs().start(pod, c.spec);
                Duration runs = c.run != null ? c.run.runsFor() : w.runToCompletion ? runFor(c) : null;
                if (runs != null) {
                    Duration left = Duration.between(ctx.now(), c.startedAt.plus(runs));
                    int code = c.run != null ? c.run.exitCode() : 0;
                    int instance = c.instance;
                    later(ctx, w, left.isNegative() ? Duration.ZERO : left, () -> exit(ctx, w, c, code, instance));
                }
            } else if (state.has("terminated")) {
                c.attempted = true;
                c.containerId = cs.path("containerID").asString(null);
                c.startedAt = Json.parseTime(state.path("terminated").path("startedAt"));
                c.finishedAt = Json.parseTime(state.path("terminated").path("finishedAt"));
                c.exitCode = state.path("terminated").path("exitCode").asInt(0);
                c.restarts = cs.path("restartCount").asInt(0);
                w.failed |= c.exitCode != 0;
            }
        }
        writeStatus(ctx, w);
        next(ctx, w);
    }

    private void sandbox(ControllerContext ctx, PodWork w) {
        if (!alive(w)) {
            return;
        }
        if (!claimsBound(ctx, w)) {
            later(ctx, w, Duration.ofSeconds(2), () -> sandbox(ctx, w));
            return;
        }
        w.ip = w.hostNetwork ? w.hostIp : w.ip != null ? w.ip : allocate(ctx, w);
        w.sandbox = true;
        writeStatus(ctx, w);
        next(ctx, w);
    }

    /** Starts the next container that has not been attempted: init containers strictly in order, then the rest. */
    private void next(ControllerContext ctx, PodWork w) {
        if (!alive(w) || !w.sandbox || w.terminal) {
            return;
        }
        if (w.initDone < w.init.size()) {
            Ctr c = w.init.get(w.initDone);
            if (!c.attempted) {
                startContainer(ctx, w, c);
            }
            return;
        }
        for (Ctr c : w.regular) {
            if (!c.attempted) {
                startContainer(ctx, w, c);
                return;
            }
        }
    }

    private void startContainer(ControllerContext ctx, PodWork w, Ctr c) {
        c.attempted = true;
        if (!c.init) {
            c.waitingReason = "ContainerCreating";
        }
        String policy = c.spec.path("imagePullPolicy").asString(ImageCatalogue.isLatest(c.image()) ? "Always" : "IfNotPresent");
        boolean present = imagePresent(ctx, w.node, c.image());
        if (policy.equals("Never") && !present) {
            c.waitingReason = "ErrImageNeverPull";
            c.waitingMessage = "Container image \"" + c.image() + "\" is not present with pull policy of Never";
            event(ctx, w, c, "Warning", "ErrImageNeverPull", c.waitingMessage);
            writeStatus(ctx, w);
            next(ctx, w);
            return;
        }
        if (present && !policy.equals("Always")) {
            event(ctx, w, c, "Normal", "Pulled", "Container image \"" + c.image() + "\" already present on machine");
            createAndStart(ctx, w, c);
            return;
        }
        pull(ctx, w, c, present);
    }

    private void pull(ControllerContext ctx, PodWork w, Ctr c, boolean present) {
        c.pulling = true;
        if (present) { // pull policy Always: the registry is asked, the layers are there
            event(ctx, w, c, "Normal", "Pulling", "Pulling image \"" + c.image() + "\"");
            Duration d = Duration.ofMillis(400 + (Json.hash(ctx.seed(), c.image()) & 0x1FF));
            later(ctx, w, d, () -> pulled(ctx, w, c, d));
            return;
        }
        String key = w.node + " " + ImageCatalogue.normalize(c.image());
        List<Runnable> waiting = pullsInFlight.get(key);
        if (waiting != null) {
            // the node pulls this image already: one pull per node and image (a Deployment's replicas share it)
            waiting.add(() -> pulledForNode(ctx, w, c));
            return;
        }
        pullsInFlight.put(key, new ArrayList<>());
        event(ctx, w, c, "Normal", "Pulling", "Pulling image \"" + c.image() + "\"");
        Duration d = ctx.images().pullDuration(c.image());
        // not one of the pod's timers: the containers waiting for it go on even when this pod is deleted meanwhile
        ctx.schedule(d, () -> {
            List<Runnable> waiters = pullsInFlight.remove(key);
            if (ctx.images().pullable(c.image())) {
                addNodeImage(ctx, w.node, List.of(c.image()));
            }
            pulled(ctx, w, c, d);
            waiters.forEach(Runnable::run);
        });
    }

    /** The node's pull that this container waited for has ended: present now, or this container fails as that pull did. */
    private void pulledForNode(ControllerContext ctx, PodWork w, Ctr c) {
        if (!alive(w) || !c.pulling) {
            return;
        }
        if (imagePresent(ctx, w.node, c.image())) {
            c.pulling = false;
            event(ctx, w, c, "Normal", "Pulled", "Container image \"" + c.image() + "\" already present on machine");
            createAndStart(ctx, w, c);
        } else {
            pulled(ctx, w, c, Duration.ZERO);
        }
    }

    private void pulled(ControllerContext ctx, PodWork w, Ctr c, Duration took) {
        if (!alive(w)) {
            return;
        }
        c.pulling = false;
        String image = c.image();
        if (ctx.images().pullable(image) || imagePresent(ctx, w.node, image)) {
            addNodeImage(ctx, w.node, List.of(image));
            String secs = String.format(java.util.Locale.ROOT, "%.3fs", took.toMillis() / 1000.0);
            event(ctx, w, c, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in " + secs + " (" + secs
                    + " including waiting). Image size: " + ctx.images().size(image) + " bytes.");
            createAndStart(ctx, w, c);
            return;
        }
        boolean firstFailure = c.pullFailures == 0;
        c.pullFailures++;
        String err = ctx.images().pullError(image);
        c.waitingReason = "ErrImagePull";
        c.waitingMessage = err;
        event(ctx, w, c, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + err);
        event(ctx, w, c, "Warning", "Failed", "Error: ErrImagePull");
        writeStatus(ctx, w);
        Duration backoff = Duration.ofSeconds(10L << Math.min(c.pullFailures - 1, 5));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        later(ctx, w, Duration.ofSeconds(1), () -> {
            if (!alive(w) || c.startedAt != null) {
                return;
            }
            c.waitingReason = "ImagePullBackOff";
            c.waitingMessage = "Back-off pulling image \"" + image + "\": ErrImagePull: " + err;
            event(ctx, w, c, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"");
            event(ctx, w, c, "Warning", "Failed", "Error: ImagePullBackOff");
            writeStatus(ctx, w);
        });
        laterWall(ctx, w, backoff, () -> {
            if (alive(w) && c.startedAt == null && !c.pulling) {
                pull(ctx, w, c, imagePresent(ctx, w.node, image));
            }
        });
        if (firstFailure && !c.init) {
            next(ctx, w); // the pod's other containers still start
        }
    }

    private void createAndStart(ControllerContext ctx, PodWork w, Ctr c) {
        c.containerId = "containerd://" + Json.sha256Hex(w.uid + "/" + c.name + "/" + c.restarts);
        event(ctx, w, c, "Normal", "Created", "Created container: " + c.name);
        event(ctx, w, c, "Normal", "Started", "Started container " + c.name);
        c.startedAt = ctx.now();
        c.finishedAt = null;
        c.waitingReason = null;
        c.waitingMessage = null;
        c.instance++;
        ObjectNode current = ctx.store().find(ctx.type("v1", "Pod"), w.ns, w.name);
        c.run = ctx.programs().start(current != null ? current : w.podObject, c.spec);
        if (c.run == null) {
            writeStartupLogs(ctx, w, c);
        } else {
            runProgram(ctx, w, c);
        }
        if (c.init) {
            writeStatus(ctx, w);
            if (c.run == null) {
                exitAfterItsRun(ctx, w, c);
            }
            return;
        }
        Duration toReady = Duration.between(c.startedAt, readyAt(c));
        if (toReady.isZero() || toReady.isNegative()) {
            c.ready = true;
            c.startupDone = true;
        } else {
            later(ctx, w, toReady, () -> becomeReady(ctx, w, c));
            c.startupDone = !c.spec.has("startupProbe");
        }
        if (w.runToCompletion && c.run == null) {
            exitAfterItsRun(ctx, w, c);
        }
        writeStatus(ctx, w);
        next(ctx, w);
    }

    /** What the command prints appears in the log when it prints it; it exits when its run says (if ever). */
    private void runProgram(ControllerContext ctx, PodWork w, Ctr c) {
        int instance = c.instance;
        Instant started = c.startedAt;
        for (ContainerPrograms.Output o : c.run.output()) {
            if (o.at().isZero()) {
                ctx.logs().append(w.ns, w.name, c.name, started, o.line());
            } else {
                laterWall(ctx, w, o.at(), () -> {
                    if (alive(w) && c.instance == instance && c.running()) {
                        ctx.logs().append(w.ns, w.name, c.name, started.plus(o.at()), o.line());
                    }
                });
            }
        }
        if (c.run.runsFor() != null) {
            int code = c.run.exitCode();
            laterWall(ctx, w, c.run.runsFor(), () -> exit(ctx, w, c, code, instance));
        }
    }

    /** An attached interactive main process ({@code kubectl run -it}) ended: its container exits with its code. */
    void mainProcessExited(ControllerContext ctx, String podUid, String container, int exitCode) {
        PodWork w = pods.get(podUid);
        if (w == null) {
            return;
        }
        for (Ctr c : w.regular) {
            if (c.name.equals(container) && c.running()) {
                exit(ctx, w, c, exitCode, c.instance);
            }
        }
    }

    private void becomeReady(ControllerContext ctx, PodWork w, Ctr c) {
        if (!alive(w) || !c.running()) {
            return;
        }
        var waiting = ServiceDependencies.waitingFor(ctx, w.ns,
                ServiceDependencies.of(withEnvResolved(ctx, w.ns, c.spec), w.ns, ctx));
        // an app retries what it connects to until it answers (bounded, so a cycle cannot hold a pod forever)
        if (waiting.isPresent() && c.dependencyChecks < MAX_DEPENDENCY_CHECKS) {
            c.dependencyChecks++;
            var d = waiting.get();
            ctx.logs().append(w.ns, w.name, c.name, ctx.now(), DEPENDENCY_LOG_TIME.format(ctx.now()) + "\tWARN\t"
                    + d.service() + " not reachable yet, retrying in " + DEPENDENCY_RETRY.toSeconds() + "s\t{\"error\": \"dial tcp "
                    + ServiceDependencies.clusterIp(ctx, w.ns, d.service()) + ":" + d.port() + ": connect: connection refused\"}");
            later(ctx, w, DEPENDENCY_RETRY, () -> becomeReady(ctx, w, c));
            return;
        }
        c.ready = true;
        c.startupDone = true;
        writeStatus(ctx, w);
    }

    /**
     * A container's process exited with {@code code}: the restart policy says whether it starts again (after the
     * kubelet's back-off: at once the first time, then 10 s doubling to 5 min, CrashLoopBackOff meanwhile); the pod
     * is Succeeded or Failed once no container will run again.
     */
    private void exit(ControllerContext ctx, PodWork w, Ctr c, int code, int instance) {
        if (!alive(w) || !c.running() || c.instance != instance) {
            return;
        }
        if (w.killAt != null) {
            stopped(ctx, w, c, instance, code); // a terminating pod restarts nothing
            return;
        }
        c.finishedAt = ctx.now();
        c.ready = false;
        c.exitCode = code;
        String policy = w.podObject.path("spec").path("restartPolicy").asString("Always");
        boolean restart = !c.init && (policy.equals("Always") || policy.equals("OnFailure") && code != 0)
                || c.init && code != 0 && !policy.equals("Never");
        if (restart) {
            restartLater(ctx, w, c);
            writeStatus(ctx, w);
            return;
        }
        if (c.init) {
            if (code != 0) {
                w.terminal = true;
                w.failed = true;
                release(w);
            } else {
                w.initDone++;
            }
            writeStatus(ctx, w);
            next(ctx, w);
            return;
        }
        if (w.regular.stream().allMatch(x -> x.finishedAt != null)) {
            w.terminal = true;
            w.failed = w.regular.stream().anyMatch(x -> x.exitCode != 0);
            release(w);
        }
        writeStatus(ctx, w);
    }

    private void restartLater(ControllerContext ctx, PodWork w, Ctr c) {
        c.lastTerminated = terminated(c);
        Duration backoff = c.restarts == 0 ? Duration.ZERO : Duration.ofSeconds(10L << Math.min(c.restarts - 1, 5));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        int instance = c.instance;
        Runnable start = () -> {
            if (!alive(w) || c.instance != instance) {
                return;
            }
            ctx.logs().restarted(w.ns, w.name, c.name);
            c.restarts++;
            createAndStart(ctx, w, c);
        };
        if (backoff.isZero()) {
            later(ctx, w, Duration.ZERO, start);
            return;
        }
        String podRef = w.name + "_" + w.ns + "(" + w.uid + ")";
        later(ctx, w, Duration.ofMillis(1), () -> {
            if (!alive(w) || c.instance != instance) {
                return;
            }
            c.startedAt = null;
            c.finishedAt = null;
            c.waitingReason = "CrashLoopBackOff";
            c.waitingMessage = "back-off " + goDuration(backoffOf(c)) + " restarting failed container=" + c.name + " pod=" + podRef;
            event(ctx, w, c, "Warning", "BackOff", "Back-off restarting failed container " + c.name + " in pod " + podRef);
            writeStatus(ctx, w);
        });
        laterWall(ctx, w, backoff, start);
    }

    /** Go's Duration.String for whole seconds: 10s, 1m20s, 5m0s. */
    private static String goDuration(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s / 60 + "m" + s % 60 + "s";
    }

    private static Duration backoffOf(Ctr c) {
        Duration d = Duration.ofSeconds(10L << Math.min(Math.max(c.restarts - 1, 0), 5));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private static ObjectNode terminated(Ctr c) {
        ObjectNode t = Json.object();
        t.put("containerID", c.containerId);
        t.put("exitCode", c.exitCode);
        t.put("finishedAt", Json.ts(c.finishedAt));
        t.put("reason", c.exitCode == 0 ? "Completed" : "Error");
        t.put("startedAt", Json.ts(c.startedAt));
        return t;
    }

    private void forget(ControllerContext ctx, String uid, JsonNode pod) {
        PodWork w = pods.remove(uid);
        if (w != null) {
            w.timers.forEach(SimRuntime.Timer::cancel);
            release(w);
        }
        ctx.logs().removePod(pod.path("metadata").path("namespace").asString(), pod.path("metadata").path("name").asString());
    }

    private boolean alive(PodWork w) {
        return pods.get(w.uid) == w;
    }

    /** After a simulated wait nobody should sit through (a pull, a sandbox, a probe): live time may skip it. */
    private void later(ControllerContext ctx, PodWork w, Duration d, Runnable r) {
        w.timers.removeIf(t -> t.cancelled);
        w.timers.add(ctx.schedule(d, r));
    }

    /** After time a person waits for on a real cluster (a grace period, a back-off, a command's sleep): wall time when live. */
    private void laterWall(ControllerContext ctx, PodWork w, Duration d, Runnable r) {
        w.timers.removeIf(t -> t.cancelled);
        w.timers.add(ctx.scheduleWall(d.isNegative() ? Duration.ZERO : d, r));
    }

    // ---------------------------------------------------------------- probes and timing

    private static Instant readyAt(Ctr c) {
        Instant start = c.startedAt;
        Instant startup = start.plus(probeDelay(c.spec.path("startupProbe")));
        Instant readiness = startup.plus(probeDelay(c.spec.path("readinessProbe")));
        return readiness;
    }

    /**
     * The probe worker probes at once and then every periodSeconds, skipping probes before initialDelaySeconds;
     * successThreshold successes in a row make the container ready.
     */
    static Duration probeDelay(JsonNode probe) {
        if (probe == null || !probe.isObject()) {
            return Duration.ZERO;
        }
        long initial = probe.path("initialDelaySeconds").asLong(0);
        long period = Math.max(1, probe.path("periodSeconds").asLong(10));
        long threshold = Math.max(1, probe.path("successThreshold").asLong(1));
        long first = ((initial + period - 1) / period) * period;
        return Duration.ofSeconds(first + (threshold - 1) * period);
    }

    /**
     * A run-to-completion container without a program of its own exits after its run: a {@code sleep N} in its
     * command is time a person waits for (wall time when live); without one the run is simulated work (an init
     * container's 1 s, istio-init's among them), which live time may skip like a pull.
     */
    private void exitAfterItsRun(ControllerContext ctx, PodWork w, Ctr c) {
        int instance = c.instance;
        Runnable exit = () -> exit(ctx, w, c, 0, instance);
        Duration sleep = sleepOf(c);
        if (sleep != null) {
            laterWall(ctx, w, sleep, exit);
        } else {
            later(ctx, w, runFor(c), exit);
        }
    }

    /** How long a run-to-completion container runs: {@code sleep N} in its command, else 1 s (init) or 2 s. */
    private static Duration runFor(Ctr c) {
        Duration sleep = sleepOf(c);
        return sleep != null ? sleep : Duration.ofSeconds(c.init ? 1 : 2);
    }

    /** The {@code sleep N} in a container's command or args, or null. */
    private static Duration sleepOf(Ctr c) {
        StringBuilder cmd = new StringBuilder();
        c.spec.path("command").forEach(x -> cmd.append(x.asString()).append(' '));
        c.spec.path("args").forEach(x -> cmd.append(x.asString()).append(' '));
        Matcher m = SLEEP.matcher(cmd);
        return m.find() ? Duration.ofSeconds(Math.min(Long.parseLong(m.group(1)), 86_400)) : null;
    }

    private boolean claimsBound(ControllerContext ctx, PodWork w) {
        for (JsonNode v : w.podObject.path("spec").path("volumes")) {
            String claim = v.path("persistentVolumeClaim").path("claimName").asString("");
            if (claim.isEmpty()) {
                continue;
            }
            ObjectNode pvc = ctx.store().find(ctx.type("v1", "PersistentVolumeClaim"), w.ns, claim);
            if (pvc == null || !pvc.path("status").path("phase").asString("").equals("Bound")) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- addresses and images

    private static String internalIp(JsonNode node) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (a.path("type").asString().equals("InternalIP")) {
                return a.path("address").asString();
            }
        }
        return "";
    }

    private String allocate(ControllerContext ctx, PodWork w) {
        ObjectNode node = ctx.store().find(ctx.type("v1", "Node"), "", w.node);
        Ipv4 cidr = Ipv4.parse(node.path("spec").path("podCIDR").asString("10.244.0.0/24"));
        TreeMap<Long, String> used = ips.computeIfAbsent(w.node, k -> new TreeMap<>());
        for (long off = 2; off < cidr.size() - 1; off++) {
            if (!used.containsKey(off)) {
                used.put(off, w.uid);
                return cidr.address(off);
            }
        }
        throw new IllegalStateException("no free pod IP on node " + w.node);
    }

    private void reserve(String node, String ip, String uid) {
        long off = Ipv4.toLong(ip) & 0xFF;
        ips.computeIfAbsent(node, k -> new TreeMap<>()).put(off, uid);
    }

    private void release(PodWork w) {
        if (w.ip == null || w.hostNetwork) {
            return;
        }
        TreeMap<Long, String> used = ips.get(w.node);
        if (used != null) {
            used.entrySet().removeIf(e -> e.getValue().equals(w.uid));
        }
    }

    private boolean imagePresent(ControllerContext ctx, String nodeName, String image) {
        if (ctx.images().isPreloaded(image)) {
            return true;
        }
        String n = ImageCatalogue.normalize(image);
        ObjectNode node = ctx.store().find(ctx.type("v1", "Node"), "", nodeName);
        if (node != null) {
            for (JsonNode img : node.path("status").path("images")) {
                for (JsonNode name : img.path("names")) {
                    if (name.asString().equals(n)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Lists images in a node's {@code status.images} (what {@code crictl images} would show). */
    void addNodeImage(ControllerContext ctx, String nodeName, Collection<String> images) {
        ResourceType nodes = ctx.type("v1", "Node");
        ObjectNode node = ctx.store().find(nodes, "", nodeName);
        if (node == null) {
            return;
        }
        ArrayNode list = Json.childArray(Json.child(node, "status"), "images");
        boolean changed = false;
        for (String image : images) {
            String n = ImageCatalogue.normalize(image);
            boolean found = false;
            for (JsonNode img : list) {
                for (JsonNode name : img.path("names")) {
                    found |= name.asString().equals(n);
                }
            }
            if (!found) {
                list.add(nodeImageEntry(ctx.images(), image));
                changed = true;
            }
        }
        if (changed) {
            Json.meta(node).remove("resourceVersion");
            ctx.store().updateStatus(nodes, "", nodeName, node);
        }
    }

    static ObjectNode nodeImageEntry(ImageCatalogue catalogue, String image) {
        ObjectNode entry = Json.object();
        ArrayNode names = entry.putArray("names");
        names.add(ImageCatalogue.imageId(image));
        names.add(ImageCatalogue.normalize(image));
        entry.put("sizeBytes", catalogue.size(image));
        return entry;
    }

    /** {@code kind load docker-image}: the images appear on every node. */
    void imagesPreloaded(ControllerContext ctx, Collection<String> refs) {
        for (ObjectNode node : ctx.store().list(ctx.type("v1", "Node"), "")) {
            addNodeImage(ctx, node.path("metadata").path("name").asString(), refs);
        }
    }

    // ---------------------------------------------------------------- status

    private void event(ControllerContext ctx, PodWork w, Ctr c, String type, String reason, String message) {
        ObjectNode pod = ctx.store().find(ctx.type("v1", "Pod"), w.ns, w.name);
        JsonNode involved = pod != null && pod.path("metadata").path("uid").asString().equals(w.uid) ? pod : w.podObject;
        String fieldPath = (c.init ? "spec.initContainers{" : "spec.containers{") + c.name + "}";
        ctx.events().record(COMPONENT, w.node, involved, fieldPath, type, reason, message);
    }

    private void writeStartupLogs(ControllerContext ctx, PodWork w, Ctr c) {
        ObjectNode pod = ctx.store().find(ctx.type("v1", "Pod"), w.ns, w.name);
        JsonNode p = pod != null ? pod : w.podObject;
        for (StartupLogs.Line l : StartupLogs.lines(p, withEnvResolved(ctx, w.ns, c.spec), w.ip != null ? w.ip : "",
                c.startedAt, ctx.seed())) {
            ctx.logs().append(w.ns, w.name, c.name, l.at(), l.text());
        }
    }

    /**
     * The container as the process sees it: env values taken from ConfigMaps and Secrets filled in (as the kubelet
     * does before starting it), so start-up logs can name the URLs the app really connects to.
     */
    private static JsonNode withEnvResolved(ControllerContext ctx, String ns, JsonNode container) {
        ObjectNode copy = ((ObjectNode) container).deepCopy();
        for (JsonNode e : copy.path("env")) {
            JsonNode cm = e.path("valueFrom").path("configMapKeyRef");
            JsonNode secret = e.path("valueFrom").path("secretKeyRef");
            String value = null;
            if (cm.isObject()) {
                ObjectNode map = ctx.store().find(ctx.type("v1", "ConfigMap"), ns, cm.path("name").asString());
                value = map == null ? null : map.path("data").path(cm.path("key").asString()).asString(null);
            } else if (secret.isObject()) {
                ObjectNode s = ctx.store().find(ctx.type("v1", "Secret"), ns, secret.path("name").asString());
                String encoded = s == null ? null : s.path("data").path(secret.path("key").asString()).asString(null);
                value = encoded == null ? null
                        : new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (value != null && e instanceof ObjectNode o) {
                o.remove("valueFrom");
                o.put("value", value);
            }
        }
        return copy;
    }

    private void writeStatus(ControllerContext ctx, PodWork w) {
        ObjectStore store = ctx.store();
        ResourceType podsType = ctx.type("v1", "Pod");
        ObjectNode pod = store.find(podsType, w.ns, w.name);
        if (pod == null || !pod.path("metadata").path("uid").asString().equals(w.uid)) {
            return;
        }
        JsonNode old = pod.path("status");
        Instant now = ctx.now();
        ObjectNode status = Json.object();
        boolean allStarted = w.regular.stream().allMatch(c -> c.containerId != null);
        boolean allReady = w.regular.stream().allMatch(c -> c.ready && c.running());
        String phase = w.terminal ? (w.failed ? "Failed" : "Succeeded") : allStarted && w.initDone == w.init.size() ? "Running" : "Pending";
        status.put("phase", phase);
        // conditions in the order kubelet v1.34 writes them; transition times kept while the status holds
        Map<String, JsonNode> oldConds = new LinkedHashMap<>();
        old.path("conditions").forEach(cnd -> oldConds.put(cnd.path("type").asString(), cnd));
        ArrayNode conds = status.putArray("conditions");
        condition(conds, oldConds, "PodReadyToStartContainers", w.sandbox && !w.terminal, null, null, now);
        List<String> initPending = w.init.stream().filter(c -> c.finishedAt == null).map(c -> c.name).toList();
        if (w.init.isEmpty() || initPending.isEmpty()) {
            condition(conds, oldConds, "Initialized", true, null, null, now);
        } else {
            condition(conds, oldConds, "Initialized", false, "ContainersNotInitialized",
                    "containers with incomplete status: " + names(initPending), now);
        }
        List<String> unready = w.regular.stream().filter(c -> !(c.ready && c.running())).map(c -> c.name).toList();
        String reason = w.terminal ? (w.failed ? "PodFailed" : "PodCompleted") : "ContainersNotReady";
        String msg = w.terminal ? null : "containers with unready status: " + names(unready);
        condition(conds, oldConds, "Ready", allReady && !w.terminal, allReady ? null : reason, allReady ? null : msg, now);
        condition(conds, oldConds, "ContainersReady", allReady && !w.terminal, allReady ? null : reason, allReady ? null : msg, now);
        condition(conds, oldConds, "PodScheduled", true, null, null, now);
        status.put("hostIP", w.hostIp);
        status.putArray("hostIPs").addObject().put("ip", w.hostIp);
        if (w.ip != null && w.sandbox) {
            status.put("podIP", w.ip);
            status.putArray("podIPs").addObject().put("ip", w.ip);
        }
        status.put("startTime", Json.ts(w.startTime));
        if (!w.init.isEmpty()) {
            ArrayNode ics = status.putArray("initContainerStatuses");
            w.init.forEach(c -> ics.add(containerStatus(c)));
        }
        ArrayNode cs = status.putArray("containerStatuses");
        w.regular.forEach(c -> cs.add(containerStatus(c)));
        status.put("qosClass", qosClass(pod.path("spec")));
        pod.set("status", status);
        Json.meta(pod).remove("resourceVersion");
        store.updateStatus(podsType, w.ns, w.name, pod);
    }

    private static String names(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static void condition(ArrayNode conds, Map<String, JsonNode> old, String type, boolean value,
            String reason, String message, Instant now) {
        ObjectNode c = conds.addObject();
        c.put("type", type);
        String v = value ? "True" : "False";
        c.put("status", v);
        c.putNull("lastProbeTime");
        JsonNode prev = old.get(type);
        c.put("lastTransitionTime", prev != null && prev.path("status").asString().equals(v)
                ? prev.path("lastTransitionTime").asString(Json.ts(now)) : Json.ts(now));
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
    }

    private static ObjectNode containerStatus(Ctr c) {
        ObjectNode s = Json.object();
        if (c.containerId != null) {
            s.put("containerID", c.containerId);
        }
        s.put("image", c.containerId != null ? ImageCatalogue.normalize(c.image()) : c.image());
        s.put("imageID", c.containerId != null ? ImageCatalogue.imageId(c.image()) : "");
        ObjectNode last = s.putObject("lastState");
        if (c.lastTerminated != null) {
            last.set("terminated", c.lastTerminated.deepCopy());
        }
        s.put("name", c.name);
        s.put("ready", c.ready && c.running());
        s.put("restartCount", c.restarts);
        s.put("started", c.running() && (c.startupDone || !c.spec.has("startupProbe")));
        ObjectNode state = s.putObject("state");
        if (c.finishedAt != null) {
            state.set("terminated", terminated(c));
        } else if (c.startedAt != null) {
            state.putObject("running").put("startedAt", Json.ts(c.startedAt));
        } else {
            ObjectNode wt = state.putObject("waiting");
            if (c.waitingMessage != null) {
                wt.put("message", c.waitingMessage);
            }
            wt.put("reason", c.waitingReason);
        }
        return s;
    }

    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                JsonNode req = c.path("resources").path("requests");
                JsonNode lim = c.path("resources").path("limits");
                any |= (req.isObject() && !req.isEmpty()) || (lim.isObject() && !lim.isEmpty());
                for (String r : List.of("cpu", "memory")) {
                    String l = lim.path(r).asString("");
                    String q = req.path(r).asString(l);
                    if (l.isEmpty() || !l.equals(q)) {
                        guaranteed = false;
                    }
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
