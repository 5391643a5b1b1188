package dev.meshstage.transcript;

import java.nio.file.Path;
import java.util.List;

/**
 * A transcript: Markdown prose (narration) with fenced blocks of commands and the output expected after
 * each, and HTML-comment directives for the stage. A {@code meshstage} block holds {@code meshstage:> }
 * lines; a {@code console} block holds {@code $ } lines run by the user's shell against the mesh's
 * kubeconfig. In expected output a line {@code ...} stands for any number of lines and {@code [..]} inside
 * a line for any text. The same parts serve the golden tests and {@code replay}.
 *
 * @param lines    the file's lines, kept so an update can rewrite only the expectations
 * @param parts    narration, directives and blocks in file order
 * @param workshop the workshop directory the transcript is written for ({@code <!-- workshop DIR -->}, relative to
 *                 the repository), null for the default one; the transcript test runs it there, {@code replay}
 *                 uses the shell's own ({@code --workshop DIR})
 */
public record Transcript(Path file, List<String> lines, List<Part> parts, String workshop) {

    /** Every command of every block, in order. */
    public List<Step> steps() {
        return parts.stream().filter(Block.class::isInstance).map(Block.class::cast)
                .flatMap(b -> b.steps().stream()).toList();
    }

    /** The headings of the narration, in order ({@code --from} names one of them). */
    public List<String> headings() {
        return parts.stream().filter(Narration.class::isInstance).map(p -> ((Narration) p).heading())
                .filter(h -> h != null).toList();
    }

    /** What a transcript is made of. */
    public sealed interface Part permits Narration, Directive, Block {
    }

    /**
     * Prose between blocks; a Markdown heading starts a new one.
     *
     * @param heading   the heading's text when the prose starts with one, else null
     * @param firstLine line index (0-based) of its first line
     */
    public record Narration(String heading, List<String> lines, int firstLine) implements Part {
    }

    /**
     * {@code <!-- pause -->}, {@code <!-- speed CPS -->} (typing speed from here on) or
     * {@code <!-- timeout SECONDS -->} (time limit of each command from here on). {@code <!-- hidden -->}
     * is not a part: it marks the block after it.
     */
    public record Directive(Kind kind, int value, int line) implements Part {
        public enum Kind { PAUSE, SPEED, TIMEOUT }
    }

    /** A fenced block of commands; a hidden one runs (setup) without being shown on stage. */
    public record Block(Shell shell, boolean hidden, List<Step> steps) implements Part {
    }

    /** Who runs a block's commands, and the prompt they are written with. */
    public enum Shell {
        MESHSTAGE("meshstage:> "), CONSOLE("$ ");

        private final String prompt;

        Shell(String prompt) {
            this.prompt = prompt;
        }

        public String prompt() {
            return prompt;
        }
    }

    /**
     * One command and what it should print.
     *
     * @param commandLine    line index (0-based) of the command in the file
     * @param expectedFrom   first line index of the expected output
     * @param expectedTo     line index after the last expected output line
     */
    public record Step(Shell shell, String command, List<String> expected, int commandLine, int expectedFrom,
            int expectedTo) {
    }
}
