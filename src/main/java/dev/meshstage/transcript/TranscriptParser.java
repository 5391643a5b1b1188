package dev.meshstage.transcript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link Transcript}s from Markdown. */
public final class TranscriptParser {

    /** The prompt as transcripts write it; the shell's live prompt also shows backend and cluster. */
    public static final Pattern PROMPT = Pattern.compile("^meshstage(?:\\[[^\\]]*\\])?:> ?(.*)$");
    private static final Pattern FENCE_OPEN = Pattern.compile("^```+\\s*meshstage\\b.*$");

    private TranscriptParser() {
    }

    public static Transcript parse(Path file) throws IOException {
        return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public static Transcript parse(Path file, List<String> lines) {
        List<Transcript.Step> steps = new ArrayList<>();
        boolean inBlock = false;
        String command = null;
        int commandLine = -1;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!inBlock) {
                if (FENCE_OPEN.matcher(line).matches()) {
                    inBlock = true;
                }
                continue;
            }
            Matcher prompt = PROMPT.matcher(line);
            boolean close = line.startsWith("```");
            if (close || prompt.matches()) {
                if (command != null) {
                    steps.add(new Transcript.Step(command, List.copyOf(expected), commandLine, commandLine + 1, i));
                }
                command = null;
                expected.clear();
                if (close) {
                    inBlock = false;
                } else {
                    command = prompt.group(1).strip();
                    commandLine = i;
                }
                continue;
            }
            if (command == null) {
                throw new IllegalArgumentException(file + ":" + (i + 1)
                        + ": output before the first command in a meshstage block (commands start with 'meshstage:> ')");
            }
            expected.add(line);
        }
        if (inBlock) {
            throw new IllegalArgumentException(file + ": a meshstage block is not closed with ```");
        }
        return new Transcript(file, List.copyOf(lines), List.copyOf(steps));
    }
}
