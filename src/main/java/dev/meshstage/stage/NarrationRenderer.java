package dev.meshstage.stage;

import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;

/**
 * A transcript's narration (Markdown prose) as terminal lines: headings bold and underlined, emphasis,
 * inline code, lists with hanging indents, quotes, code blocks as they are; paragraphs wrapped at word
 * boundaries to the width. Without colour, inline code keeps its backticks so it still reads as code.
 */
public final class NarrationRenderer {

    private static final Parser PARSER = Parser.builder().build();
    private static final int BOLD = 1;
    private static final int ITALIC = 2;
    private static final int CODE = 4;

    private final int width;
    private final Style style;
    private final List<String> out = new ArrayList<>();

    private NarrationRenderer(int width, Style style) {
        this.width = width;
        this.style = style;
    }

    public static List<String> render(List<String> markdown, int width, Style style) {
        NarrationRenderer r = new NarrationRenderer(Math.max(20, width), style);
        r.blocks(PARSER.parse(String.join("\n", markdown)), "", "", true);
        while (!r.out.isEmpty() && r.out.get(r.out.size() - 1).isEmpty()) {
            r.out.remove(r.out.size() - 1);
        }
        return List.copyOf(r.out);
    }

    /** One styled piece of a word. */
    private record Segment(String text, int flags) {
    }

    private void blocks(Node parent, String first, String rest, boolean spaced) {
        String prefix = first;
        boolean any = false;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            int before = out.size();
            block(n, prefix, rest);
            if (out.size() > before) {
                if (any && spaced) {
                    out.add(before, ""); // a blank line between blocks that show something
                }
                any = true;
                prefix = rest;
            }
        }
    }

    private void block(Node n, String first, String rest) {
        if (n instanceof Heading h) {
            List<List<Segment>> words = words(h, BOLD);
            List<String> lines = wrap(words, first, rest);
            out.addAll(lines);
            if (h.getLevel() <= 2) {
                int len = lines.stream().mapToInt(l -> visible(l).length() - rest.length()).max().orElse(0);
                out.add(rest + style.dim((h.getLevel() == 1 ? "═" : "─").repeat(Math.max(1, len))));
            }
        } else if (n instanceof Paragraph p) {
            out.addAll(wrap(words(p, 0), first, rest));
        } else if (n instanceof ListBlock list) {
            int number = list instanceof OrderedList o && o.getMarkerStartNumber() != null ? o.getMarkerStartNumber() : 1;
            String pad = first;
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                String marker = list instanceof OrderedList ? (number++) + ". " : "• ";
                blocks(item, pad + marker, rest + " ".repeat(marker.length()), !list.isTight());
                pad = rest;
                if (!list.isTight() && item.getNext() != null) {
                    out.add("");
                }
            }
        } else if (n instanceof ListItem item) {
            blocks(item, first, rest, true);
        } else if (n instanceof BlockQuote q) {
            blocks(q, first + style.dim("│ "), rest + style.dim("│ "), true);
        } else if (n instanceof FencedCodeBlock code) {
            code(code.getLiteral(), first, rest);
        } else if (n instanceof IndentedCodeBlock code) {
            code(code.getLiteral(), first, rest);
        } else if (n instanceof ThematicBreak) {
            out.add(first + style.dim("─".repeat(Math.min(40, width - first.length()))));
        }
        // HtmlBlock: comments and directives are for the file, not the audience
    }

    private void code(String literal, String first, String rest) {
        String prefix = first;
        for (String line : literal.stripTrailing().split("\n", -1)) {
            out.add(prefix + "    " + style.dim(line));
            prefix = rest;
        }
    }

    /** The words of a paragraph or heading: runs of styled text between spaces. */
    private List<List<Segment>> words(Node parent, int flags) {
        List<Segment> segments = new ArrayList<>();
        inline(parent, flags, segments);
        List<List<Segment>> words = new ArrayList<>();
        List<Segment> word = new ArrayList<>();
        for (Segment s : segments) {
            if (s.text().equals("\n")) {
                flush(word, words);
                words.add(List.of(s));
                continue;
            }
            StringBuilder piece = new StringBuilder();
            for (char c : s.text().toCharArray()) {
                if (Character.isWhitespace(c)) {
                    if (!piece.isEmpty()) {
                        word.add(new Segment(piece.toString(), s.flags()));
                        piece.setLength(0);
                    }
                    flush(word, words);
                } else {
                    piece.append(c);
                }
            }
            if (!piece.isEmpty()) {
                word.add(new Segment(piece.toString(), s.flags()));
            }
        }
        flush(word, words);
        return words;
    }

    private static void flush(List<Segment> word, List<List<Segment>> words) {
        if (!word.isEmpty()) {
            words.add(List.copyOf(word));
            word.clear();
        }
    }

    private void inline(Node parent, int flags, List<Segment> segments) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Text t) {
                segments.add(new Segment(t.getLiteral(), flags));
            } else if (n instanceof Code c) {
                segments.add(new Segment(style.color() ? c.getLiteral() : "`" + c.getLiteral() + "`", flags | CODE));
            } else if (n instanceof Emphasis) {
                inline(n, flags | ITALIC, segments);
            } else if (n instanceof StrongEmphasis) {
                inline(n, flags | BOLD, segments);
            } else if (n instanceof Link link) {
                inline(n, flags, segments);
                segments.add(new Segment(" (" + link.getDestination() + ")", flags));
            } else if (n instanceof Image) {
                inline(n, flags, segments);
            } else if (n instanceof SoftLineBreak) {
                segments.add(new Segment(" ", flags));
            } else if (n instanceof HardLineBreak) {
                segments.add(new Segment("\n", flags));
            } else if (!(n instanceof HtmlInline)) {
                inline(n, flags, segments);
            }
        }
    }

    /** Greedy wrapping at word boundaries; a word longer than the line stands alone. */
    private List<String> wrap(List<List<Segment>> words, String first, String rest) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int len = visible(first).length();
        boolean empty = true;
        for (List<Segment> word : words) {
            if (word.get(0).text().equals("\n")) {
                lines.add(line.toString());
                line = new StringBuilder(rest);
                len = visible(rest).length();
                empty = true;
                continue;
            }
            int wlen = word.stream().mapToInt(s -> s.text().length()).sum();
            if (!empty && len + 1 + wlen > width) {
                lines.add(line.toString());
                line = new StringBuilder(rest);
                len = visible(rest).length();
                empty = true;
            }
            if (!empty) {
                line.append(' ');
                len++;
            }
            for (Segment s : word) {
                line.append(styled(s));
            }
            len += wlen;
            empty = false;
        }
        if (!empty || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private String styled(Segment s) {
        String t = s.text();
        if ((s.flags() & CODE) != 0) {
            t = style.cyan(t);
        }
        if ((s.flags() & ITALIC) != 0) {
            t = style.italic(t);
        }
        if ((s.flags() & BOLD) != 0) {
            t = style.bold(t);
        }
        return t;
    }

    private static String visible(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
