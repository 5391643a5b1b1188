package dev.meshstage.stage;

import java.util.List;

/**
 * What running one command did.
 *
 * @param lines its output as plain lines (what a transcript records)
 * @param error the one-line error of a failed meshstage command; for one past its time limit, null when it was
 *              stopped, else what became of it; null otherwise
 */
public record StepResult(Outcome outcome, List<String> lines, String error) {

    public enum Outcome { OK, FAILED, TIMED_OUT }

    public static StepResult ok(List<String> lines) {
        return new StepResult(Outcome.OK, List.copyOf(lines), null);
    }

    public static StepResult failed(List<String> lines, String error) {
        return new StepResult(Outcome.FAILED, List.copyOf(lines), error);
    }

    /** Past its time limit, and stopped (interrupted, or its process killed). */
    public static StepResult timedOut(List<String> lines) {
        return new StepResult(Outcome.TIMED_OUT, List.copyOf(lines), null);
    }

    /** Past its time limit, told to stop, and still running: {@code what} says so and what follows from it. */
    public static StepResult timedOut(List<String> lines, String what) {
        return new StepResult(Outcome.TIMED_OUT, List.copyOf(lines), what);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
