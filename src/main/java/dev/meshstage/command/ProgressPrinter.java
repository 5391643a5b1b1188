package dev.meshstage.command;

import dev.meshstage.backend.ProgressListener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows a long step's progress per cluster: on a terminal one line per cluster redrawn in place, when
 * piped one plain {@code cluster: message} line per event.
 */
final class ProgressPrinter implements ProgressListener, AutoCloseable {

    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private final Console console;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private int drawn;
    private int tick;

    ProgressPrinter(Console console, List<String> clusters) {
        this.console = console;
        clusters.forEach(c -> lines.put(c, "waiting"));
    }

    @Override
    public synchronized void progress(String cluster, String message) {
        if (!console.showsProgress()) {
            return;
        }
        if (!console.live()) {
            console.println(cluster + ": " + message);
            return;
        }
        lines.put(cluster, message);
        redraw();
    }

    private void redraw() {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\u001b[").append(drawn).append('A');
        }
        String spin = SPINNER[tick++ % SPINNER.length];
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        lines.forEach((cluster, message) -> sb.append("\r\u001b[2K  ").append(console.yellow(spin)).append(' ')
                .append(cluster).append(" ".repeat(width - cluster.length() + 2)).append(clip(message)).append('\n'));
        drawn = lines.size();
        console.writer().print(sb);
        console.writer().flush();
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 99) + "…" : s;
    }

    /** Clears the live lines so the outcome printed next replaces them. */
    @Override
    public synchronized void close() {
        if (console.live() && drawn > 0) {
            StringBuilder sb = new StringBuilder("\u001b[").append(drawn).append('A');
            for (int i = 0; i < drawn; i++) {
                sb.append("\r\u001b[2K\n");
            }
            sb.append("\u001b[").append(drawn).append('A');
            console.writer().print(sb);
            console.writer().flush();
            drawn = 0;
        }
    }
}
