package dev.meshstage.render;

import dev.meshstage.backend.kind.ToolsReport;

import java.util.List;

/** {@code tools check} for people: one row per tool, then how to get what is missing. */
public final class ToolsRenderer {

    private ToolsRenderer() {
    }

    public static String render(List<ToolsReport> reports) {
        Table t = new Table("TOOL", "FOUND", "VERSION", "WANTED", "NOTE");
        StringBuilder hints = new StringBuilder();
        for (ToolsReport r : reports) {
            t.row(r.tool(), r.found() ? r.location() : "missing", r.version().isEmpty() ? "-" : r.version(),
                    r.wanted().isEmpty() ? "-" : r.wanted(), r.problem());
            if (!r.found()) {
                hints.append("  ").append(r.tool()).append(": ").append(r.installHint()).append('\n');
            }
        }
        StringBuilder sb = new StringBuilder(t.render());
        if (!hints.isEmpty()) {
            sb.append("\nto install what is missing (only the kind backend needs these; the sim needs nothing):\n").append(hints);
        }
        return sb.toString();
    }
}
