package dev.meshstage.stage;

import dev.meshstage.transcript.Transcript;
import dev.meshstage.transcript.TranscriptParser;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The player on a virtual clock with scripted keys, results and live lines: what it shows, runs and counts. */
class PlayerTest {

    private static final List<String> TWO_STEPS = List.of(
            "# Demo", "", "Some *narration* with `code`.", "",
            "```meshstage", "meshstage:> cluster list", "NAME [..]", "meshstage:> status", "cluster1 ok", "```", "",
            "## Second", "", "More.", "",
            "```meshstage", "meshstage:> use 2", "current cluster: cluster2", "```");

    /** Runs what it is told and answers with scripted results (or the recorded output when none is scripted). */
    private static final class Runner implements Stage.Runner {
        final List<String> ran = new ArrayList<>();
        final List<Boolean> shown = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();
        final List<String> live = new ArrayList<>();
        final Deque<StepResult> results = new ArrayDeque<>();

        Runner then(StepResult r) {
            results.add(r);
            return this;
        }

        @Override
        public StepResult run(Transcript.Step step, Duration timeout, boolean show) {
            ran.add(step.command());
            shown.add(show);
            timeouts.add(timeout);
            return results.isEmpty() ? StepResult.ok(step.expected().stream().map(l -> l.replace("[..]", "x")).toList())
                    : results.poll();
        }

        @Override
        public StepResult runLive(String line) {
            live.add(line);
            return StepResult.ok(List.of());
        }
    }

    private record Played(String screen, ReplaySummary summary, List<String> pieces) {
    }

    private static Played play(List<String> md, PlayOptions options, ScriptedKeys keys, Runner runner, String... lines) {
        Deque<String> typed = new ArrayDeque<>(List.of(lines));
        StringWriter screen = new StringWriter();
        List<String> pieces = new ArrayList<>();
        PrintWriter out = new PrintWriter(screen) {
            @Override
            public void print(String s) {
                pieces.add(s);
                super.print(s);
            }
        };
        Transcript t = TranscriptParser.parse(Path.of("demo.md"), md);
        ReplaySummary summary = Stage.play(new Player(t, options), keys, runner, prompt -> typed.poll(), out);
        return new Played(screen.toString(), summary, pieces);
    }

    private static PlayOptions paced(Fallback fallback) {
        return new PlayOptions(null, 20, false, fallback, Duration.ofSeconds(30), 80, Style.PLAIN);
    }

    @Test
    void typesEachCommandOutUnevenlyAndRunsItOnEnter() {
        ScriptedKeys keys = new ScriptedKeys().at(60_000, Key.ENTER).at(120_000, Key.ENTER).at(180_000, Key.ENTER);
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, paced(Fallback.AUTO), keys, runner);

        assertThat(runner.ran).containsExactly("cluster list", "status", "use 2");
        // one character a piece: typed out, not printed at once
        int prompt = p.pieces().indexOf("meshstage:> ");
        assertThat(p.pieces().subList(prompt + 1, prompt + 13)).containsExactly("c", "l", "u", "s", "t", "e", "r", " ", "l", "i", "s", "t");
        assertThat(p.screen()).contains("meshstage:> cluster list\n").contains("Demo\n════").contains("Some narration with `code`.");
        assertThat(p.summary().asRecorded()).isEqualTo(3);
        assertThat(keys.allPressed()).isTrue();
        // the same keys on the same clock give the same screen
        Played again = play(TWO_STEPS, paced(Fallback.AUTO), new ScriptedKeys().at(60_000, Key.ENTER).at(120_000, Key.ENTER)
                .at(180_000, Key.ENTER), new Runner());
        assertThat(again.pieces()).isEqualTo(p.pieces());
    }

    @Test
    void typingTakesAboutOneCharacterTimeEachAndIsUneven() {
        List<Long> delays = new ArrayList<>();
        for (int i = 1; i < "cluster create --all".length(); i++) {
            delays.add(TypingRhythm.delayMillis("cluster create --all", i, 20));
        }
        assertThat(delays).allMatch(d -> d >= 25 && d <= 120);
        assertThat(delays.stream().distinct().count()).isGreaterThan(5);
        assertThat(TypingRhythm.delayMillis("status", 2, 20)).isEqualTo(TypingRhythm.delayMillis("status", 2, 20));
        assertThat(TypingRhythm.delayMillis("status", 2, 100)).isLessThan(TypingRhythm.delayMillis("status", 2, 10));
    }

    @Test
    void enterWhileTypingFinishesTheCommandAndRunsIt() {
        ScriptedKeys keys = new ScriptedKeys().at(100, Key.ENTER).at(200, Key.ENTER).at(300, Key.ENTER);
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, paced(Fallback.AUTO), keys, runner);
        assertThat(runner.ran).containsExactly("cluster list", "status", "use 2");
        assertThat(p.screen()).contains("meshstage:> cluster list\n").contains("meshstage:> status\n");
    }

    @Test
    void spaceFinishesTypingAndWaitsForEnter() {
        ScriptedKeys keys = new ScriptedKeys().at(100, Key.SPACE).at(150, Key.ENTER).at(60_000, Key.ENTER).at(120_000, Key.ENTER);
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, paced(Fallback.AUTO), keys, runner);
        int prompt = p.pieces().indexOf("meshstage:> ");
        List<String> typed = p.pieces().subList(prompt + 1, p.pieces().indexOf("\n"));
        assertThat(String.join("", typed)).isEqualTo("cluster list");
        assertThat(typed.get(typed.size() - 1)).hasSizeGreaterThan(1); // the rest at once
        assertThat(runner.ran).hasSize(3);
    }

    @Test
    void skipGoesOnWithoutRunning() {
        ScriptedKeys keys = new ScriptedKeys().at(60_000, Key.SKIP).at(120_000, Key.ENTER).at(180_000, Key.ENTER);
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, paced(Fallback.AUTO), keys, runner);
        assertThat(runner.ran).containsExactly("status", "use 2");
        assertThat(p.screen()).contains("cluster list   (skipped)");
        assertThat(p.summary().skipped()).isEqualTo(1);
    }

    @Test
    void repeatRunsThePreviousCommandAgainThenTheCurrentOneWaits() {
        ScriptedKeys keys = new ScriptedKeys().at(60_000, Key.ENTER).at(120_000, Key.REPEAT).at(130_000, Key.ENTER)
                .at(180_000, Key.ENTER);
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, paced(Fallback.AUTO), keys, runner);
        assertThat(runner.ran).containsExactly("cluster list", "cluster list", "status", "use 2");
        assertThat(p.summary().asRecorded()).as("the repeat is not counted").isEqualTo(3);
        assertThat(p.screen()).containsSubsequence("meshstage:> cluster list\n", "meshstage:> cluster list\n", "meshstage:> status");
    }

    @Test
    void liveDropsToAPromptAndResumeReturnsToTheSamePlace() {
        ScriptedKeys keys = new ScriptedKeys().at(60_000, Key.LIVE).at(70_000, Key.ENTER).at(120_000, Key.ENTER)
                .at(180_000, Key.ENTER);
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, paced(Fallback.AUTO), keys, runner, "app status", "", "$ kubectl get nodes", "resume");
        assertThat(runner.live).containsExactly("app status", "$ kubectl get nodes");
        assertThat(runner.ran).containsExactly("cluster list", "status", "use 2");
        assertThat(p.screen()).contains("live prompt").contains("back to demo.md\nmeshstage:> cluster list\n");
    }

    @Test
    void quitStopsAndRunsNothingMore() {
        ScriptedKeys keys = new ScriptedKeys().at(60_000, Key.ENTER).at(120_000, Key.QUIT);
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, paced(Fallback.AUTO), keys, runner);
        assertThat(runner.ran).containsExactly("cluster list");
        assertThat(p.summary().quit()).isTrue();
        assertThat(p.screen()).contains("replay stopped at demo.md:8 status").doesNotContain("Second");
    }

    @Test
    void aFailedCommandShowsTheRecordedOutputLabelled() {
        Runner runner = new Runner().then(StepResult.failed(List.of(), "the Kubernetes API said: connection refused"));
        Played p = play(TWO_STEPS, noWait(Fallback.AUTO), new ScriptedKeys(), runner);
        assertThat(p.screen()).contains("error: the Kubernetes API said: connection refused\n")
                .contains("┌─ the live command failed: the Kubernetes API said: connection refused — recorded output (demo.md:6 cluster list)\n"
                        + "│ NAME [..]\n└─");
        assertThat(p.summary().recorded()).containsExactly("demo.md:6 cluster list");
        assertThat(runner.ran).containsExactly("cluster list", "status", "use 2");
    }

    @Test
    void aCommandPastItsTimeLimitShowsTheRecordedOutput() {
        List<String> md = new ArrayList<>(List.of("<!-- timeout 7 -->"));
        md.addAll(TWO_STEPS);
        Runner runner = new Runner().then(StepResult.ok(List.of("NAME x"))).then(StepResult.timedOut(List.of("half")));
        Played p = play(md, noWait(Fallback.AUTO), new ScriptedKeys(), runner);
        assertThat(runner.timeouts).containsOnly(Duration.ofSeconds(7));
        assertThat(p.screen()).contains("the live command ran past its time limit of 7 s and was stopped — recorded output (demo.md:9 status)\n│ cluster1 ok");
        assertThat(p.summary().recorded()).hasSize(1);
        assertThat(p.summary().asRecorded()).isEqualTo(2);
    }

    @Test
    void fallbackNeverShowsTheFailureAsItIs() {
        Runner runner = new Runner().then(StepResult.failed(List.of(), "boom"));
        Played p = play(TWO_STEPS, noWait(Fallback.NEVER), new ScriptedKeys(), runner);
        assertThat(p.screen()).contains("error: boom").doesNotContain("recorded output");
        assertThat(p.summary().failed()).containsExactly("demo.md:6 cluster list");
    }

    @Test
    void fallbackAlwaysRunsNothingAndShowsTheRecording() {
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, noWait(Fallback.ALWAYS), new ScriptedKeys(), runner);
        assertThat(runner.ran).isEmpty();
        assertThat(p.screen()).contains("meshstage:> status\n┌─ recorded output (demo.md:8 status)\n│ cluster1 ok\n└─");
        assertThat(p.summary().recorded()).hasSize(3);
        assertThat(p.summary().notAsRecorded(true)).isEmpty();
    }

    @Test
    void anExpectedErrorIsNotAFailure() {
        List<String> md = List.of("```meshstage", "meshstage:> use cluster3", "error: unknown cluster 'cluster3'[..]", "```");
        Runner runner = new Runner().then(StepResult.failed(List.of(), "unknown cluster 'cluster3': the workshop has cluster1, cluster2"));
        Played p = play(md, noWait(Fallback.AUTO), new ScriptedKeys(), runner);
        assertThat(p.screen()).contains("error: unknown cluster").doesNotContain("recorded output");
        assertThat(p.summary().asRecorded()).isEqualTo(1);
    }

    @Test
    void outputThatDiffersIsCountedNotReplaced() {
        Runner runner = new Runner().then(StepResult.ok(List.of("something else")));
        Played p = play(TWO_STEPS, noWait(Fallback.AUTO), new ScriptedKeys(), runner);
        assertThat(p.summary().differed()).containsExactly("demo.md:6 cluster list");
        assertThat(p.screen()).doesNotContain("recorded output");
    }

    @Test
    void hiddenStepsRunWithoutBeingShown() {
        List<String> md = List.of("Intro.", "", "<!-- hidden -->", "```meshstage", "meshstage:> cluster create --all", "cluster1: created[..]",
                "```", "", "```meshstage", "meshstage:> status", "ok", "```");
        Runner runner = new Runner();
        Played p = play(md, paced(Fallback.AUTO), new ScriptedKeys().at(10_000, Key.ENTER), runner);
        assertThat(runner.ran).containsExactly("cluster create --all", "status");
        assertThat(runner.shown).containsExactly(false, true);
        assertThat(p.screen()).doesNotContain("cluster create").contains("meshstage:> status");

        Runner failing = new Runner().then(StepResult.failed(List.of(), "no docker"));
        Played f = play(md, noWait(Fallback.AUTO), new ScriptedKeys(), failing);
        assertThat(f.screen()).contains("(hidden setup 'cluster create --all' failed: no docker)");
        assertThat(f.summary().failed()).hasSize(1);

        Runner none = new Runner();
        play(md, noWait(Fallback.ALWAYS), new ScriptedKeys(), none);
        assertThat(none.ran).isEmpty();
    }

    @Test
    void pauseWaitsForAKeyUnlessNoWait() {
        List<String> md = List.of("Before.", "<!-- pause -->", "After.");
        Played paused = play(md, paced(Fallback.AUTO), new ScriptedKeys().at(5_000, Key.ENTER), new Runner());
        assertThat(paused.screen()).containsSubsequence("Before.", "After.");
        assertThatThrownBy(() -> play(md, paced(Fallback.AUTO), new ScriptedKeys(), new Runner()))
                .hasMessageContaining("waits for a key");
        assertThat(play(md, noWait(Fallback.AUTO), new ScriptedKeys(), new Runner()).screen()).contains("After.");
    }

    @Test
    void speedDirectiveChangesTheTypingRate() {
        List<String> slow = new ArrayList<>(List.of("<!-- speed 5 -->"));
        slow.addAll(TWO_STEPS);
        ScriptedKeys fast = new ScriptedKeys().at(2_000, Key.ENTER).at(60_000, Key.ENTER).at(120_000, Key.ENTER);
        Played f = play(TWO_STEPS, new PlayOptions(null, 100, false, Fallback.AUTO, Duration.ofSeconds(30), 80, Style.PLAIN), fast, new Runner());
        ScriptedKeys later = new ScriptedKeys().at(2_000, Key.ENTER).at(60_000, Key.ENTER).at(120_000, Key.ENTER);
        Played s = play(slow, new PlayOptions(null, 100, false, Fallback.AUTO, Duration.ofSeconds(30), 80, Style.PLAIN), later, new Runner());
        // at 100 cps 'cluster list' is typed out within 2 s; at 5 cps it is not, so Enter finishes the rest at once
        int fp = f.pieces().indexOf("meshstage:> ");
        int sp = s.pieces().indexOf("meshstage:> ");
        assertThat(f.pieces().subList(fp + 1, fp + 14)).containsExactly("c", "l", "u", "s", "t", "e", "r", " ", "l", "i", "s", "t", "\n");
        assertThat(s.pieces().subList(sp + 1, sp + 12)).anyMatch(piece -> piece.length() > 1);
    }

    @Test
    void fromStartsAtASection() {
        Runner runner = new Runner();
        Played p = play(TWO_STEPS, new PlayOptions("second", 20, true, Fallback.AUTO, Duration.ofSeconds(30), 80, Style.PLAIN),
                new ScriptedKeys(), runner);
        assertThat(runner.ran).containsExactly("use 2");
        assertThat(p.screen()).doesNotContain("Demo").contains("Second");
        assertThatThrownBy(() -> new Player(TranscriptParser.parse(Path.of("demo.md"), TWO_STEPS),
                new PlayOptions("third", 20, true, Fallback.AUTO, Duration.ofSeconds(30), 80, Style.PLAIN)))
                .hasMessage("no heading starting 'third' in demo.md: its headings are Demo, Second");
    }

    private static PlayOptions noWait(Fallback fallback) {
        return new PlayOptions(null, 20, true, fallback, Duration.ofSeconds(30), 80, Style.PLAIN);
    }
}
