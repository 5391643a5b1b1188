package dev.meshstage.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ServerPathsTest {

    @TempDir
    Path tmp;

    @Test
    void everythingLivesInTheHomeAndTheRunDirectoryIsPrivate() throws Exception {
        ServerPaths p = ServerPaths.of(tmp.resolve("home"));
        p.prepare();
        assertThat(p.socket()).isEqualTo(tmp.resolve("home/run/sim.sock"));
        assertThat(p.log()).isEqualTo(tmp.resolve("home/logs/server.log"));
        assertThat(p.lock()).isEqualTo(tmp.resolve("home/sim/.lock"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.runDir()))).isEqualTo("rwx------");
    }

    @Test
    void aDeepHomeGetsItsSocketInAPrivateTemporaryDirectoryTheKernelAccepts() {
        Path deep = tmp.resolve("a".repeat(60)).resolve("b".repeat(60));
        ServerPaths p = ServerPaths.of(deep);
        assertThat(p.socket().toString().length()).isLessThan(108);
        assertThat(p.socket().getFileName().toString()).isEqualTo("sim.sock");
        assertThat(ServerPaths.of(deep).socket()).as("the same home, the same socket").isEqualTo(p.socket());
        assertThat(ServerPaths.of(deep.resolve("c")).socket()).isNotEqualTo(p.socket());
        assertThat(p.record()).isEqualTo(deep.resolve("run/server.properties"));
    }

    @Test
    void aRecordRoundTripsAndAForeignOneReadsAsAbsent() throws Exception {
        Path file = tmp.resolve("server.properties");
        ServerRecord r = new ServerRecord(ProcessHandle.current().pid(), Instant.ofEpochMilli(1_796_000_000_000L));
        r.write(file);
        assertThat(ServerRecord.read(file)).contains(r);
        assertThat(r.alive()).isTrue();
        assertThat(new ServerRecord(Long.MAX_VALUE - 1, Instant.EPOCH).alive()).isFalse();
        Files.writeString(file, "pid=oops\n");
        assertThat(ServerRecord.read(file)).isEmpty();
        assertThat(ServerRecord.read(tmp.resolve("none"))).isEmpty();
    }
}
