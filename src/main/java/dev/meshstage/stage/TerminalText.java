package dev.meshstage.stage;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal would be left showing after some output, as plain lines: colour dropped, and progress
 * that was redrawn in place (carriage return, cursor up, erase line) replaced by what overwrote it — so
 * output shown live with colour and spinners compares with a transcript's plain text.
 */
public final class TerminalText {

    private TerminalText() {
    }

    public static List<String> lines(String raw) {
        List<StringBuilder> rows = new ArrayList<>();
        rows.add(new StringBuilder());
        int row = 0;
        int col = 0;
        boolean moved = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\u001b' && i + 1 < raw.length() && raw.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < raw.length() && (Character.isDigit(raw.charAt(j)) || raw.charAt(j) == ';' || raw.charAt(j) == '?')) {
                    j++;
                }
                if (j >= raw.length()) {
                    break;
                }
                String arg = raw.substring(i + 2, j);
                switch (raw.charAt(j)) {
                    case 'A' -> {
                        row = Math.max(0, row - (arg.isEmpty() ? 1 : Integer.parseInt(arg)));
                        moved = true;
                    }
                    case 'K' -> rows.get(row).setLength(arg.equals("2") ? 0 : Math.min(col, rows.get(row).length()));
                    default -> { } // colour and anything else: no text
                }
                i = j;
            } else if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                row++;
                col = 0;
                while (rows.size() <= row) {
                    rows.add(new StringBuilder());
                }
            } else {
                StringBuilder r = rows.get(row);
                while (r.length() < col) {
                    r.append(' ');
                }
                if (col < r.length()) {
                    r.setCharAt(col, c);
                } else {
                    r.append(c);
                }
                col++;
            }
        }
        // as String.lines(): a final newline ends the last line rather than starting an empty one
        int keep = raw.isEmpty() ? 0 : raw.endsWith("\n") ? rows.size() - 1 : rows.size();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < keep; i++) {
            lines.add(rows.get(i).toString());
        }
        // rows that progress drew and then erased, below the last text, are not output
        while (moved && !lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
