package dev.meshstage.command;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code replay} through the shell's own executor against the sim: a real transcript, and bad input. */
class ReplayCommandsTest {

    @TempDir
    Path home;
    EmbeddedShell shell;

    @BeforeEach
    void start() {
        shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home);
    }

    @AfterEach
    void stop() {
        shell.close();
    }

    @Test
    void replaysATranscriptWithoutWaitingAndEveryCommandGoesAsRecorded() {
        EmbeddedShell.Result r = shell.run("replay --no-wait transcripts/01-clusters.md");
        String screen = String.join("\n", r.lines());
        assertThat(r.ok()).as(screen).isTrue();
        assertThat(screen).contains("01 — Two kind clusters").contains("meshstage:> cluster create --all\ncluster1: created (3 nodes")
                .contains("error: unknown cluster 'cluster3'")
                .doesNotContain("recorded output");
        assertThat(r.lines().get(r.lines().size() - 1)).matches("replayed 01-clusters.md: \\d+ as recorded, 0 differed, 0 shown from the recording");
    }

    @Test
    void fallbackAlwaysShowsTheRecordingAndTouchesNoCluster() {
        EmbeddedShell.Result r = shell.run("replay --no-wait --fallback always transcripts/01-clusters.md");
        assertThat(r.ok()).isTrue();
        assertThat(String.join("\n", r.lines())).contains("┌─ recorded output (01-clusters.md:")
                .contains("│ cluster1: created (3 nodes, API https://127.0.0.1:[..])");
        assertThat(shell.run("cluster list").lines()).allMatch(l -> !l.contains(" yes "));
    }

    @Test
    void badInputIsOneLineAndChangesNothing() {
        assertThat(shell.run("replay").lines()).containsExactly("error: 'replay' needs FILE (usage: replay FILE [--from N] [--speed S] [--no-wait] [--fallback MODE] [--timeout T])");
        assertThat(shell.run("replay --no-wait nope.md").lines())
                .containsExactly("error: no transcript nope.md: give a Markdown file such as transcripts/workshop.md");
        assertThat(shell.run("replay --no-wait --fallback sometimes transcripts/01-clusters.md").lines())
                .containsExactly("error: unknown --fallback 'sometimes': use auto, never, always");
        assertThat(shell.run("replay transcripts/01-clusters.md").lines())
                .containsExactly("error: replay reads keys (Enter, Space, s, r, l, q) at the interactive prompt; here use --no-wait");
        assertThat(shell.run("replay --no-wait --from nowhere transcripts/01-clusters.md").lines())
                .containsExactly("error: no heading starting 'nowhere' in transcripts/01-clusters.md: its headings are 01 — Two kind clusters");
        assertThat(shell.run("replay --no-wait --speed 0 transcripts/01-clusters.md").lines())
                .containsExactly("error: --speed 0 is out of range: give 1 to 1000 characters a second");
        assertThat(shell.run("cluster list").lines()).allMatch(l -> !l.contains(" yes "));
    }

    @Test
    void aHeadingWithSpacesIsGivenInSingleQuotesDoubleQuotesOrEscaped() {
        for (String from : List.of("'01 — Two kind'", "\"01 — Two kind\"", "01\\ —\\ Two\\ kind", "='01 — Two kind'")) {
            String option = from.startsWith("=") ? "--from" + from : "--from " + from;
            EmbeddedShell.Result r = shell.run("replay --no-wait --fallback always " + option + " transcripts/01-clusters.md");
            assertThat(r.ok()).as(option + ": " + r.lines()).isTrue();
            assertThat(String.join("\n", r.lines())).contains("01 — Two kind clusters");
        }
        assertThat(shell.run("replay --no-wait --from 'no such place' transcripts/01-clusters.md").lines())
                .containsExactly("error: no heading starting 'no such place' in transcripts/01-clusters.md: its headings are 01 — Two kind clusters");
        assertThat(shell.run("replay --no-wait --from 'no such place transcripts/01-clusters.md").lines())
                .containsExactly("error: the line has a ' that is not closed: close it, or put a \\ before it to mean the character itself"
                        + " ('…' keeps everything, \"…\" lets \\ escape \" and \\)");
    }
}
