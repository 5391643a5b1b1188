package dev.meshstage.render;

import dev.meshstage.mesh.doctor.Category;
import dev.meshstage.mesh.doctor.CheckResult;
import dev.meshstage.mesh.doctor.DoctorReport;
import dev.meshstage.mesh.doctor.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code doctor} in the shape of {@code linkerd check}: a heading per category, one line per check with ✔ / ‼ / ✘
 * (· when there is nothing to look at yet), the reasons indented beneath, then the hint; a summary last. Colour only
 * when asked for (the console knows whether the terminal takes it and NO_COLOR is unset).
 */
public final class DoctorRenderer {

    private DoctorRenderer() {
    }

    public static String render(DoctorReport report, boolean color) {
        return render(report, color, 0);
    }

    /**
     * The checklist with its reasons and hints wrapped at word boundaries to {@code width} (0: each on one line),
     * their later lines indented under their text, so a terminal narrower than a reason never breaks it mid-word.
     */
    public static String render(DoctorReport report, boolean color, int width) {
        StringBuilder sb = new StringBuilder();
        Category heading = null;
        for (CheckResult c : report.checks()) {
            if (c.category() != heading) {
                heading = c.category();
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(heading.title()).append('\n').append("-".repeat(heading.title().length())).append('\n');
            }
            sb.append(paint(c.verdict().symbol(), c.verdict(), color)).append(' ').append(c.title());
            if (c.verdict() == Verdict.SKIPPED) {
                sb.append(c.reasons().isEmpty() ? "" : dim(" (" + String.join("; ", c.reasons()) + ")", color)).append('\n');
                continue;
            }
            sb.append('\n');
            for (String reason : c.reasons()) {
                sb.append(indented(reason, width, "    ", "      "));
            }
            if (c.hint() != null && c.verdict() != Verdict.OK) {
                sb.append(indented(c.hint(), width, "    " + dim("hint: ", color), " ".repeat("    hint: ".length())));
            }
        }
        sb.append('\n').append(summary(report, color)).append('\n');
        return sb.toString();
    }

    /** {@code first + text} as one line, or wrapped to {@code width} with {@code indent} (as wide as first shows). */
    private static String indented(String text, int width, String first, String indent) {
        if (width <= 0 || indent.length() + text.length() <= width) {
            return first + text + "\n";
        }
        return Wrap.wrap(text, width, first, indent);
    }

    static String summary(DoctorReport report, boolean color) {
        int failed = report.failed().size();
        int warned = report.warned().size();
        if (failed == 0 && warned == 0) {
            return paint("✔", Verdict.OK, color) + " all checks passed";
        }
        List<String> parts = new ArrayList<>();
        if (failed > 0) {
            parts.add(failed + (failed == 1 ? " check failed" : " checks failed"));
        }
        if (warned > 0) {
            parts.add(warned + (warned == 1 ? " warning" : " warnings"));
        }
        Verdict worst = failed > 0 ? Verdict.FAIL : Verdict.WARN;
        return paint(worst.symbol(), worst, color) + " " + String.join(", ", parts);
    }

    /** {@code {"ok", "checks": [{"id", "category", "name", "status", "reason"?, "hint"?}]}}. */
    public static String json(DoctorReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", report.ok());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult c : report.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("category", c.category().title());
            m.put("name", c.title());
            m.put("status", c.verdict().word());
            if (!c.reasons().isEmpty()) {
                m.put("reason", String.join("; ", c.reasons()));
            }
            if (c.hint() != null && c.verdict() != Verdict.OK) {
                m.put("hint", c.hint());
            }
            checks.add(m);
        }
        out.put("checks", checks);
        return Json.render(out);
    }

    private static String paint(String s, Verdict v, boolean color) {
        if (!color) {
            return s;
        }
        String code = switch (v) {
            case OK -> "32";
            case WARN -> "33";
            case FAIL -> "31";
            case SKIPPED -> "2";
        };
        return "\u001b[" + code + "m" + s + "\u001b[0m";
    }

    private static String dim(String s, boolean color) {
        return color ? "\u001b[2m" + s + "\u001b[0m" : s;
    }
}
