package dev.meshstage.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a transcript's expectations after an intended change: a step whose output still matches keeps
 * its wildcards; a step that no longer matches gets the actual output.
 */
public final class TranscriptUpdater {

    private TranscriptUpdater() {
    }

    public static List<String> update(Transcript transcript, List<List<String>> actualPerStep) {
        List<String> out = new ArrayList<>();
        int next = 0;
        for (int s = 0; s < transcript.steps().size(); s++) {
            Transcript.Step step = transcript.steps().get(s);
            List<String> actual = actualPerStep.get(s);
            out.addAll(transcript.lines().subList(next, step.expectedFrom()));
            out.addAll(OutputMatcher.matches(step.expected(), actual) ? step.expected() : actual);
            next = step.expectedTo();
        }
        out.addAll(transcript.lines().subList(next, transcript.lines().size()));
        return out;
    }
}
