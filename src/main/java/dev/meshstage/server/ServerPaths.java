package dev.meshstage.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a home's background server lives: {@code $MESHSTAGE_HOME/run/} (0700) holds the socket (0600) and
 * {@code server.properties} (its pid and start), {@code logs/server.log} what it printed, {@code sim/.lock} the
 * lock the serving process holds.
 */
public record ServerPaths(Path home, Path runDir, Path socket, Path record, Path log, Path lock) {

    /** A Unix socket path longer than this is refused by the kernel (108 bytes with the terminator). */
    private static final int MAX_SOCKET_PATH = 100;

    public static ServerPaths of(Path home) {
        Path h = home.toAbsolutePath().normalize();
        Path run = h.resolve("run");
        Path socket = run.resolve("sim.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            // a deep home: the socket goes to a private directory under /tmp named after the home
            socket = Path.of(System.getProperty("java.io.tmpdir"), "meshstage-" + System.getProperty("user.name")
                    + "-" + Integer.toHexString(h.toString().hashCode()), "sim.sock");
        }
        return new ServerPaths(h, run, socket, run.resolve("server.properties"), h.resolve("logs/server.log"),
                h.resolve("sim/.lock"));
    }

    /** Creates the directories the server writes to, the socket's and the run directory private (0700). */
    public void prepare() {
        try {
            for (Path dir : new Path[] {runDir, socket.getParent()}) {
                Files.createDirectories(dir);
                privateDirectory(dir);
            }
            Files.createDirectories(log.getParent());
            Files.createDirectories(lock.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + runDir, e);
        }
    }

    private static void privateDirectory(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing finer to set
        }
    }
}
