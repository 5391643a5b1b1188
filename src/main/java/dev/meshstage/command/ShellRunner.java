package dev.meshstage.command;

import dev.meshstage.Invocation;
import dev.meshstage.server.RemoteLines;
import dev.meshstage.session.Session;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * Decides what this process does: the interactive prompt, one command, or a script — and its exit status
 * (0 on success, 1 when a command failed, 2 for a script that cannot be read). The prompt itself is driven by
 * {@code Main} on a {@link PromptReader} it made before this context, through {@link #interactive}.
 */
@Component
public class ShellRunner implements ApplicationRunner, ExitCodeGenerator {

    private final Invocation invocation;
    private final CommandLineExecutor executor;
    private final Session session;
    private final CommandLines lines;
    private int exitCode;

    public ShellRunner(Invocation invocation, CommandLineExecutor executor, CommandLines lines, Session session) {
        this.invocation = invocation;
        this.executor = executor;
        this.lines = lines;
        this.session = session;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (invocation.mode() != Invocation.Mode.COMMAND && invocation.mode() != Invocation.Mode.SCRIPT) {
            return; // embedded: the caller feeds the lines; interactive: Main runs the prompt (interactive below)
        }
        try {
            exitCode = invocation.mode() == Invocation.Mode.COMMAND ? (runOne(CommandWords.line(invocation.command())) ? 0 : 1)
                    : runScript();
        } finally {
            session.close();
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private boolean runOne(String line) {
        Console console = new Console(new PrintWriter(System.out, true), Console.colorWanted() && System.console() != null,
                System.console() != null, true);
        CommandLineExecutor.Outcome outcome = executor.execute(line, console);
        if (!outcome.ok()) {
            System.err.println("error: " + outcome.error());
        }
        return outcome.ok();
    }

    private int runScript() {
        return ScriptFile.run(invocation.script(), this::runOne, System.err);
    }

    /**
     * The interactive prompt until exit, quit or the end of input. {@code first}: the line typed at the first prompt,
     * shown before this context was up (empty: the input ended there).
     */
    public void interactive(PromptReader prompt, Console console, Optional<String> first) {
        try (RemoteLines remote = invocation.backend().equals("sim")
                ? new RemoteLines(invocation.home(), invocation.workshop(), invocation.debug(), System.err) : null) {
            lines.connect(remote);
            Optional<String> line = first;
            while (line.isPresent()) {
                String trimmed = line.get().strip();
                if (trimmed.equals("exit") || trimmed.equals("quit")) {
                    break;
                }
                CommandLineExecutor.Outcome outcome = lines.run(line.get(), console);
                if (!outcome.ok()) {
                    console.printWrapped("error: ", outcome.error(), console::red);
                }
                line = prompt.readLine(PromptReader.prompt(console, session.backendName(), session.currentCluster()));
            }
        } finally {
            lines.connect(null);
            session.close();
        }
    }
}
