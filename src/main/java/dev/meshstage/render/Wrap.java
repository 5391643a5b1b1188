package dev.meshstage.render;

import org.apache.commons.text.WordUtils;

import java.util.stream.Collectors;

/** Text wrapped at word boundaries to a width, each line indented; long words (paths, URLs) are not broken. */
public final class Wrap {

    /** Below this the text would be one word a line; wrap as if the terminal were this wide. */
    static final int MIN_WIDTH = 40;

    private Wrap() {
    }

    /** {@code first} starts the first line, {@code indent} the others; no line passes {@code width} unless one word does. */
    public static String wrap(String text, int width, String first, String indent) {
        int room = Math.max(MIN_WIDTH, width) - indent.length();
        String wrapped = WordUtils.wrap(text.strip().replaceAll("\\s+", " "), Math.max(10, room), "\n", false);
        String[] lines = wrapped.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            sb.append(i == 0 ? first : indent).append(lines[i].strip()).append('\n');
        }
        return sb.toString();
    }

    public static String wrap(String text, int width, String indent) {
        return wrap(text, width, indent, indent);
    }

    static String lines(String block, String indent) {
        return block.lines().map(l -> indent + l).collect(Collectors.joining("\n", "", "\n"));
    }
}
