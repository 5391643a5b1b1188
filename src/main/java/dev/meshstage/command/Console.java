package dev.meshstage.command;

import dev.meshstage.render.OneLine;
import dev.meshstage.stage.Style;
import org.jline.reader.LineReader;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * Where a command writes: the shell's writer, with colour only when the terminal takes it (and
 * {@code NO_COLOR} is unset) and live in-place progress only on an interactive terminal; piped output and
 * transcripts get plain lines.
 */
public final class Console {

    private final PrintWriter out;
    private final boolean color;
    private final boolean live;
    private final boolean progress;
    private final LineReader lineReader;
    private final java.util.function.IntSupplier width;
    /** A terminal's width was given and the terminal is interactive: one-line hints and errors wrap to it. */
    private final boolean wraps;

    /**
     * @param live     redraw progress in place (an interactive terminal)
     * @param progress show progress at all; transcripts and embedded runs keep only the outcome, which is
     *                 deterministic, unlike the interleaving of two clusters' progress lines
     */
    public Console(PrintWriter out, boolean color, boolean live, boolean progress) {
        this(out, color, live, progress, null, () -> 0, false);
    }

    /**
     * @param width the terminal's width now (it follows resizes); text for people is wrapped to it, and when
     *              {@code live} one-line hints and errors too ({@link #printWrapped})
     */
    public Console(PrintWriter out, boolean color, boolean live, boolean progress, java.util.function.IntSupplier width) {
        this(out, color, live, progress, null, width, live);
    }

    private Console(PrintWriter out, boolean color, boolean live, boolean progress, LineReader lineReader,
            java.util.function.IntSupplier width, boolean wraps) {
        this.out = out;
        this.color = color;
        this.live = live;
        this.progress = progress;
        this.lineReader = lineReader;
        this.width = width;
        this.wraps = wraps;
    }

    /** The same console on the interactive prompt, whose terminal a command may read keys and lines from. */
    public Console withLineReader(LineReader reader) {
        return new Console(out, color, live, progress, reader, width, wraps);
    }

    /** Colour unless {@code NO_COLOR} is set (to anything but the empty string). */
    public static boolean colorWanted() {
        String noColor = System.getenv("NO_COLOR");
        return noColor == null || noColor.isEmpty();
    }

    /** Piped output, transcripts and terminals that do not say their width. */
    public static final int DEFAULT_WIDTH = 100;

    public int width() {
        int w = width.getAsInt();
        return w > 0 ? w : DEFAULT_WIDTH;
    }

    /** The terminal's width when there is one that says it, else 0 (piped output, transcripts, a dumb terminal). */
    public int knownWidth() {
        return Math.max(0, width.getAsInt());
    }

    /**
     * The width one-line hints and errors wrap to, 0 when they stay one line: piped output, one-shots, scripts and
     * what a recording or a replay captures (the console they make has no terminal width), so transcripts stay
     * the same at any terminal size.
     */
    public int wrapWidth() {
        return wraps ? width() : 0;
    }

    /** The prompt's line reader (and through it the terminal) when the command runs at the interactive prompt. */
    public Optional<LineReader> lineReader() {
        return Optional.ofNullable(lineReader);
    }

    public boolean showsProgress() {
        return progress;
    }

    public boolean live() {
        return live;
    }

    public boolean color() {
        return color;
    }

    public PrintWriter writer() {
        return out;
    }

    public void println(String text) {
        out.println(text);
        out.flush();
    }

    /**
     * Prints one line for people (a step's {@code next: …} hint, an {@code error: …}), wrapped at word boundaries to
     * {@link #wrapWidth} when that is not 0; a leading {@code word: } label hangs over the lines that follow.
     */
    public void printWrapped(String line) {
        printWrapped(OneLine.label(line), line.substring(OneLine.label(line).length()), s -> s);
    }

    /**
     * {@code label} (shown as {@code style} makes it) before {@code text}, wrapped as {@link #printWrapped(String)};
     * wrapping counts the label's plain length.
     */
    public void printWrapped(String label, String text, java.util.function.UnaryOperator<String> style) {
        println(OneLine.wrap(label, text, wrapWidth(), style));
    }

    /** Prints text that may hold several lines, without adding a blank line at the end. */
    public void print(String text) {
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }

    public String green(String s) {
        return style().green(s);
    }

    public String red(String s) {
        return style().red(s);
    }

    public String yellow(String s) {
        return style().yellow(s);
    }

    public String bold(String s) {
        return style().bold(s);
    }

    public String dim(String s) {
        return style().dim(s);
    }

    /** The one place ANSI styling is written (shared with the stage's renderers). */
    public Style style() {
        return color ? Style.COLOR : Style.PLAIN;
    }
}
