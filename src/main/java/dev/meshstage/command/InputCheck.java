package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.DidYouMean;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a command line against what its command accepts before anything runs, so every bad input gets one
 * line saying what was wrong and what is accepted (with the closest word) and nothing changes: an unknown
 * command or sub-command, an unknown option, a value of the wrong type or out of range, a missing or extra
 * argument, an unknown cluster. Spring Shell would print a group's sub-commands and succeed, ignore unknown
 * options, and fail late on conversions.
 */
final class InputCheck {

    /**
     * The line as Spring Shell's executor takes it (its words as {@link CommandWords} splits them, so quotes are a
     * POSIX shell's; flags given {@code true}), and the command it names. Spring Shell's own parser is not used: it
     * splits at spaces outside double quotes only.
     */
    record Checked(ParsedInput parsed, Command command) {
    }

    private final CommandRegistry registry;
    private final CommandGuides guides;
    private final AcceptedValues values;

    InputCheck(CommandRegistry registry, CommandGuides guides, AcceptedValues values) {
        this.registry = registry;
        this.guides = guides;
        this.values = values;
    }

    /** @throws UsageException saying what was wrong and what is accepted */
    Checked check(String input) {
        List<String> words = CommandWords.split(input);
        Command command = null;
        int commandWords = 0;
        for (int i = 1; i <= words.size(); i++) {
            Command c = registry.getCommandByName(String.join(" ", words.subList(0, i)));
            if (c != null) {
                command = c;
                commandWords = i;
            }
        }
        if (command == null) {
            throw unknownCommand(words);
        }
        String name = command.getName();
        List<String> rest = words.subList(commandWords, words.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            Command help = registry.getCommandByName("help");
            ParsedInput.Builder parsed = ParsedInput.builder().commandName("help");
            int index = 0;
            for (String word : name.split(" ")) {
                parsed.addArgument(new CommandArgument(index++, word));
            }
            return new Checked(parsed.build(), help);
        }
        CommandGuide guide = guides.of(name).orElse(null);
        ParsedInput.Builder parsed = ParsedInput.builder().commandName(words.get(0));
        words.subList(1, commandWords).forEach(parsed::addSubCommand);
        List<String> arguments = new ArrayList<>();
        boolean onlyArguments = false;
        for (int i = 0; i < rest.size(); i++) {
            String w = rest.get(i);
            if (onlyArguments || !w.startsWith("-") || isNegativeNumber(w)) {
                parsed.addArgument(new CommandArgument(arguments.size(), w));
                arguments.add(w);
                continue;
            }
            if (w.equals("--")) {
                onlyArguments = true;
                continue;
            }
            String given = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
            CommandOption option = command.getOptions().stream().filter(o -> o.isOptionEqual(given)).findFirst()
                    .orElseThrow(() -> unknownOption(name, given, commandOptions(name)));
            String where = "'" + name + " --" + option.longName() + "'";
            boolean flag = option.type() == boolean.class || option.type() == Boolean.class;
            if (flag) {
                String value = w.contains("=") ? w.substring(w.indexOf('=') + 1) : "true";
                if (!value.equals("true") && !value.equals("false")) {
                    throw new UsageException(where + " is a flag: give it alone, or =true / =false, not '" + value + "'");
                }
                parsed.addOption(option(option, value));
                continue;
            }
            String value;
            if (w.contains("=")) {
                value = w.substring(w.indexOf('=') + 1);
            } else if (i + 1 < rest.size() && !(rest.get(i + 1).startsWith("-") && !isNegativeNumber(rest.get(i + 1)))) {
                value = rest.get(++i);
            } else {
                throw new UsageException(where + " needs a value: " + accepts(guide, option));
            }
            checkValue(guide, option, value, where);
            parsed.addOption(option(option, value));
        }
        checkArguments(name, guide, arguments);
        return new Checked(parsed.build(), command);
    }

    private static CommandOption option(CommandOption declared, String value) {
        return CommandOption.with().shortName(' ').longName(declared.longName()).value(value).build();
    }

    private void checkValue(CommandGuide guide, CommandOption option, String value, String where) {
        if (value.isBlank()) {
            throw new UsageException(where + " needs a value: " + accepts(guide, option));
        }
        String kind = guide == null ? null : guide.values().get(option.longName());
        if (kind != null) {
            values.check(kind, value, where);
        } else if (isInteger(option.type()) && AcceptedValues.parseInt(value) == null) {
            throw new UsageException(where + " takes a whole number, not '" + value + "'");
        }
    }

    private void checkArguments(String name, CommandGuide guide, List<String> arguments) {
        if (guide == null) {
            return; // a command without a guide (Spring Shell's own) checks its own arguments
        }
        CommandGuide.Arguments spec = guide.arguments();
        if (spec == null) {
            if (!arguments.isEmpty()) {
                String first = arguments.get(0);
                String hint = DidYouMean.hint("--" + first, commandOptions(name));
                throw new UsageException("'" + name + "' takes no arguments, but got '" + String.join(" ", arguments) + "'"
                        + hint + ": usage: " + guide.synopsis());
            }
            return;
        }
        if (arguments.isEmpty() && spec.required()) {
            String accepted = spec.values() == null ? "" : ": " + values.describe(spec.values());
            throw new UsageException("'" + name + "' needs " + spec.name() + accepted + " (usage: " + guide.synopsis() + ")");
        }
        if (!spec.many() && arguments.size() > 1) {
            throw new UsageException("'" + name + "' takes one " + spec.name() + ", but got " + arguments.size() + ": "
                    + String.join(" ", arguments) + " (usage: " + guide.synopsis() + ")");
        }
        if (AcceptedValues.CLUSTERS.equals(spec.values())) {
            for (String a : arguments) {
                values.check(spec.values(), a, null);
            }
        }
    }

    private String accepts(CommandGuide guide, CommandOption option) {
        String kind = guide == null ? null : guide.values().get(option.longName());
        if (kind != null) {
            return values.describe(kind);
        }
        return isInteger(option.type()) ? "a whole number" : "a word";
    }

    private UsageException unknownCommand(List<String> words) {
        Set<String> names = registry.getCommands().stream().filter(c -> !c.isHidden()).map(Command::getName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        String first = words.get(0);
        Set<String> groupCommands = names.stream().filter(n -> n.startsWith(first + " "))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!groupCommands.isEmpty()) {
            String subs = groupCommands.stream().map(n -> n.substring(first.length() + 1)).collect(Collectors.joining(", "));
            if (words.size() == 1 || words.get(1).startsWith("-")) {
                return new UsageException("'" + first + "' needs a sub-command: " + subs + " (e.g. '"
                        + groupCommands.iterator().next() + "')");
            }
            return new UsageException("'" + first + "' has no sub-command '" + words.get(1) + "'"
                    + DidYouMean.hint(first + " " + words.get(1), groupCommands) + ": its sub-commands are " + subs);
        }
        // a misspelt group or command: compare as many words as each command has
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int count = n.split(" ").length;
            if (count <= words.size()) {
                String typed = String.join(" ", words.subList(0, count));
                int d = org.jline.utils.Levenshtein.distance(typed, n);
                if (DidYouMean.closest(typed, List.of(n)).isPresent() && d < bestDistance) {
                    best = n;
                    bestDistance = d;
                }
            }
        }
        if (best == null) {
            Set<String> roots = names.stream().map(n -> n.split(" ")[0]).collect(Collectors.toCollection(LinkedHashSet::new));
            best = DidYouMean.closest(first, roots).orElse(null);
        }
        return new UsageException("unknown command '" + first + "'" + (best == null ? "" : " (did you mean '" + best + "'?)")
                + ": type 'help' to list the commands");
    }

    private static UsageException unknownOption(String name, String given, List<String> options) {
        return new UsageException("'" + name + "' has no option " + given + DidYouMean.hint(given, options)
                + (options.isEmpty() ? ": it takes no options" : ": its options are " + String.join(", ", options)));
    }

    private List<String> commandOptions(String name) {
        return registry.getCommandByName(name).getOptions().stream().map(o -> "--" + o.longName()).toList();
    }

    private static boolean isInteger(Class<?> type) {
        return type == int.class || type == Integer.class || type == long.class || type == Long.class;
    }

    private static boolean isNegativeNumber(String w) {
        return w.matches("-\\d+");
    }
}
