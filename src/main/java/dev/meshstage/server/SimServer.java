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
import java.util.concurrent.ExecutorService;
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

    /**
     * One client's connection: this thread reads its frames, a command thread runs its lines one after the
     * other, and a sender thread writes the output. A cancel interrupts the command thread, which therefore
     * never touches the socket (an interrupted thread would close the channel).
     */
    private void serve(SocketChannel c) {
        Connection connection = new Connection(c);
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(SocketStreams.in(c)));
            Wire.FromClient frame;
            while ((frame = Wire.read(in)) != null) {
                if (frame instanceof Wire.Cancel) {
                    connection.cancel();
                } else if (frame instanceof Wire.Request r) {
                    if (!r.build().equals(Build.id())) {
                        connection.send(out -> stopForOtherBuild(out, r.build()));
                        return;
                    }
                    connection.submit(() -> run(r, connection));
                }
            }
        } catch (Wire.OtherVersion e) {
            connection.send(out -> stopForOtherBuild(out, e.getMessage()));
        } catch (IOException e) {
            LOG.log(Level.FINE, "sim server: a client went away", e); // a killed client: its command still finishes
        } finally {
            connection.finish(); // what it asked runs to its end (or its cancel) before the connection counts as gone
            try {
                c.close();
            } catch (IOException e) {
                // gone already
            }
            synchronized (this) {
                connections.decrementAndGet();
                lastActivity = System.nanoTime();
                stopWhenEmpty();
            }
        }
    }

    /** Another meshstage (rebuilt since this one started): this server goes, the client starts one of its own. */
    private void stopForOtherBuild(DataOutputStream out, String other) throws IOException {
        stop("a different meshstage asked (" + other + ")");
        out.writeByte(Wire.STOPPING);
        out.flush();
    }

    /** Runs one line and answers it, under the lock: a {@code sim stop} is answered before the server goes. */
    private void run(Wire.Request r, Connection connection) {
        connection.started();
        try {
            commands.lockInterruptibly(); // another client's command may run: a cancel stops the wait too
        } catch (InterruptedException e) {
            connection.finished();
            connection.send(out -> Wire.outcome(out, new Wire.Outcome(false, "stopped before it ran (another command was running)",
                    r.cluster())));
            return;
        }
        try {
            if (stopping()) {
                connection.finished();
                connection.send(out -> {
                    out.writeByte(Wire.STOPPING);
                    out.flush();
                });
                return;
            }
            session.clientContext(Path.of(r.cwd()), r.workshop().isEmpty() ? null : Path.of(r.workshop()), r.kubeconfig(),
                    r.cluster().isEmpty() ? null : r.cluster());
            PrintWriter frames = new PrintWriter(new FrameWriter(connection));
            Console console = r.width() > 0 ? new Console(frames, r.color(), r.live(), true, r::width) // the client's terminal
                    : new Console(frames, r.color(), r.live(), true);
            CommandLineExecutor.Outcome o = (r.debug() ? debugExecutor : executor).execute(r.line(), console);
            console.writer().flush();
            connection.finished(); // a cancel from here on is too late: saving must not be interrupted
            sim.clusters().forEach(SimCluster::save); // what the command did is on disk before the client hears of it
            Wire.Outcome outcome = new Wire.Outcome(o.ok(), o.error(), session.currentCluster().orElse(""));
            connection.send(out -> Wire.outcome(out, outcome));
        } finally {
            connection.finished();
            lastActivity = System.nanoTime();
            commands.unlock();
        }
    }

    /** Nothing to serve: no simulated cluster, and no attached one either (whose commands it runs, warm). */
    private boolean empty() {
        return sim.clusters().isEmpty() && session.attached().list().isEmpty();
    }

    private synchronized void stopWhenEmpty() {
        if (background && connections.get() == 0 && empty()) {
            stop("no cluster left and no client connected");
        }
    }

    private void checkIdle() {
        if (connections.get() > 0 || commands.isLocked()) {
            return;
        }
        long last = lastActivity;
        if (background && empty() && System.nanoTime() - last > Duration.ofSeconds(30).toNanos()) {
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

    /**
     * A client's connection: its command thread (interrupted by a cancel while it runs a line) and its sender
     * thread, the only one that writes to the socket.
     */
    private static final class Connection {
        interface Frame {
            void write(DataOutputStream out) throws IOException;
        }

        private final ExecutorService commands = Executors.newSingleThreadExecutor(r -> daemon(r, "sim-server-command"));
        private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> daemon(r, "sim-server-send"));
        private final DataOutputStream out;
        private Thread running; // guarded by this: the command thread while a cancel may interrupt it
        private int queued; // guarded by this: lines received and not yet started
        private boolean cancelled; // guarded by this: a cancel came before its line started
        private volatile boolean broken;

        Connection(SocketChannel c) {
            this.out = new DataOutputStream(new BufferedOutputStream(SocketStreams.out(c)));
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }

        synchronized void submit(Runnable line) {
            queued++;
            commands.submit(line);
        }

        /** On the command thread as a line starts: cancels interrupt it until {@link #finished}. */
        synchronized void started() {
            queued--;
            running = Thread.currentThread();
            if (cancelled) {
                cancelled = false;
                running.interrupt();
            }
        }

        synchronized void cancel() {
            if (running != null) {
                running.interrupt();
            } else if (queued > 0) {
                cancelled = true;
            }
        }

        /** On the command thread when its line is over: no cancel reaches it any more, nor one sent before. */
        void finished() {
            synchronized (this) {
                running = null;
            }
            Thread.interrupted();
        }

        void send(Frame frame) {
            sender.submit(() -> {
                if (broken) {
                    return;
                }
                try {
                    frame.write(out);
                } catch (IOException e) {
                    broken = true; // the client is gone; the command runs to its end all the same
                }
            });
        }

        /** After the client's last frame: its commands end, then what they said is sent. */
        void finish() {
            commands.shutdown();
            sender.shutdown();
            try {
                commands.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
                sender.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Output of a command as frames: each flush sends what was written since the last one. */
    private static final class FrameWriter extends Writer {
        private final Connection connection;
        private final StringBuilder buffer = new StringBuilder();

        FrameWriter(Connection connection) {
            this.connection = connection;
        }

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            buffer.append(cbuf, off, len);
        }

        @Override
        public synchronized void flush() {
            if (!buffer.isEmpty()) {
                String text = buffer.toString();
                connection.send(out -> Wire.output(out, text));
            }
            buffer.setLength(0);
        }

        @Override
        public void close() {
            flush();
        }
    }
}
