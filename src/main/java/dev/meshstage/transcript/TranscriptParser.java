package dev.meshstage.transcript;

import dev.meshstage.transcript.Transcript.Block;
import dev.meshstage.transcript.Transcript.Directive;
import dev.meshstage.transcript.Transcript.Narration;
import dev.meshstage.transcript.Transcript.Shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link Transcript}s from Markdown: narration, directives, and {@code meshstage}/{@code console} blocks. */
public final class TranscriptParser {

    /** The prompt as transcripts write it; the shell's live prompt also shows backend and cluster. */
    public static final Pattern PROMPT = Pattern.compile("^meshstage(?:\\[[^\\]]*\\])?:> ?(.*)$");
    private static final Pattern CONSOLE_PROMPT = Pattern.compile("^\\$ (.*)$");
    private static final Pattern FENCE_OPEN = Pattern.compile("^```+\\s*(meshstage|console)\\b.*$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^<!--\\s*(\\w+)\\s*(.*?)\\s*-->$");

    private TranscriptParser() {
    }

    public static Transcript parse(Path file) throws IOException {
        return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public static Transcript parse(Path file, List<String> lines) {
        return new Reader(file, lines).read();
    }

    /** One pass over the lines; the state of the pass lives here, not in the static parser. */
    private static final class Reader {
        private final Path file;
        private final List<String> lines;
        private final List<Transcript.Part> parts = new ArrayList<>();
        private final List<String> prose = new ArrayList<>();
        private String heading;
        private int proseFrom;
        private int hiddenAt = -1;
        private boolean otherFence;
        private String workshop;

        Reader(Path file, List<String> lines) {
            this.file = file;
            this.lines = lines;
        }

        Transcript read() {
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i);
                Matcher fence = FENCE_OPEN.matcher(line);
                Matcher comment = COMMENT.matcher(line.strip());
                Matcher head = HEADING.matcher(line);
                if (line.startsWith("```") && !fence.matches()) {
                    otherFence = !otherFence; // a ```bash (or any other) block is narration, shown as it is
                } else if (otherFence) {
                    comment = COMMENT.matcher("");
                    head = HEADING.matcher("");
                } else if (fence.matches()) {
                    endProse(i);
                    i = block(i, fence.group(1).equals("console") ? Shell.CONSOLE : Shell.MESHSTAGE);
                    continue;
                }
                if (comment.matches() && directive(comment.group(1), comment.group(2), i)) {
                    i++;
                    continue;
                }
                if (head.matches()) {
                    endProse(i);
                    heading = head.group(1);
                }
                if (hiddenAt >= 0 && !line.isBlank()) {
                    throw error(hiddenAt, "<!-- hidden --> must come right before a ``` block");
                }
                if (prose.isEmpty()) {
                    proseFrom = i;
                }
                prose.add(line);
                i++;
            }
            endProse(lines.size());
            if (hiddenAt >= 0) {
                throw error(hiddenAt, "<!-- hidden --> must come right before a ``` block");
            }
            return new Transcript(file, List.copyOf(lines), List.copyOf(parts), workshop);
        }

        /** @return whether the comment was a directive (other comments are narration, never shown) */
        private boolean directive(String word, String arg, int i) {
            switch (word) {
                case "hidden" -> {
                    endProse(i);
                    hiddenAt = i;
                }
                case "pause" -> {
                    endProse(i);
                    parts.add(new Directive(Directive.Kind.PAUSE, 0, i));
                }
                case "speed" -> {
                    endProse(i);
                    parts.add(new Directive(Directive.Kind.SPEED, number(arg, 1, 1000, "characters a second", i), i));
                }
                case "timeout" -> {
                    endProse(i);
                    parts.add(new Directive(Directive.Kind.TIMEOUT, number(arg, 1, 3600, "seconds", i), i));
                }
                case "workshop" -> {
                    if (arg == null || arg.isBlank() || workshop != null || parts.stream().anyMatch(Transcript.Block.class::isInstance)) {
                        throw error(i, "'" + lines.get(i).strip() + "' must name one workshop directory (<!-- workshop DIR -->)"
                                + " once, before the first block");
                    }
                    workshop = arg.strip();
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private int number(String arg, int min, int max, String unit, int i) {
            try {
                int n = Integer.parseInt(arg);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with what is accepted
            }
            throw error(i, "'" + lines.get(i).strip() + "' needs a whole number of " + unit + " from " + min + " to " + max);
        }

        private void endProse(int i) {
            if (!prose.isEmpty() && prose.stream().anyMatch(l -> !l.isBlank())) {
                parts.add(new Narration(heading, List.copyOf(prose), proseFrom));
            }
            prose.clear();
            heading = null;
        }

        /** Reads the block opening at {@code open}; returns the index after its closing fence. */
        private int block(int open, Shell shell) {
            Pattern prompt = shell == Shell.CONSOLE ? CONSOLE_PROMPT : PROMPT;
            List<Transcript.Step> steps = new ArrayList<>();
            String command = null;
            int commandLine = -1;
            List<String> expected = new ArrayList<>();
            for (int i = open + 1; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m = prompt.matcher(line);
                boolean close = line.startsWith("```");
                if (close || m.matches()) {
                    if (command != null) {
                        steps.add(new Transcript.Step(shell, command, List.copyOf(expected), commandLine, commandLine + 1, i));
                    }
                    expected.clear();
                    command = close ? null : m.group(1).strip();
                    commandLine = i;
                    if (close) {
                        parts.add(new Block(shell, hiddenAt >= 0, List.copyOf(steps)));
                        hiddenAt = -1;
                        return i + 1;
                    }
                    continue;
                }
                if (command == null) {
                    throw error(i, "output before the first command in a " + shell.name().toLowerCase()
                            + " block (commands start with '" + shell.prompt() + "')");
                }
                expected.add(line);
            }
            throw new IllegalArgumentException(file + ": a " + shell.name().toLowerCase() + " block is not closed with ```");
        }

        private IllegalArgumentException error(int i, String message) {
            return new IllegalArgumentException(file + ":" + (i + 1) + ": " + message);
        }
    }
}
