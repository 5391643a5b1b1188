package dev.meshstage.step;

import java.util.List;

/**
 * What one workshop step did on one cluster: done now, already done before (steps are idempotent and say
 * so), or failed — with the lines worth showing (what was applied, addresses assigned, the reason of a
 * failure).
 */
public record StepReport(String cluster, Status status, List<String> lines) {

    public enum Status { DONE, ALREADY_DONE, FAILED }

    public static StepReport done(String cluster, List<String> lines) {
        return new StepReport(cluster, Status.DONE, List.copyOf(lines));
    }

    public static StepReport alreadyDone(String cluster, List<String> lines) {
        return new StepReport(cluster, Status.ALREADY_DONE, List.copyOf(lines));
    }

    public static StepReport failed(String cluster, String reason) {
        return new StepReport(cluster, Status.FAILED, List.of(reason));
    }
}
