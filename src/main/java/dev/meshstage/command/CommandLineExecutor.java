package dev.meshstage.command;

import dev.meshstage.Invocation;
import dev.meshstage.backend.BackendException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.DefaultCommandParser;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs one command line the same way for the prompt, one-shot commands, scripts and transcripts: parse,
 * check the options, execute, and turn any failure into one line that says what went wrong (the stack
 * trace only goes to the log, and to the screen with {@code --debug}).
 */
@Component
public class CommandLineExecutor {

    private static final Logger LOG = Logger.getLogger(CommandLineExecutor.class.getName());

    private final CommandRegistry registry;
    private final CommandParser parser;
    private final CommandExecutor executor;
    private final Consoles consoles;
    private final SessionRecorder recorder;
    private final boolean debug;

    /** A second executor on the same registry (the server's debugging one): it records nothing. */
    public CommandLineExecutor(CommandRegistry registry, Consoles consoles, Invocation invocation) {
        this(registry, consoles, new SessionRecorder(), invocation);
    }

    @Autowired
    public CommandLineExecutor(CommandRegistry registry, Consoles consoles, SessionRecorder recorder, Invocation invocation) {
        this.registry = registry;
        this.recorder = recorder;
        this.parser = new DefaultCommandParser(registry);
        this.executor = new CommandExecutor(registry);
        this.consoles = consoles;
        this.debug = invocation.debug();
    }

    /** What running a line did; {@code error} is the one-line message when it failed. */
    public record Outcome(boolean ok, String error) {
        static final Outcome OK = new Outcome(true, null);

        static Outcome failed(String message) {
            return new Outcome(false, message);
        }
    }

    public Outcome execute(String line, Console console) {
        return recorder.around(line, console, this::run); // 'record' captures the session here
    }

    private Outcome run(String line, Console console) {
        String input = line.strip();
        if (input.isEmpty() || input.startsWith("#")) {
            return Outcome.OK;
        }
        consoles.use(console);
        ParsedInput parsed;
        try {
            parsed = parser.parse(withBooleanValues(input));
        } catch (RuntimeException e) {
            return Outcome.failed(e.getMessage());
        }
        String name = parsed.subCommands().isEmpty() ? parsed.commandName()
                : parsed.commandName() + " " + String.join(" ", parsed.subCommands());
        Command command = registry.getCommandByName(name);
        if (command == null && registry.getCommandsByPrefix(name).isEmpty()) {
            return Outcome.failed("unknown command '" + name + "': type 'help' to list the commands");
        }
        try {
            ExitStatus status = executor.execute(new CommandContext(parsed, registry, console.writer(), new InputReader() {
            }));
            console.writer().flush();
            return status.code() == ExitStatus.OK.code() ? Outcome.OK : Outcome.failed(status.description());
        } catch (CommandExecutionException e) {
            console.writer().flush();
            return Outcome.failed(describe(e.getCause() == null ? e : e.getCause(), console));
        } catch (RuntimeException e) {
            return Outcome.failed(describe(e, console));
        }
    }

    /**
     * Checks the options against the command (Spring Shell ignores unknown ones; a typo must not pass
     * silently) and gives every boolean flag an explicit {@code =true}: Spring Shell 4.0.1's parser looks
     * flags up on the root command only, so {@code cluster create --all} would be refused for lacking a value.
     */
    String withBooleanValues(String input) {
        List<String> words = List.of(input.split("\\s+(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"));
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
            return input;
        }
        List<String> out = new java.util.ArrayList<>(words.subList(0, commandWords));
        for (String w : words.subList(commandWords, words.size())) {
            String option = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
            boolean help = option.equals("--help") || option.equals("-h");
            if (option.startsWith("-") && !option.equals("--") && !help
                    && command.getOptions().stream().noneMatch(o -> o.isOptionEqual(option))) {
                String name = String.join(" ", words.subList(0, commandWords));
                String options = command.getOptions().stream().map(o -> "--" + o.longName()).collect(Collectors.joining(", "));
                throw new UsageException("'" + name + "' has no option " + option
                        + (options.isEmpty() ? "" : ": its options are " + options));
            }
            boolean flag = w.startsWith("-") && !w.contains("=") && command.getOptions().stream()
                    .filter(o -> o.isOptionEqual(w))
                    .anyMatch(o -> o.type() == boolean.class || o.type() == Boolean.class);
            out.add(flag ? w + "=true" : w);
        }
        return String.join(" ", out);
    }

    private String describe(Throwable t, Console console) {
        Throwable cause = t;
        while ((cause instanceof java.lang.reflect.InvocationTargetException || cause instanceof CommandExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        LOG.log(Level.WARNING, "command failed", cause);
        if (debug) {
            java.io.StringWriter sw = new java.io.StringWriter();
            cause.printStackTrace(new java.io.PrintWriter(sw));
            console.print(sw.toString());
        }
        if (cause instanceof BackendException || cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        if (cause instanceof KubernetesClientException k) {
            return "the Kubernetes API said: " + firstLine(k.getStatus() != null && k.getStatus().getMessage() != null
                    ? k.getStatus().getMessage() : String.valueOf(k.getMessage()));
        }
        return "internal error: " + firstLine(String.valueOf(cause.getMessage()))
                + " (" + cause.getClass().getSimpleName() + "; run with --debug for details)";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
