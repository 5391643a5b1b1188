package dev.meshstage.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * One laid-out screen: lines of styled text, each at most the frame's width. The Lanterna painter gives styles
 * the terminal's colours; the plain-text form drops them (the health symbols stay).
 */
public record Frame(int width, List<Line> lines) {

    public Frame {
        lines = List.copyOf(lines);
    }

    /** What a piece of text is, for the painter to colour; never a colour itself. */
    public enum Style { TEXT, DIM, TITLE, CLUSTER, NAMESPACE, READY, PROGRESSING, FAILING, TERMINATING, COMPLETED, WARNING, KEY }

    /** @param reverse drawn in reverse video (the selected pod of the focused cluster) */
    public record Span(String text, Style style, boolean reverse) {
        public Span(String text, Style style) {
            this(text, style, false);
        }
    }

    public record Line(List<Span> spans) {

        public Line {
            spans = List.copyOf(spans);
        }

        public static final Line EMPTY = new Line(List.of());

        public static Line of(String text, Style style) {
            return new Line(List.of(new Span(text, style)));
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            spans.forEach(s -> sb.append(s.text()));
            return sb.toString();
        }

        public int length() {
            return text().codePointCount(0, text().length());
        }
    }

    /** The frame as plain text: one line per line, trailing spaces dropped. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append(l.text().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** Builds a line from spans, cutting it at a width. */
    static final class LineBuilder {
        private final List<Span> spans = new ArrayList<>();
        private int length;

        LineBuilder add(String text, Style style) {
            if (!text.isEmpty()) {
                spans.add(new Span(text, style));
                length += text.codePointCount(0, text.length());
            }
            return this;
        }

        int length() {
            return length;
        }

        /** @param highlight reversed across the whole width */
        Line build(int width, boolean highlight) {
            List<Span> out = new ArrayList<>();
            int left = width;
            for (Span s : spans) {
                if (left <= 0) {
                    break;
                }
                String t = Text.cut(s.text(), left);
                out.add(new Span(t, s.style(), highlight));
                left -= t.codePointCount(0, t.length());
            }
            if (highlight && left > 0) {
                out.add(new Span(" ".repeat(left), Style.TEXT, true));
            }
            return new Line(out);
        }
    }
}
