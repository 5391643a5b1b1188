package dev.meshstage.render;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-line message for people ({@code next: …}, {@code error: …}) wrapped at word boundaries to a terminal's width,
 * its label hanging over the lines that follow, so that a narrow terminal never breaks it mid-word.
 */
public final class OneLine {

    /** A short leading word and colon: {@code next: }, {@code error: }, {@code hint: }. */
    private static final Pattern LABEL = Pattern.compile("^[a-z][a-z-]{0,10}: ");

    private OneLine() {
    }

    /** The line's leading label, or "" when it has none. */
    public static String label(String line) {
        Matcher m = LABEL.matcher(line);
        return m.find() ? m.group() : "";
    }

    /**
     * {@code label + text}, wrapped to {@code width} (0: left as one line); the lines after the first are indented by
     * the label's length. {@code style} dresses the label (colour) without counting toward the width.
     */
    public static String wrap(String label, String text, int width, UnaryOperator<String> style) {
        if (width <= 0 || label.length() + text.length() <= width) {
            return style.apply(label) + text;
        }
        String wrapped = Wrap.wrap(text, width, style.apply(label), " ".repeat(label.length()));
        return wrapped.substring(0, wrapped.length() - 1); // println ends it
    }
}
