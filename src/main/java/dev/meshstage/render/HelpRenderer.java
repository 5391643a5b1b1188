package dev.meshstage.render;

import java.util.List;
import java.util.Map;

/** {@code help}: the commands by group, and one command's page (synopsis, arguments, options, examples, see also). */
public final class HelpRenderer {

    private HelpRenderer() {
    }

    /** One command as help shows it; everything here is data, worded by the caller. */
    public record Page(String name, String description, String synopsis, Item argument, List<Item> options,
            List<Item> examples, List<String> see) {
    }

    /** A term and what it means, e.g. {@code --port PORT} and "local port (default 8080; accepts 1-65535)". */
    public record Item(String term, String text) {
    }

    public static String page(Page p, int width) {
        StringBuilder sb = new StringBuilder();
        sb.append(Wrap.wrap(p.name() + " — " + p.description(), width, "", "  "));
        sb.append('\n').append("usage: ").append(p.synopsis()).append('\n');
        if (p.argument() != null) {
            sb.append('\n').append("arguments:\n");
            items(sb, List.of(p.argument()), width);
        }
        if (!p.options().isEmpty()) {
            sb.append('\n').append("options:\n");
            items(sb, p.options(), width);
        }
        if (!p.examples().isEmpty()) {
            sb.append('\n').append("examples:\n");
            for (Item e : p.examples()) {
                sb.append("  ").append(e.term()).append('\n');
                sb.append(Wrap.wrap(e.text(), width, "      "));
            }
        }
        if (!p.see().isEmpty()) {
            sb.append('\n').append(Wrap.wrap("see also: " + String.join(", ", p.see()), width, "", "  "));
        }
        return sb.toString();
    }

    /** Every command, by group, one wrapped line each. */
    public static String overview(Map<String, List<Item>> groups, int width) {
        int termWidth = groups.values().stream().flatMap(List::stream).mapToInt(i -> i.term().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        groups.forEach((group, commands) -> {
            sb.append(group).append('\n');
            for (Item c : commands) {
                String first = "  " + c.term() + " ".repeat(termWidth - c.term().length() + 3);
                sb.append(Wrap.wrap(c.text(), width, first, " ".repeat(first.length())));
            }
            sb.append('\n');
        });
        sb.append("help COMMAND for its options and examples; explain STEP for what a step does; next for what to run now\n");
        return sb.toString();
    }

    private static void items(StringBuilder sb, List<Item> items, int width) {
        int termWidth = items.stream().mapToInt(i -> i.term().length()).max().orElse(0);
        for (Item i : items) {
            String first = "  " + i.term() + " ".repeat(termWidth - i.term().length() + 3);
            sb.append(Wrap.wrap(i.text(), width, first, " ".repeat(first.length())));
        }
    }
}
