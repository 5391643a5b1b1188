package dev.meshstage.stage;

import dev.meshstage.transcript.Transcript.Step;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * The thin loop around {@link Player}: writes what it shows, and feeds it keys (with the clock), command
 * results and live-prompt lines from the sources it is given — a terminal on stage, scripted ones in tests.
 */
public final class Stage {

    /** Keys on a clock: the next key pressed before {@code deadline}, or empty once the clock reaches it. */
    public interface Keys {
        long now();

        Optional<Key> next(long deadline);

        /** Forgets keys pressed while a command ran: they were not meant for the next one. */
        default void discardPressed() {
        }
    }

    /** Runs commands, showing their output as they go unless told not to; what they printed is returned. */
    public interface Runner {
        StepResult run(Step step, Duration timeout, boolean shown);

        StepResult runLive(String line);
    }

    /** Lines typed at the live prompt; null when the input ended. */
    public interface Lines {
        String readLine(String prompt);
    }

    /** For {@code --no-wait} and runs without a terminal: the player never asks for a key. */
    public static final Keys NO_KEYS = new Keys() {
        @Override
        public long now() {
            return 0;
        }

        @Override
        public Optional<Key> next(long deadline) {
            throw new IllegalStateException("this replay has no keys to read (--no-wait)");
        }
    };

    private Stage() {
    }

    public static ReplaySummary play(Player player, Keys keys, Runner runner, Lines lines, PrintWriter out) {
        Player.Next next = player.start(keys.now());
        while (true) {
            next.output().forEach(out::print);
            out.flush();
            Player.Wait wait = next.then();
            if (wait instanceof Player.Done done) {
                return done.summary();
            } else if (wait instanceof Player.ForKey k) {
                Optional<Key> key = keys.next(k.deadline());
                next = key.isPresent() ? player.key(key.get(), keys.now()) : player.tick(keys.now());
            } else if (wait instanceof Player.Run r) {
                StepResult result = runner.run(r.step(), r.timeout(), r.shown());
                keys.discardPressed();
                next = player.finished(result, keys.now());
            } else if (wait instanceof Player.RunLive live) {
                next = player.finished(runner.runLive(live.line()), keys.now());
            } else if (wait instanceof Player.ReadLine read) {
                next = player.line(lines.readLine(read.prompt()), keys.now());
            }
        }
    }
}
