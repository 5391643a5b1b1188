package dev.meshstage.render;

import dev.meshstage.workflow.Explanation;

import java.util.List;
import java.util.Map;

/** {@code explain TOPIC}: what a step does to each cluster, the files it applies, the concept, what goes wrong. */
public final class ExplainRenderer {

    private ExplainRenderer() {
    }

    public static String render(Explanation e, int width) {
        StringBuilder sb = new StringBuilder();
        String heading = String.join(" / ", e.commands()) + " — " + e.title()
                + (e.step() == null ? "" : " (step " + (e.step().ordinal() + 1) + ")");
        sb.append(Wrap.wrap(heading, width, "", "  "));
        sb.append('\n').append("what it does to each cluster:\n");
        sb.append(Wrap.wrap(e.creates(), width, "  "));
        if (!e.files().isEmpty() || e.filesNote() != null) {
            sb.append('\n').append("workshop files it applies:\n");
            for (Map.Entry<String, List<String>> f : e.files().entrySet()) {
                sb.append(Wrap.wrap(String.join(", ", f.getValue()), width, "  " + f.getKey() + ": ",
                        " ".repeat(f.getKey().length() + 4)));
            }
            if (e.filesNote() != null) {
                sb.append(Wrap.wrap(e.filesNote(), width, "  "));
            }
        }
        sb.append('\n').append("the idea:\n");
        for (int i = 0; i < e.concept().size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(Wrap.wrap(e.concept().get(i), width, "  "));
        }
        if (!e.failures().isEmpty()) {
            sb.append('\n').append("what goes wrong most often, and how to see it:\n");
            for (Explanation.Failure f : e.failures()) {
                sb.append(Wrap.wrap(f.what(), width, "  - ", "    "));
                sb.append(Wrap.wrap("see: " + f.see(), width, "    "));
            }
        }
        if (e.step() != null) {
            sb.append('\n').append("needs: ").append(e.step().needs().map(s -> s.command() + " (" + s.title() + ")")
                    .orElse("nothing before it")).append("; then: ")
                    .append(e.step().following().map(s -> s.command()).orElse("app status")).append('\n');
        }
        return sb.toString();
    }
}
