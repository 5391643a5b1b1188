package dev.meshstage.command;

import dev.meshstage.session.Session;
import dev.meshstage.stage.Fallback;
import dev.meshstage.stage.Key;
import dev.meshstage.stage.PlayOptions;
import dev.meshstage.stage.Player;
import dev.meshstage.stage.ReplaySummary;
import dev.meshstage.stage.ScriptedKeys;
import dev.meshstage.stage.ShellCommand;
import dev.meshstage.stage.Stage;
import dev.meshstage.stage.StepResult;
import dev.meshstage.stage.Style;
import dev.meshstage.transcript.Transcript;
import dev.meshstage.transcript.TranscriptParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay's time limit stops the command that runs past it: on a dead network {@code lb install} would wait
 * minutes for MetalLB's pods; with a limit of 3 s it is stopped, its recording is shown, and the next commands run
 * at once (before, they queued behind it for those minutes). Keys scripted on a virtual clock, commands real, against the sim.
 */
class ReplayTimeLimitTest {

    private static final List<String> OFFLINE = List.of(
            "# Offline", "",
            "<!-- hidden -->", "```meshstage", "meshstage:> cluster create --all", "...", "meshstage:> sim network offline", "...", "```", "",
            "The network is gone: MetalLB's images cannot be pulled.", "",
            "<!-- timeout 3 -->", "",
            "```meshstage", "meshstage:> lb install",
            "cluster1: MetalLB v0.14.9 installed (26 objects created); controller ready, speakers ready on 3 nodes", "...", "```", "",
            "<!-- timeout 300 -->", "",
            "```meshstage", "meshstage:> sim network online", "...", "meshstage:> cluster list", "...", "cluster1   kind-cluster1   yes[..]", "...", "```");

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

    /** The real runner, timed: when each command started and how long it took. */
    private record Timed(String command, long startMillis, long tookMillis, StepResult.Outcome outcome) {
    }

    @Test
    void aCommandPastItsTimeLimitIsStoppedItsRecordingShownAndTheNextRunsAtOnce() {
        Transcript t = TranscriptParser.parse(Path.of("offline.md"), OFFLINE);
        StringWriter screen = new StringWriter();
        Console console = new Console(new PrintWriter(screen), false, false, false);
        PlayOptions options = new PlayOptions(null, 100, false, Fallback.AUTO, Duration.ofSeconds(300), 100, Style.PLAIN);
        ShellCommand sh = new ShellCommand(shell.bean(Session.class).kubeconfigs(), Path.of("").toAbsolutePath(), Map.of());
        ScriptedKeys keys = new ScriptedKeys().at(0, Key.ENTER).at(0, Key.ENTER).at(0, Key.ENTER);
        List<Timed> timed = new ArrayList<>();
        long origin = System.nanoTime();
        ReplaySummary summary;
        try (StageRunner real = new StageRunner(shell.bean(CommandLines.class), shell.bean(Consoles.class), console, sh,
                options.timeout())) {
            Stage.Runner runner = new Stage.Runner() {
                @Override
                public StepResult run(Transcript.Step step, Duration timeout, boolean shown) {
                    long start = System.nanoTime();
                    StepResult r = real.run(step, timeout, shown);
                    timed.add(new Timed(step.command(), (start - origin) / 1_000_000, (System.nanoTime() - start) / 1_000_000, r.outcome()));
                    return r;
                }

                @Override
                public StepResult runLive(String line) {
                    return real.runLive(line);
                }
            };
            summary = Stage.play(new Player(t, options), keys, runner, prompt -> null, new PrintWriter(screen, true));
        }
        String shown = screen.toString();
        assertThat(keys.allPressed()).isTrue();
        assertThat(timed).extracting(Timed::command)
                .containsExactly("cluster create --all", "sim network offline", "lb install", "sim network online", "cluster list");
        Timed stopped = timed.get(2);
        assertThat(stopped.outcome()).isEqualTo(StepResult.Outcome.TIMED_OUT);
        assertThat(stopped.tookMillis()).as("stopped within its grace, not left to wait minutes for MetalLB")
                .isLessThan(3_000 + StageRunner.STOP_GRACE.toMillis());
        assertThat(shown).contains("┌─ the live command ran past its time limit of 3 s and was stopped — recorded output (offline.md:16 lb install)\n"
                + "│ cluster1: MetalLB v0.14.9 installed (26 objects created); controller ready, speakers ready on 3 nodes\n│ ...\n└─");
        Timed next = timed.get(3);
        assertThat(next.startMillis() - (stopped.startMillis() + stopped.tookMillis())).as("the next command did not wait for the stopped one")
                .isLessThan(1_000);
        assertThat(next.tookMillis()).isLessThan(10_000);
        assertThat(summary.recorded()).containsExactly("offline.md:16 lb install");
        assertThat(summary.differed()).isEmpty();
        assertThat(summary.failed()).isEmpty();
        assertThat(summary.asRecorded()).as(shown).isEqualTo(2);
    }
}
