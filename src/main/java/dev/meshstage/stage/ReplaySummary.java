package dev.meshstage.stage;

import java.util.List;

/**
 * How a replay went.
 *
 * @param asRecorded commands whose live output matched the transcript
 * @param differed   commands that ran live and printed something else (file:line command)
 * @param recorded   commands whose recorded output was shown instead (fallback, or {@code --fallback always})
 * @param failed     commands that failed with no fallback, hidden ones included (file:line command)
 * @param skipped    commands skipped with {@code s}
 * @param quit       whether the presenter stopped it with {@code q}
 */
public record ReplaySummary(int asRecorded, List<String> differed, List<String> recorded, List<String> failed,
        int skipped, boolean quit) {

    /** The commands that did not go as the transcript says, in a rehearsal's terms. */
    public List<String> notAsRecorded(boolean fallbackAlways) {
        List<String> all = new java.util.ArrayList<>(differed);
        if (!fallbackAlways) {
            all.addAll(recorded);
        }
        all.addAll(failed);
        return all;
    }
}
