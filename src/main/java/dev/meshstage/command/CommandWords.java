package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line and its words, quoted as a POSIX shell quotes them: {@code '…'} keeps everything up to the next
 * {@code '}, {@code "…"} lets a backslash escape {@code "}, {@code \}, {@code $} and {@code `}, a backslash outside
 * quotes keeps the next character. The prompt, scripts, transcripts and one-shots (whose words the user's shell
 * already split, joined again by {@link #line}) all reach the commands through {@link #split}.
 */
public final class CommandWords {

    private CommandWords() {
    }

    /**
     * The words of {@code line}, quotes removed.
     *
     * @throws UsageException when a quote is not closed
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unclosed('\'');
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends what stands between the quotes from {@code start}; returns the closing quote's index. */
    private static int doubleQuoted(String line, int start, StringBuilder word) {
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw unclosed('"');
    }

    private static UsageException unclosed(char quote) {
        return new UsageException("the line has a " + quote + " that is not closed: close it, or put a \\ before it to mean the character itself"
                + " ('…' keeps everything, \"…\" lets \\ escape \" and \\)");
    }

    /** The words as one line that {@link #split} gives back unchanged: a word is quoted only where it needs to be. */
    public static String line(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(quoted(w));
        }
        return sb.toString();
    }

    static String quoted(String w) {
        boolean plain = !w.isEmpty() && w.chars().allMatch(c -> !Character.isWhitespace(c) && "'\"\\".indexOf(c) < 0);
        return plain ? w : "'" + w.replace("'", "'\\''") + "'";
    }
}
