package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.DidYouMean;
import dev.meshstage.render.HelpRenderer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The help pages as data: each command's own description and options joined with its {@link CommandGuide}. */
@Component
public class HelpPages {

    /** Groups in the order a learner meets them; any other group (Spring Shell's own) comes after. */
    static final List<String> GROUP_ORDER = List.of("Workshop", "Look", "Learn", "Sim");

    private final ObjectProvider<CommandRegistry> registry;
    private final CommandGuides guides;
    private final AcceptedValues values;

    public HelpPages(ObjectProvider<CommandRegistry> registry, CommandGuides guides, AcceptedValues values) {
        this.registry = registry;
        this.guides = guides;
        this.values = values;
    }

    public Map<String, List<HelpRenderer.Item>> overview() {
        Map<String, List<HelpRenderer.Item>> groups = new LinkedHashMap<>();
        GROUP_ORDER.forEach(g -> groups.put(g, new ArrayList<>()));
        commands().forEach(c -> groups.computeIfAbsent(c.getGroup(), g -> new ArrayList<>())
                .add(new HelpRenderer.Item(c.getName(), c.getDescription())));
        groups.values().removeIf(List::isEmpty);
        return groups;
    }

    /** The sub-commands of a group such as {@code cluster}, one line each; empty when {@code root} is no group. */
    public Map<String, List<HelpRenderer.Item>> group(String root) {
        List<HelpRenderer.Item> subs = commands().stream().filter(c -> c.getName().startsWith(root.strip() + " "))
                .map(c -> new HelpRenderer.Item(c.getName(), c.getDescription())).toList();
        return subs.isEmpty() ? Map.of() : Map.of(root.strip(), subs);
    }

    /** @throws UsageException for a command that does not exist, with the closest one */
    public HelpRenderer.Page page(String name) {
        Command command = registry.getObject().getCommandByName(name.strip());
        if (command == null) {
            List<String> names = commands().stream().map(Command::getName).toList();
            List<String> candidates = new ArrayList<>(names);
            names.stream().map(n -> n.split(" ")[0]).distinct().filter(r -> !names.contains(r)).forEach(candidates::add);
            throw new UsageException("no command '" + name + "'" + DidYouMean.hint(name, candidates)
                    + ": 'help' lists them all");
        }
        CommandGuide guide = guides.of(command.getName()).orElse(null);
        String synopsis = guide == null ? command.getName() : guide.synopsis();
        HelpRenderer.Item argument = null;
        if (guide != null && guide.arguments() != null) {
            CommandGuide.Arguments a = guide.arguments();
            String accepted = a.values() == null ? "" : "one of " + values.describe(a.values());
            argument = new HelpRenderer.Item(a.name() + (a.many() ? "..." : ""),
                    (a.required() ? "required; " : "optional; ") + accepted);
        }
        List<HelpRenderer.Item> options = command.getOptions().stream()
                .map(o -> option(o, guide == null ? null : guide.values().get(o.longName()))).toList();
        List<HelpRenderer.Item> examples = guide == null ? List.of()
                : guide.examples().stream().map(e -> new HelpRenderer.Item(e.line(), e.does())).toList();
        return new HelpRenderer.Page(command.getName(), command.getDescription(), synopsis, argument, options, examples,
                guide == null ? List.of() : guide.see());
    }

    private HelpRenderer.Item option(CommandOption o, String kind) {
        boolean flag = o.type() == boolean.class || o.type() == Boolean.class;
        String valueName = flag ? "" : kind == null ? " VALUE" : " " + switch (kind) {
            case AcceptedValues.CLUSTERS -> "NAME";
            case AcceptedValues.PORT -> "PORT";
            default -> kind.toUpperCase(java.util.Locale.ROOT);
        };
        String term = "--" + o.longName() + (o.shortName() != ' ' ? ", -" + o.shortName() : "") + valueName;
        StringBuilder text = new StringBuilder(o.description() == null ? "" : o.description());
        if (flag) {
            text.append(" (a flag: off unless given)");
        } else {
            List<String> notes = new ArrayList<>();
            if (o.defaultValue() != null && !o.defaultValue().isEmpty()) {
                notes.add("default " + o.defaultValue());
            }
            if (kind != null) {
                notes.add("accepts " + values.describe(kind));
            } else if (o.type() == Integer.class || o.type() == int.class) {
                notes.add("a whole number");
            }
            if (!notes.isEmpty()) {
                text.append(" (").append(String.join("; ", notes)).append(')');
            }
        }
        return new HelpRenderer.Item(term, text.toString());
    }

    /** In the guide's order, which is the workshop's; commands without a guide (Spring Shell's own) after, by name. */
    private List<Command> commands() {
        List<String> order = List.copyOf(guides.all().keySet());
        return registry.getObject().getCommands().stream().filter(c -> !c.isHidden())
                .sorted(Comparator.comparingInt((Command c) -> order.contains(c.getName()) ? order.indexOf(c.getName())
                        : order.size()).thenComparing(Command::getName)).toList();
    }
}
