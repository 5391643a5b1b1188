package dev.meshstage.server;

import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.backend.sim.SimBackend;
import dev.meshstage.backend.sim.SimCluster;
import dev.meshstage.command.CommandLineExecutor;
import dev.meshstage.command.Console;
import dev.meshstage.session.Session;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of {@code sim serve}: while this process serves the home's simulated clusters, it also runs
 * the command lines other meshstage processes send over the home's socket — one at a time, each in its
 * client's directory, with its client's terminal abilities and current cluster — and streams the output back.
 *
 * <p>It stops on {@code sim stop}; after {@link #idleLimit()} without a command or an API request while no
 * client is connected; and, started in the background, as soon as no cluster is left and no client is
 * connected (a home without clusters keeps no process).
 */
@Component
public class SimServer {

    private static final Logger LOG = Logger.getLogger(SimServer.class.getName());
    /** Without commands, API requests or open watches for this long (and no client connected), the server stops. */
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(60);

    private final Session session;
    private final ObjectProvider<CommandLineExecutor> executors;
    private CommandLineExecutor executor;
    private CommandLineExecutor debugExecutor;
    private final ReentrantLock commands = new ReentrantLock(true);
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String stopReason;
    private boolean stopping; // guarded by this: once set, no request is taken (clients retry with the next server)
    private volatile long lastActivity = System.nanoTime();
    private volatile ServerSocketChannel listener;
    private ServerPaths paths;
    private SimBackend sim;
    private boolean background;
    private Instant started;
    private ScheduledExecutorService watchdog;

    /** Providers: the commands (which the executor runs) know this server, so it takes the executor late. */
    public SimServer(Session session, ObjectProvider<CommandLineExecutor> executors) {
        this.session = session;
        this.executors = executors;
    }

    /** Whether this process is the home's server (so {@code sim serve} at its clients' prompts just says so). */
    public boolean running() {
        return listener != null;
    }

    /** Binds the home's socket and starts answering; the caller then waits in {@link #awaitStop()}. */
    public synchronized void start(SimBackend backend, boolean inBackground) {
        this.sim = backend;
        this.background = inBackground;
        this.executor = executors.getObject();
        this.debugExecutor = executor.debugging();
        this.paths = ServerPaths.of(session.home());
        paths.prepare();
        try {
            Files.deleteIfExists(paths.socket()); // left by a killed server: we hold the lock, so it is nobody's
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(paths.socket()));
            try {
                Files.setPosixFilePermissions(paths.socket(), PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // the directory (0700) keeps it private anyway
            }
            listener = ch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + paths.socket(), e);
        }
        started = Instant.now();
        new ServerRecord(ProcessHandle.current().pid(), started).write(paths.record());
        Runtime.getRuntime().addShutdownHook(new Thread(this::removeFiles, "sim-server-files"));
        Thread accept = new Thread(this::acceptLoop, "sim-server-accept");
        accept.setDaemon(true);
        accept.start();
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-server-idle");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::checkIdle, 5, 5, TimeUnit.SECONDS);
    }

    /** Blocks until the server is told to stop; then stops accepting and waits for the command that runs. */
    public String awaitStop() throws InterruptedException {
        stopped.await();
        close();
        return stopReason;
    }

    public synchronized void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        stopping = true;
        stopped.countDown();
    }

    private synchronized boolean stopping() {
        return stopping;
    }

    public ServerStatus status() {
        List<ServerStatus.Endpoint> endpoints = sim.clusters().stream()
                .map(c -> new ServerStatus.Endpoint(ClusterPlan.contextOf(c.name()), c.apiServer().url())).toList();
        return ServerStatus.running(ProcessHandle.current().pid(), Duration.between(started, Instant.now()),
                paths.socket().toString(), endpoints, idleLimit(), paths.log().toString());
    }

    /** From {@code MESHSTAGE_SIM_IDLE_MINUTES} (whole minutes), else an hour. */
    public static Duration idleLimit() {
        String v = System.getenv("MESHSTAGE_SIM_IDLE_MINUTES");
        try {
            return v == null || v.isBlank() ? DEFAULT_IDLE : Duration.ofMinutes(Math.max(1, Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return DEFAULT_IDLE;
        }
    }

    private void acceptLoop() {
        while (listener != null) {
            try {
                SocketChannel c = listener.accept();
                synchronized (this) {
                    if (stopping) {
                        refuse(c);
                        continue;
                    }
                    connections.incrementAndGet();
                }
                Thread t = new Thread(() -> serve(c), "sim-server-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (listener != null) {
                    LOG.log(Level.WARNING, "sim server: accept failed", e);
                }
                return;
            }
        }
    }

    /** A client that came as the server stops: it waits for this one to end and starts the next. */
    private static void refuse(SocketChannel c) {
        try (c) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
            out.writeByte(Wire.STOPPING);
            out.flush();
        } catch (IOException e) {
            // it went away: nothing to tell
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c)));
            Wire.Request r;
            while ((r = Wire.readRequest(in)) != null) {
                if (!r.build().equals(Build.id())) {
                    stopForOtherBuild(out, r.build());
                    return;
                }
                run(r, out);
            }
        } catch (Wire.OtherVersion e) {
            stopForOtherBuild(new DataOutputStream(Channels.newOutputStream(c)), e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.FINE, "sim server: a client went away", e); // a killed client: its command still finished
        } finally {
            synchronized (this) {
                connections.decrementAndGet();
                lastActivity = System.nanoTime();
                stopWhenEmpty();
            }
        }
    }

    /** Runs one line and answers it, under the lock: a {@code sim stop} is answered before the server goes. */
    /** Another meshstage (rebuilt since this one started): this server goes, the client starts one of its own. */
    private void stopForOtherBuild(DataOutputStream out, String other) {
        stop("a different meshstage asked (" + other + ")");
        try {
            out.writeByte(Wire.STOPPING);
            out.flush();
        } catch (IOException e) {
            // it retries anyway
        }
    }

    private void run(Wire.Request r, DataOutputStream out) throws IOException {
        commands.lock();
        try {
            if (stopping()) {
                out.writeByte(Wire.STOPPING);
                out.flush();
                return;
            }
            session.clientContext(Path.of(r.cwd()), r.workshop().isEmpty() ? null : Path.of(r.workshop()),
                    r.cluster().isEmpty() ? null : r.cluster());
            Console console = new Console(new PrintWriter(new FrameWriter(out)), r.color(), r.live(), true);
            CommandLineExecutor.Outcome o = (r.debug() ? debugExecutor : executor).execute(r.line(), console);
            console.writer().flush();
            sim.clusters().forEach(SimCluster::save); // what the command did is on disk before the client hears of it
            Wire.outcome(out, new Wire.Outcome(o.ok(), o.error(), session.currentCluster().orElse("")));
        } finally {
            lastActivity = System.nanoTime();
            commands.unlock();
        }
    }

    private synchronized void stopWhenEmpty() {
        if (background && connections.get() == 0 && sim.clusters().isEmpty()) {
            stop("no cluster left and no client connected");
        }
    }

    private void checkIdle() {
        if (connections.get() > 0 || commands.isLocked()) {
            return;
        }
        long last = lastActivity;
        if (background && sim.clusters().isEmpty() && System.nanoTime() - last > Duration.ofSeconds(30).toNanos()) {
            stop("no cluster and no client"); // its starter went away before it asked anything
            return;
        }
        for (SimCluster c : sim.clusters()) {
            if (c.apiServer().openWatches() > 0) {
                return;
            }
            last = Math.max(last, c.apiServer().lastRequestNanos());
        }
        if (System.nanoTime() - last >= idleLimit().toNanos()) {
            stop("idle for " + idleLimit().toMinutes() + " minutes");
        }
    }

    private void close() {
        ServerSocketChannel l = listener;
        listener = null;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        try {
            if (l != null) {
                l.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        commands.lock(); // the command that runs now finishes before the clusters are saved and stopped
        commands.unlock();
    }

    /** After the clusters are saved: the socket and the record go, so the next client starts a fresh server. */
    public void removeFiles() {
        if (paths == null) {
            return;
        }
        try {
            Files.deleteIfExists(paths.socket());
            ServerRecord.read(paths.record()).filter(rec -> rec.pid() == ProcessHandle.current().pid())
                    .ifPresent(rec -> {
                        try {
                            Files.deleteIfExists(paths.record());
                        } catch (IOException e) {
                            // a stale record only makes the next client say the server was killed
                        }
                    });
        } catch (IOException e) {
            // as above
        }
    }

    /** Output of a command as frames: each flush sends what was written since the last one. */
    private static final class FrameWriter extends Writer {
        private final DataOutputStream out;
        private final StringBuilder buffer = new StringBuilder();
        private boolean broken;

        FrameWriter(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            buffer.append(cbuf, off, len);
        }

        @Override
        public synchronized void flush() {
            if (buffer.isEmpty() || broken) {
                buffer.setLength(0);
                return;
            }
            try {
                Wire.output(out, buffer.toString());
            } catch (IOException e) {
                broken = true; // the client is gone; the command runs to its end all the same
            }
            buffer.setLength(0);
        }

        @Override
        public void close() {
            flush();
        }
    }
}
