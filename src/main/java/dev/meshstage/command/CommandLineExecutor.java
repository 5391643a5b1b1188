package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.Invocation;
import dev.meshstage.error.BackendException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.stereotype.Component;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one command line the same way for the prompt, one-shot commands, scripts and transcripts: parse,
 * check the options, execute, and turn any failure into one line that says what went wrong (the stack
 * trace only goes to the log, and to the screen with {@code --debug}).
 */
@Component
public class CommandLineExecutor {

    private static final Logger LOG = Logger.getLogger(CommandLineExecutor.class.getName());

    private final CommandRegistry registry;
    private final CommandExecutor executor;
    private final InputCheck check;
    private final Consoles consoles;
    private final SessionRecorder recorder;
    private final boolean debug;

    @Autowired
    public CommandLineExecutor(CommandRegistry registry, CommandGuides guides, AcceptedValues values, Consoles consoles,
            SessionRecorder recorder, Invocation invocation) {
        this(registry, new InputCheck(registry, guides, values), consoles, recorder, invocation.debug());
    }

    private CommandLineExecutor(CommandRegistry registry, InputCheck check, Consoles consoles, SessionRecorder recorder,
            boolean debug) {
        this.registry = registry;
        this.recorder = recorder;
        this.executor = new CommandExecutor(registry);
        this.check = check;
        this.consoles = consoles;
        this.debug = debug;
    }

    /** A second executor on the same registry showing stack traces (the server's for a client's --debug): it records nothing. */
    public CommandLineExecutor debugging() {
        return new CommandLineExecutor(registry, check, consoles, new SessionRecorder(), true);
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
            parsed = check.check(input).parsed();
        } catch (UsageException e) {
            return Outcome.failed(e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.failed(describe(e, console));
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
        if (cause instanceof org.springframework.core.convert.ConversionException) {
            return "a value was not accepted: " + firstLine(String.valueOf(cause.getMessage()));
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
