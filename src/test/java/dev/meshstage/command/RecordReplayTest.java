package dev.meshstage.command;

import dev.meshstage.transcript.Transcript;
import dev.meshstage.transcript.TranscriptParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A session recorded with {@code record} replays on a fresh home and verifies green. */
class RecordReplayTest {

    @TempDir
    Path tmp;

    @Test
    void aRecordedSessionReplaysAsRecorded() throws Exception {
        Path file = tmp.resolve("session.md");
        Path first = Files.createDirectories(tmp.resolve("first"));
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), first)) {
            assertThat(shell.run("record " + file).lines()).containsExactly(
                    "recording to " + file + ": the commands from here on, with their output; 'record stop' ends");
            assertThat(shell.run("record " + file).lines()).containsExactly("error: already recording to " + file + ": 'record stop' first");
            shell.run("cluster create --all");
            shell.run("lb install");
            shell.run("mesh install");
            shell.run("mesh status");
            shell.run("status --cluster 2");
            shell.run("use cluster3");
            assertThat(shell.run("record stop").lines()).containsExactly(
                    "recorded 6 commands to " + file + " (replay --no-wait " + file + " checks it)");
            assertThat(shell.run("record stop").lines()).containsExactly("not recording: nothing to stop");
            shell.run("cluster list"); // after the recording: not in it
        }
        String md = Files.readString(file);
        Transcript t = TranscriptParser.parse(file);
        assertThat(t.steps()).extracting(Transcript.Step::command).containsExactly(
                "cluster create --all", "lb install", "mesh install", "mesh status", "status --cluster 2", "use cluster3");
        assertThat(md).contains("cluster1: created (3 nodes, API https://127.0.0.1:[..])")
                .contains("error: unknown cluster 'cluster3'")
                .doesNotContain(first.toString())
                .doesNotContainPattern("([0-9A-F]{2}:){8}")
                .doesNotContain("BEGIN");

        Path second = Files.createDirectories(tmp.resolve("second"));
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), second)) {
            EmbeddedShell.Result replay = shell.run("replay --no-wait " + file);
            assertThat(replay.ok()).as(String.join("\n", replay.lines())).isTrue();
            assertThat(replay.lines().get(replay.lines().size() - 1))
                    .isEqualTo("replayed session.md: 6 as recorded, 0 differed, 0 shown from the recording");
        }
    }

    @Test
    void recordRefusesAnExistingFileAndChangesNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve("kept.md"), "mine\n");
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), Files.createDirectories(tmp.resolve("h")))) {
            assertThat(shell.run("record " + file).lines())
                    .containsExactly("error: " + file + " exists: give a new file name (record never overwrites)");
            assertThat(shell.run("record").lines()).containsExactly("error: 'record' needs FILE (usage: record FILE)");
            assertThat(shell.run("record stop").lines()).containsExactly("not recording: nothing to stop");
        }
        assertThat(Files.readString(file)).isEqualTo("mine\n");
    }
}
