package dev.meshstage.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A meshstage process talking to its home's background server: connects, starting the server first when
 * none runs (detached, in a session of its own, logging to {@code logs/server.log}), and runs command lines
 * there. Plain Java: a one-shot command pays for a JVM start and a socket, not for Spring or the clusters.
 */
public final class ServerClient implements AutoCloseable {

    /**
     * The server's JVM when the launcher gives none (the launcher's own, see there): the serial collector and a heap
     * that starts big enough for the whole workshop (about 60 MiB live), so it is not grown by one full collection
     * after another, and gives memory back later; a young generation of 24 MiB, whose pages are all touched between
     * two collections. The client compiler only: the workshop from an empty home spends half its CPU in C2
     * otherwise, and the one thing C2 made cheap, the mesh CA's RSA-4096 keys, comes from openssl when it is
     * installed ({@code pki.RsaKeys}).
     */
    static final String DEFAULT_SERVER_JAVA_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms96m -Xmn24m -Xmx256m "
            + "-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=64m";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    static {
        PlatformSelectorProvider.use(); // before the first channel
    }

    private final ServerPaths paths;
    private final Path workshop;
    private SocketChannel channel;
    private DataInputStream in;
    private volatile DataOutputStream out;

    private ServerClient(ServerPaths paths, Path workshop, SocketChannel channel) {
        this.paths = paths;
        this.workshop = workshop;
        attach(channel);
    }

    /** The running server, if one answers. */
    public static Optional<ServerClient> ifRunning(ServerPaths paths) {
        return tryConnect(paths).map(c -> new ServerClient(paths, null, c));
    }

    /**
     * The home's server, started when none runs. A server found killed (its record left behind) is said so on
     * {@code notices}: its clusters come back from the saved state.
     */
    public static ServerClient connect(ServerPaths paths, Path workshop, PrintStream notices) {
        Optional<SocketChannel> c = tryConnect(paths);
        if (c.isPresent()) {
            return new ServerClient(paths, workshop, c.get());
        }
        return new ServerClient(paths, workshop, start(paths, workshop, notices));
    }

    /**
     * Runs one command line there, handing each piece of output to {@code output} as it comes. A server that
     * is stopping runs nothing and says so; then the line goes to the next server, once that one is up.
     */
    public Wire.Outcome run(Wire.Request request, Consumer<String> output, PrintStream notices) {
        for (int attempt = 0; ; attempt++) {
            if (!connected()) {
                attach(start(paths, workshop, notices));
            }
            Wire.Outcome o = runOnce(request, output);
            if (o != null || attempt >= 3) {
                return o != null ? o : new Wire.Outcome(false, "the server of the simulated clusters keeps stopping (see "
                        + paths.log() + ")", request.cluster());
            }
            closeQuietly();
            awaitUnlocked(paths);
        }
    }

    /**
     * From another thread while {@link #run} waits: asks the server to stop the line (its thread is interrupted,
     * as a time limit stops a command); {@code run} then returns its outcome as usual. Nothing runs: nothing happens.
     */
    public void cancel() {
        DataOutputStream o = out;
        if (o == null) {
            return;
        }
        synchronized (o) {
            try {
                Wire.cancel(o);
            } catch (IOException e) {
                // the connection is gone: run() says so
            }
        }
    }

    /** @return the outcome, or null when the server was stopping and ran nothing */
    private Wire.Outcome runOnce(Wire.Request request, Consumer<String> output) {
        try {
            synchronized (out) {
                Wire.write(out, request);
            }
            while (true) {
                int tag = in.read();
                if (tag == Wire.OUTPUT) {
                    output.accept(Wire.string(in));
                } else if (tag == Wire.OUTCOME) {
                    return new Wire.Outcome(in.readBoolean(), Wire.string(in), Wire.string(in));
                } else if (tag == Wire.STOPPING) {
                    return null;
                } else {
                    throw new IOException(tag < 0 ? "connection closed" : "unexpected frame " + tag);
                }
            }
        } catch (IOException e) {
            closeQuietly();
            return new Wire.Outcome(false, "the server of the simulated clusters stopped while running '" + request.line()
                    + "' (see " + paths.log() + "); the next command starts it again", request.cluster());
        }
    }

    /** Whether the connection is still open (the server may have stopped between two commands). */
    private boolean connected() {
        if (channel == null || !channel.isOpen()) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            int n = channel.read(ByteBuffer.allocate(1));
            channel.configureBlocking(true);
            return n == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void attach(SocketChannel c) {
        this.channel = c;
        this.in = new DataInputStream(new BufferedInputStream(SocketStreams.in(c)));
        this.out = new DataOutputStream(new BufferedOutputStream(SocketStreams.out(c)));
    }

    /** Waits for the server process to end, after {@code sim stop}. */
    public static void awaitExit(long pid, Duration timeout) {
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // still there after the timeout: the caller reports what it knows
            }
        });
    }

    private static Optional<SocketChannel> tryConnect(ServerPaths paths) {
        if (!Files.exists(paths.socket())) {
            return Optional.empty();
        }
        try {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                c.connect(UnixDomainSocketAddress.of(paths.socket()));
                return Optional.of(c);
            } catch (IOException e) {
                c.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static SocketChannel start(ServerPaths paths, Path workshop, PrintStream notices) {
        paths.prepare();
        Optional<ServerRecord> before = ServerRecord.read(paths.record());
        boolean killed = before.isPresent() && !before.get().alive();
        Process process = null;
        if (!lockHeld(paths)) {
            process = spawn(paths, workshop);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SocketChannel> c = tryConnect(paths);
            if (c.isPresent()) {
                if (killed) {
                    List<String> saved = savedClusters(paths.home());
                    notices.println("meshstage: the server of the simulated clusters (pid " + before.get().pid()
                            + ") had been killed; started it again" + (saved.isEmpty() ? ""
                            : " with " + String.join(", ", saved) + " from the saved state"));
                }
                return c.get();
            }
            if (process != null && !process.isAlive() && !lockHeld(paths)) {
                // ours gave up, and no other is on its way (two clients may race to start one; one wins)
                if (tryConnect(paths).isEmpty()) {
                    throw new ServerException("the server of the simulated clusters did not start: " + lastLine(paths.log())
                            + " (see " + paths.log().getParent() + "/)");
                }
            }
            if (process == null && !lockHeld(paths)) {
                process = spawn(paths, workshop); // the one starting it went away before serving
            }
            sleep(20);
        }
        throw new ServerException("the server of the simulated clusters did not answer within " + START_TIMEOUT.toSeconds()
                + " s (see " + paths.log() + ")");
    }

    /** Waits (up to a minute) until the server that is stopping has saved its clusters and ended. */
    private static void awaitUnlocked(ServerPaths paths) {
        ServerRecord.read(paths.record()).ifPresent(r -> awaitExit(r.pid(), Duration.ofMinutes(1)));
    }

    /** Whether some process holds the home's serving lock (a server running or starting). */
    static boolean lockHeld(ServerPaths paths) {
        try (FileChannel ch = FileChannel.open(paths.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Process spawn(ServerPaths paths, Path workshop) {
        List<String> cmd = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid); // a session of its own: the terminal's Ctrl-C and hang-up never reach it
                break;
            }
        }
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String opts = System.getenv().getOrDefault("MESHSTAGE_SERVER_JAVA_OPTS", DEFAULT_SERVER_JAVA_OPTS);
        for (String o : opts.strip().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        String cp = System.getProperty("java.class.path");
        if (!cp.contains(File.pathSeparator) && cp.endsWith(".jar")) {
            cmd.addAll(List.of("-jar", Path.of(cp).toAbsolutePath().toString()));
        } else {
            cmd.addAll(List.of("-cp", cp, "dev.meshstage.Main"));
        }
        cmd.addAll(List.of("--home", paths.home().toString(), "--backend", "sim"));
        if (workshop != null) {
            cmd.addAll(List.of("--workshop", workshop.toString()));
        }
        cmd.addAll(List.of("sim", "serve", "--background"));
        // in the starter's directory with its workshop: the clusters it restores are planned from the same files
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.log().toFile()))
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        // the server takes each client's workshop and home from its requests, never from its own environment
        env.remove("MESHSTAGE_WORKSHOP");
        env.remove("MESHSTAGE_HOME");
        env.remove("MESHSTAGE_BACKEND");
        try {
            return pb.start();
        } catch (IOException e) {
            throw new ServerException("cannot start the server of the simulated clusters: " + e.getMessage());
        }
    }

    public static List<String> savedClusters(Path home) {
        Path sim = home.resolve("sim");
        if (!Files.isDirectory(sim)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(sim)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("state.json")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // no log: say so below
        }
        return "it printed nothing";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("interrupted while starting the server of the simulated clusters");
        }
    }

    private void closeQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // gone already
        }
        channel = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
