package dev.meshstage.render;

import dev.meshstage.step.StepReport;

import java.util.List;

/**
 * Per-cluster outcome of a step: {@code cluster: <first line>} then the other lines indented, so two clusters'
 * reports read as two blocks. The first line of an "already done" report says what was already there.
 */
public final class StepReportRenderer {

    private StepReportRenderer() {
    }

    public static String render(List<StepReport> reports) {
        StringBuilder sb = new StringBuilder();
        for (StepReport r : reports) {
            List<String> lines = r.lines().isEmpty() ? List.of("") : r.lines();
            sb.append(r.cluster()).append(": ");
            if (r.status() == StepReport.Status.FAILED) {
                sb.append("failed: ");
            }
            sb.append(lines.get(0)).append('\n');
            for (String l : lines.subList(1, lines.size())) {
                sb.append("  ").append(l).append('\n');
            }
        }
        return sb.toString();
    }
}
