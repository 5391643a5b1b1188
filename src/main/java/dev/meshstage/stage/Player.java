package dev.meshstage.stage;

import dev.meshstage.transcript.OutputMatcher;
import dev.meshstage.transcript.Transcript;
import dev.meshstage.transcript.Transcript.Block;
import dev.meshstage.transcript.Transcript.Directive;
import dev.meshstage.transcript.Transcript.Narration;
import dev.meshstage.transcript.Transcript.Shell;
import dev.meshstage.transcript.Transcript.Step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stage player as a state machine over (transcript, key events, command results, clock): each input
 * returns the text to show and what the player waits for next — a key (until a time, for typing), a
 * command's result, a line at the live prompt, or nothing (done). It does no I/O and reads no clock, so it is
 * tested without a terminal and without sleeping; {@link Stage} is the thin loop that feeds it.
 */
public final class Player {

    /** What the player needs next. */
    public sealed interface Wait permits ForKey, Run, RunLive, ReadLine, Done {
    }

    /** A key, or {@link #tick} at {@code deadline} (millis on the caller's clock; {@link Long#MAX_VALUE}: none). */
    public record ForKey(long deadline) implements Wait {
    }

    /** Run a transcript command; {@code shown} false for hidden setup (its output is not shown). */
    public record Run(Step step, Duration timeout, boolean shown) implements Wait {
    }

    /** Run a line typed at the live prompt (a meshstage command, or a shell command after {@code $ }). */
    public record RunLive(String line) implements Wait {
    }

    public record ReadLine(String prompt) implements Wait {
    }

    public record Done(ReplaySummary summary) implements Wait {
    }

    /** Text to write (pieces, not lines: typing writes one character at a time) and the next wait. */
    public record Next(List<String> output, Wait then) {
    }

    private enum Mode { TYPING, TYPED, RUNNING, PAUSED, LIVE, LIVE_RUNNING, DONE }

    private static final long NEVER = Long.MAX_VALUE;

    private final Transcript transcript;
    private final PlayOptions options;
    private final Style style;
    private final List<Transcript.Part> parts;
    private int part;
    private int stepInBlock;
    private Mode mode;
    /** what {@code resume} returns to */
    private Mode beforeLive;
    private int typed;
    private long nextCharAt;
    private Step previous;
    private Step repeating;
    private int speed;
    private Duration timeout;
    private List<String> out;

    private int asRecorded;
    private int skipped;
    private final List<String> differed = new ArrayList<>();
    private final List<String> recorded = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    /** @throws IllegalArgumentException when {@code --from} names no heading of the transcript */
    public Player(Transcript transcript, PlayOptions options) {
        this.transcript = transcript;
        this.options = options;
        this.style = options.style();
        this.parts = transcript.parts();
        this.speed = options.speed();
        this.timeout = options.timeout();
        this.part = options.from() == null ? 0 : startOf(options.from());
    }

    /** The part where the section named {@code from} begins; directives before it still set speed and timeout. */
    private int startOf(String from) {
        String wanted = from.strip().toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Narration n && n.heading() != null
                    && n.heading().toLowerCase(java.util.Locale.ROOT).startsWith(wanted)) {
                for (Transcript.Part p : parts.subList(0, i)) {
                    if (p instanceof Directive d) {
                        setting(d);
                    }
                }
                return i;
            }
        }
        throw new IllegalArgumentException("no heading starting '" + from + "' in " + transcript.file()
                + (transcript.headings().isEmpty() ? " (it has no headings)" : ": its headings are " + String.join(", ", transcript.headings())));
    }

    public Next start(long now) {
        return step(() -> advance(now));
    }

    /** The clock reached the deadline of a {@link ForKey} without a key. */
    public Next tick(long now) {
        return step(() -> mode == Mode.TYPING ? typeUntil(now) : waitingForKey(now));
    }

    public Next key(Key key, long now) {
        return step(() -> switch (mode) {
            case TYPING, TYPED -> commandKey(key, now);
            case PAUSED -> pausedKey(key, now);
            default -> waitingForKey(now);
        });
    }

    public Next finished(StepResult result, long now) {
        return step(() -> mode == Mode.LIVE_RUNNING ? liveFinished(result) : stepFinished(result, now));
    }

    /** A line typed at the live prompt; null when the input ended (as {@code resume}). */
    public Next line(String line, long now) {
        return step(() -> liveLine(line, now));
    }

    private Next step(java.util.function.Supplier<Wait> action) {
        out = new ArrayList<>();
        if (mode == Mode.DONE) {
            throw new IllegalStateException("the replay is over");
        }
        Wait w = action.get();
        return new Next(List.copyOf(out), w);
    }

    // ---- moving through the transcript

    private Wait advance(long now) {
        while (part < parts.size()) {
            Transcript.Part p = parts.get(part);
            if (p instanceof Narration n) {
                part++;
                out.add(String.join("\n", NarrationRenderer.render(n.lines(), options.width(), style)) + "\n\n");
            } else if (p instanceof Directive d) {
                part++;
                setting(d);
                if (d.kind() == Directive.Kind.PAUSE && !options.noWait()) {
                    mode = Mode.PAUSED;
                    return new ForKey(NEVER);
                }
            } else if (p instanceof Block b) {
                if (stepInBlock >= b.steps().size()) {
                    part++;
                    stepInBlock = 0;
                    if (!b.hidden()) {
                        out.add("\n");
                    }
                    continue;
                }
                Step s = b.steps().get(stepInBlock);
                if (b.hidden()) {
                    if (options.fallback() == Fallback.ALWAYS) {
                        stepInBlock++; // setup for live commands; none run
                        continue;
                    }
                    mode = Mode.RUNNING;
                    return new Run(s, timeout, false);
                }
                return type(s, now);
            }
        }
        return done(false);
    }

    private void setting(Directive d) {
        switch (d.kind()) {
            case SPEED -> speed = d.value();
            case TIMEOUT -> timeout = Duration.ofSeconds(d.value());
            default -> { }
        }
    }

    private Step current() {
        return repeating != null ? repeating : ((Block) parts.get(part)).steps().get(stepInBlock);
    }

    private String prompt(Step s) {
        return style.bold(s.shell() == Shell.CONSOLE ? "$ " : "meshstage:> ");
    }

    // ---- typing a command

    private Wait type(Step s, long now) {
        out.add(prompt(s));
        typed = 0;
        if (options.noWait()) {
            return runTyped(finishTyping(), now);
        }
        mode = Mode.TYPING;
        nextCharAt = now + TypingRhythm.delayMillis(s.command(), 0, speed);
        return new ForKey(nextCharAt);
    }

    private Wait typeUntil(long now) {
        String command = current().command();
        StringBuilder chars = new StringBuilder();
        while (typed < command.length() && nextCharAt <= now) {
            chars.append(command.charAt(typed++));
            nextCharAt += TypingRhythm.delayMillis(command, typed, speed);
        }
        if (!chars.isEmpty()) {
            out.add(chars.toString());
        }
        if (typed == command.length()) {
            mode = Mode.TYPED;
            return new ForKey(NEVER);
        }
        return new ForKey(nextCharAt);
    }

    private Step finishTyping() {
        Step s = current();
        if (typed < s.command().length()) {
            out.add(s.command().substring(typed));
            typed = s.command().length();
        }
        mode = Mode.TYPED;
        return s;
    }

    private Wait waitingForKey(long now) {
        return new ForKey(mode == Mode.TYPING ? nextCharAt : NEVER);
    }

    private Wait commandKey(Key key, long now) {
        switch (key) {
            case ENTER:
                return runTyped(finishTyping(), now);
            case SPACE:
                finishTyping();
                return new ForKey(NEVER);
            case SKIP:
                if (repeating != null) {
                    return waitingForKey(now); // the repeat is already running its course
                }
                out.add(style.dim("   (skipped)") + "\n");
                skipped++;
                stepInBlock++;
                return advance(now);
            case REPEAT:
                if (previous == null || repeating != null) {
                    return waitingForKey(now);
                }
                out.add(style.color() ? "\r\u001b[2K" : "\n"); // the pending command's line gives way to the repeat
                repeating = previous;
                out.add(prompt(repeating) + repeating.command());
                return runTyped(repeating, now);
            case LIVE:
                return live(now);
            case QUIT:
                out.add("\n" + style.dim("replay stopped at " + where(current()) + "; the clusters keep their state") + "\n");
                return done(true);
            default:
                return waitingForKey(now);
        }
    }

    private Wait pausedKey(Key key, long now) {
        return switch (key) {
            case ENTER, SPACE, SKIP -> advance(now);
            case LIVE -> live(now);
            case QUIT -> {
                out.add(style.dim("replay stopped; the clusters keep their state") + "\n");
                yield done(true);
            }
            default -> new ForKey(NEVER);
        };
    }

    // ---- running and falling back

    private Wait runTyped(Step s, long now) {
        out.add("\n");
        if (options.fallback() == Fallback.ALWAYS) {
            showRecorded(s, null);
            if (repeating == null) {
                recorded.add(where(s));
            }
            return afterStep(s, now);
        }
        mode = Mode.RUNNING;
        return new Run(s, timeout, true);
    }

    private Wait stepFinished(StepResult result, long now) {
        Step s = current();
        boolean hidden = repeating == null && ((Block) parts.get(part)).hidden();
        List<String> actual = new ArrayList<>(result.lines());
        if (result.outcome() == StepResult.Outcome.FAILED && s.shell() == Shell.MESHSTAGE) {
            actual.add("error: " + result.error());
        }
        boolean matches = OutputMatcher.matches(s.expected(), actual);
        if (hidden) {
            if (!result.ok() && !matches) {
                out.add(style.yellow("(hidden setup '" + s.command() + "' " + failure(result, timeout) + ")") + "\n");
                failed.add(where(s));
            }
            stepInBlock++;
            return advance(now);
        }
        if (result.outcome() == StepResult.Outcome.FAILED && s.shell() == Shell.MESHSTAGE) {
            out.add(style.red("error: ") + result.error() + "\n");
        }
        boolean counted = repeating == null; // a repeat is an encore, not part of how the script went
        if (result.ok() || matches) {
            if (counted && matches) {
                asRecorded++;
            } else if (counted) {
                differed.add(where(s));
            }
        } else if (options.fallback() == Fallback.AUTO) {
            showRecorded(s, failure(result, timeout));
            if (counted) {
                recorded.add(where(s));
            }
        } else {
            if (result.outcome() == StepResult.Outcome.TIMED_OUT) {
                out.add(style.yellow("(" + failure(result, timeout) + ")") + "\n");
            }
            if (counted) {
                failed.add(where(s));
            }
        }
        return afterStep(s, now);
    }

    private static String failure(StepResult result, Duration limit) {
        return switch (result.outcome()) {
            case TIMED_OUT -> "ran past its time limit of " + limit.toSeconds() + " s and "
                    + (result.error() == null ? "was stopped" : "did not stop: " + result.error());
            case FAILED -> result.error() == null ? "failed" : "failed: " + result.error();
            case OK -> "ok";
        };
    }

    /**
     * The transcript's output, labelled so nobody takes it for live output, as it was recorded: its {@code [..]} and
     * {@code ...} say where the recording varies, and a presenter reads them as the transcript has them.
     */
    private void showRecorded(Step s, String why) {
        String label = why == null ? "recorded output" : "the live command " + why + " — recorded output";
        StringBuilder sb = new StringBuilder(style.yellow("┌─ " + label + " (" + where(s) + ")")).append('\n');
        for (String line : s.expected()) {
            sb.append(style.yellow("│ ")).append(style.dim(line)).append('\n');
        }
        sb.append(style.yellow("└─")).append('\n');
        out.add(sb.toString());
    }

    private Wait afterStep(Step s, long now) {
        if (repeating != null) {
            repeating = null;
            Step pending = current();
            out.add(prompt(pending) + pending.command());
            typed = pending.command().length();
            mode = Mode.TYPED;
            return new ForKey(NEVER);
        }
        previous = s;
        stepInBlock++;
        return advance(now);
    }

    // ---- the live prompt

    private Wait live(long now) {
        beforeLive = mode;
        mode = Mode.LIVE;
        out.add("\n" + style.dim("live prompt: any meshstage command, or $ and a shell command; 'resume' returns to the transcript") + "\n");
        return new ReadLine("meshstage[live]:> ");
    }

    private Wait liveLine(String line, long now) {
        if (mode != Mode.LIVE) {
            throw new IllegalStateException("no live prompt is open");
        }
        String input = line == null ? "resume" : line.strip();
        if (input.isEmpty()) {
            return new ReadLine("meshstage[live]:> ");
        }
        if (!input.equals("resume")) {
            mode = Mode.LIVE_RUNNING;
            return new RunLive(input);
        }
        out.add(style.dim("back to " + transcript.file().getFileName()) + "\n");
        mode = beforeLive;
        if (mode == Mode.PAUSED) {
            return new ForKey(NEVER);
        }
        Step pending = current();
        out.add(prompt(pending) + pending.command());
        typed = pending.command().length();
        mode = Mode.TYPED;
        return new ForKey(NEVER);
    }

    private Wait liveFinished(StepResult result) {
        mode = Mode.LIVE;
        if (result.outcome() == StepResult.Outcome.FAILED && result.error() != null) {
            out.add(style.red("error: ") + result.error() + "\n");
        } else if (result.outcome() == StepResult.Outcome.TIMED_OUT) {
            out.add(style.yellow("(" + failure(result, options.timeout()) + ")") + "\n");
        }
        return new ReadLine("meshstage[live]:> ");
    }

    // ---- the end

    private Wait done(boolean quit) {
        mode = Mode.DONE;
        ReplaySummary summary = new ReplaySummary(asRecorded, List.copyOf(differed), List.copyOf(recorded),
                List.copyOf(failed), skipped, quit);
        return new Done(summary);
    }

    private String where(Step s) {
        return transcript.file().getFileName() + ":" + (s.commandLine() + 1) + " " + s.command();
    }
}
