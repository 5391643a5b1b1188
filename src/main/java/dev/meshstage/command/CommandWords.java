package dev.meshstage.command;

import java.util.List;

/** The words of a one-shot command line joined so the shell's parser sees the same words (quoted where needed). */
public final class CommandWords {

    private CommandWords() {
    }

    public static String line(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)
                    ? "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : w);
        }
        return sb.toString();
    }
}
