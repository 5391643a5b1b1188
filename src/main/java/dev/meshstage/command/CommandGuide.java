package dev.meshstage.command;

import java.util.List;
import java.util.Map;

/**
 * What {@code help COMMAND} teaches beyond a command's own description and options, read from
 * {@code guide/commands.yaml}: synopsis, positional arguments, the values options take, examples, see also.
 * The input checks read the arguments and values too, so help and the errors say the same thing.
 *
 * @param values option long name → kind of value it accepts (see {@link AcceptedValues})
 */
public record CommandGuide(String synopsis, Arguments arguments, Map<String, String> values, List<Example> examples,
        List<String> see) {

    public CommandGuide {
        values = values == null ? Map.of() : Map.copyOf(values);
        examples = examples == null ? List.of() : List.copyOf(examples);
        see = see == null ? List.of() : List.copyOf(see);
    }

    /** The positional arguments: their name in the synopsis, whether several and whether any is needed. */
    public record Arguments(String name, boolean many, boolean required, String values) {
    }

    public record Example(String line, String does) {
    }

    public boolean takesArguments() {
        return arguments != null;
    }
}
