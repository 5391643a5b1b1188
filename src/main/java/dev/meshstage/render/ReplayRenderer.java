package dev.meshstage.render;

import dev.meshstage.stage.ReplaySummary;

import java.util.ArrayList;
import java.util.List;

/** The last lines of a replay: how many commands went as recorded, and which did not. */
public final class ReplayRenderer {

    private ReplayRenderer() {
    }

    public static String summary(String file, ReplaySummary s, boolean fallbackAlways) {
        List<String> parts = new ArrayList<>();
        if (!fallbackAlways) {
            parts.add(s.asRecorded() + " as recorded");
            parts.add(s.differed().size() + " differed");
        }
        parts.add(s.recorded().size() + " shown from the recording");
        if (!s.failed().isEmpty()) {
            parts.add(s.failed().size() + " failed");
        }
        if (s.skipped() > 0) {
            parts.add(s.skipped() + " skipped");
        }
        StringBuilder sb = new StringBuilder(s.quit() ? "stopped " : "replayed ").append(file).append(": ")
                .append(String.join(", ", parts)).append('\n');
        s.differed().forEach(d -> sb.append("  differed   ").append(d).append('\n'));
        if (!fallbackAlways) {
            s.recorded().forEach(d -> sb.append("  recorded   ").append(d).append('\n'));
        }
        s.failed().forEach(d -> sb.append("  failed     ").append(d).append('\n'));
        return sb.toString();
    }
}
