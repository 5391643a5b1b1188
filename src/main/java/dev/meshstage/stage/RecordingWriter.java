package dev.meshstage.stage;

import dev.meshstage.transcript.OutputMatcher;
import dev.meshstage.transcript.TranscriptParser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded session as a transcript in the one format: a heading, a line on how it was made, the time limit
 * its slowest command needs, and a {@code meshstage} block per command (so narration can go between), the
 * output turned into expectations by {@link Wildcards}.
 */
public final class RecordingWriter {

    private RecordingWriter() {
    }

    public static List<String> write(String backend, List<RecordedCommand> commands, Wildcards wildcards) {
        List<String> md = new ArrayList<>();
        md.add("# Recorded session");
        md.add("");
        md.add("Recorded with `record` on the " + backend + " backend. What varies from run to run (ages, generated names,");
        md.add("addresses, ports, fingerprints) is `[..]`; secrets are redacted. Add narration between the blocks.");
        md.add("");
        long slowest = commands.stream().map(RecordedCommand::took).mapToLong(Duration::toSeconds).max().orElse(0);
        if (slowest * 3 > PlayOptions.DEFAULT_TIMEOUT.toSeconds()) {
            md.add("<!-- timeout " + Math.min(3600, slowest * 3) + " -->");
            md.add("");
        }
        for (RecordedCommand c : commands) {
            md.add("```meshstage");
            md.add("meshstage:> " + c.line().strip());
            for (String line : wildcards.lines(c.output())) {
                // a line the parser would take for a prompt or a fence cannot be an expectation as it is
                boolean special = line.startsWith("```") || TranscriptParser.PROMPT.matcher(line).matches();
                md.add(special ? OutputMatcher.ANY_TEXT : line);
            }
            md.add("```");
            md.add("");
        }
        return md;
    }
}
