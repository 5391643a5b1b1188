package dev.meshstage.dashboard;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.meshstage.dashboard.Frame.Line;
import dev.meshstage.dashboard.Frame.Span;
import dev.meshstage.dashboard.Frame.Style;

/**
 * Draws a frame with Lanterna. Colours are the terminal's own ANSI palette (so its theme decides the shades);
 * monochrome keeps only bold and reverse, and the health symbols carry the meaning.
 */
final class LanternaPainter {

    private final boolean color;

    LanternaPainter(boolean color) {
        this.color = color;
    }

    void paint(Frame frame, TextGraphics g) {
        for (int row = 0; row < frame.lines().size(); row++) {
            Line line = frame.lines().get(row);
            int col = 0;
            for (Span s : line.spans()) {
                g.setForegroundColor(color ? foreground(s.style()) : TextColor.ANSI.DEFAULT);
                g.setBackgroundColor(TextColor.ANSI.DEFAULT);
                g.clearModifiers();
                if (bold(s.style())) {
                    g.enableModifiers(SGR.BOLD);
                }
                if (s.reverse()) {
                    g.enableModifiers(SGR.REVERSE);
                }
                g.putString(col, row, s.text());
                col += Text.width(s.text());
            }
        }
        g.clearModifiers();
    }

    static TextColor foreground(Style style) {
        return switch (style) {
            case READY -> TextColor.ANSI.GREEN;
            case PROGRESSING, WARNING -> TextColor.ANSI.YELLOW;
            case FAILING -> TextColor.ANSI.RED;
            case TERMINATING -> TextColor.ANSI.MAGENTA;
            case CLUSTER, KEY -> TextColor.ANSI.CYAN;
            case NAMESPACE -> TextColor.ANSI.BLUE;
            case DIM, COMPLETED -> TextColor.ANSI.WHITE;
            case TEXT, TITLE -> TextColor.ANSI.DEFAULT;
        };
    }

    private static boolean bold(Style style) {
        return style == Style.TITLE || style == Style.CLUSTER || style == Style.NAMESPACE;
    }
}
