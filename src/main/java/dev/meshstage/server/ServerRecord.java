package dev.meshstage.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running server writes about itself ({@code run/server.properties}): its pid and when it started.
 * A clean stop removes it; one left behind by a dead pid means the server was killed.
 */
public record ServerRecord(long pid, Instant started) {

    public static Optional<ServerRecord> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(new ServerRecord(Long.parseLong(p.getProperty("pid")),
                    Instant.ofEpochMilli(Long.parseLong(p.getProperty("started")))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // half-written or foreign: as if absent
        }
    }

    public void write(Path file) {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started", Long.toString(started.toEpochMilli()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "the meshstage sim server of this home");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
