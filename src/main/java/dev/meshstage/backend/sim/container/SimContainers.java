package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.ContainerStreams;
import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.backend.sim.SimDataPlane;
import dev.meshstage.backend.sim.controller.ContainerPrograms;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The simulated container runtime of one cluster, behind exec, attach and port-forward: a process is the
 * simulated shell's command run against the container as the cluster defines it now (environment, files,
 * DNS, network); what processes write stays with the container instance until it restarts or goes.
 */
public final class SimContainers implements ContainerStreams, ContainerPrograms {

    /** Shell built-ins are no programs: exec'ing one directly fails as it does with a real runtime. */
    private static final Set<String> BUILTINS = Set.of("exit", "cd", "export", "unset", ":");
    private static final Set<String> SHELLS = Set.of("sh", "ash", "bash");

    private final String cluster;
    private final ObjectStore store;
    private final Supplier<Instant> clock;
    private final PodLogSource logs;
    private volatile SimDataPlane network;
    private volatile MainExits exits = (uid, container, code) -> { };
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** A container instance's writable layer and process table. */
    private record State(ContainerFiles.Layer layer, Container.Processes processes) {
    }

    public SimContainers(String cluster, ObjectStore store, Supplier<Instant> clock, PodLogSource logs, SimDataPlane network) {
        this.cluster = cluster;
        this.store = store;
        this.clock = clock;
        this.logs = logs;
        this.network = network;
    }

    /** Where the end of an attached main process is reported (the kubelet lets its container exit). */
    @FunctionalInterface
    public interface MainExits {
        void exited(String podUid, String container, int exitCode);
    }

    public void mainExits(MainExits e) {
        this.exits = e;
    }

    /** A container's command as its main process, when the kubelet starts it. */
    @Override
    public Run start(JsonNode pod, JsonNode container) {
        return MainProcess.run(this, pod, container);
    }

    /** The data plane requests from the containers go through (the backend sets one that sees every cluster). */
    public void network(SimDataPlane network) {
        this.network = network;
    }

    @Override
    public int exec(String namespace, String pod, String container, List<String> command, ProcessIo io) throws IOException {
        Container c = open(namespace, pod, container);
        String program = ContainerFiles.baseName(command.get(0));
        boolean known = Commands.exists(program) && !BUILTINS.contains(program) || program.equals("pilot-agent") && c.istioProxy();
        if (!known) {
            throw new IOException("Internal error occurred: error executing command in container: failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: \""
                    + command.get(0) + "\": executable file not found in $PATH: unknown");
        }
        return run(c, command, io);
    }

    private int run(Container c, List<String> argv, ProcessIo io) throws IOException {
        Shell sh = new Shell(c, c.env, c.spec.path("workingDir").asString("/"));
        InputStream in = io.stdin() == null ? InputStream.nullInputStream() : io.stdin();
        try {
            if (io.tty() && SHELLS.contains(ContainerFiles.baseName(argv.get(0))) && !argv.contains("-c")) {
                return Terminal.run(sh, in, io.stdout());
            }
            try {
                return Commands.run(sh, argv, new Io(in, io.stdout(), io.stderr()));
            } catch (Shell.Exit e) {
                return e.code;
            }
        } catch (InterruptedException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return 137; // the client went away: the process is killed
        }
    }

    /**
     * The main process: a container started with {@code stdin} (kubectl run -it) gets its command's input and
     * output (a shell at a prompt); any other shows what it writes from now on, until the client leaves.
     */
    @Override
    public int attach(String namespace, String pod, String container, ProcessIo io) throws IOException {
        Container c = open(namespace, pod, container);
        if (c.spec.path("stdin").asBoolean(false)) {
            int code = run(c, mainArgv(c), io);
            if (!Thread.currentThread().isInterrupted()) {
                exits.exited(c.podObject.path("metadata").path("uid").asString(), c.name, code);
            }
            return code;
        }
        int seen = logs.lines(namespace, pod, container, false, false).size();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<String> now = logs.lines(namespace, pod, container, false, false);
                for (int i = seen; i < now.size(); i++) {
                    io.stdout().write((now.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                io.stdout().flush();
                seen = Math.max(seen, now.size());
                Thread.sleep(250); // until the client leaves (the stream interrupts this thread)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static List<String> mainArgv(Container c) {
        List<String> argv = new java.util.ArrayList<>();
        c.spec.path("command").forEach(a -> argv.add(a.asString()));
        c.spec.path("args").forEach(a -> argv.add(a.asString()));
        if (argv.isEmpty() || !Commands.exists(ContainerFiles.baseName(argv.get(0)))) {
            return List.of("sh");
        }
        return argv;
    }

    @Override
    public void forward(String namespace, String pod, int port, InputStream in, java.io.OutputStream out) throws IOException {
        SimDataPlane net = network;
        if (!net.listens(cluster, namespace, pod, port)) {
            throw new IOException("failed to connect to localhost:" + port + " inside the pod's network namespace: connection refused"
                    + " (nothing in " + namespace + "/" + pod + " listens on " + port + declared(namespace, pod) + ")");
        }
        PodListener.serve(in, out, (method, path) -> net.pod(cluster, namespace, pod, port, method, path));
    }

    private String declared(String namespace, String pod) {
        ObjectNode p = store.find(pods(), namespace, pod);
        Set<String> ports = new java.util.TreeSet<>();
        if (p != null) {
            for (JsonNode c : p.path("spec").path("containers")) {
                c.path("ports").forEach(cp -> ports.add(cp.path("containerPort").asString()));
            }
        }
        return ports.isEmpty() ? "" : "; its containers declare " + String.join(", ", ports);
    }

    Container open(String namespace, String pod, String container) throws IOException {
        ObjectNode p = store.find(pods(), namespace, pod);
        if (p == null) {
            throw new IOException("pod " + namespace + "/" + pod + " is gone");
        }
        JsonNode spec = null;
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            for (JsonNode c : p.path("spec").path(list)) {
                if (c.path("name").asString().equals(container)) {
                    spec = c;
                }
            }
        }
        if (spec == null) {
            throw new IOException("container not found (\"" + container + "\")");
        }
        int restarts = 0;
        for (JsonNode s : p.path("status").path("containerStatuses")) {
            if (s.path("name").asString().equals(container)) {
                restarts = s.path("restartCount").asInt(0);
            }
        }
        String uid = p.path("metadata").path("uid").asString();
        forgetGone();
        State st = states.computeIfAbsent(uid + "/" + container + "/" + restarts,
                k -> new State(new ContainerFiles.Layer(), new Container.Processes()));
        ClusterDns dns = new ClusterDns(store, namespace);
        Map<String, String> env = ContainerEnv.of(store, p, spec);
        ContainerFiles files = ContainerFiles.of(store, p, spec, dns.server(), Commands.binaries(), st.layer());
        return new Container(cluster, p, spec, env, files, dns, network, st.processes(), clock);
    }

    /** Drops the writable layers of pods that no longer exist. */
    private void forgetGone() {
        Set<String> uids = new HashSet<>();
        for (ObjectNode p : store.list(pods(), "")) {
            uids.add(p.path("metadata").path("uid").asString());
        }
        states.keySet().removeIf(k -> !uids.contains(k.substring(0, k.indexOf('/'))));
    }

    private ResourceType pods() {
        return store.registry().require("v1", "Pod");
    }
}
