package dev.meshstage.render;

import dev.meshstage.step.StepReport;

import java.util.List;

/**
 * What a workshop step did, one block per cluster: {@code cluster: <first line>} and the further lines
 * indented under it; a failure is one {@code cluster: FAILED: <reason>} line.
 */
public final class StepReportRenderer {

    private StepReportRenderer() {
    }

    public static String render(List<StepReport> reports) {
        StringBuilder sb = new StringBuilder();
        for (StepReport r : reports) {
            List<String> lines = r.lines();
            String first = lines.isEmpty() ? "" : lines.get(0);
            sb.append(r.cluster()).append(": ").append(r.status() == StepReport.Status.FAILED ? "FAILED: " + first : first).append('\n');
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                sb.append("  ").append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
