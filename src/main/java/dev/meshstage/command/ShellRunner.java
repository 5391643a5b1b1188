package dev.meshstage.command;

import dev.meshstage.Invocation;
import dev.meshstage.server.RemoteLines;
import dev.meshstage.session.Session;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;

/**
 * Decides what this process does: the interactive prompt, one command, or a script — and its exit status
 * (0 on success, 1 when a command failed, 2 for a script that cannot be read).
 */
@Component
public class ShellRunner implements ApplicationRunner, ExitCodeGenerator {

    private final Invocation invocation;
    private final CommandLineExecutor executor;
    private final Session session;
    private final CommandLines lines;
    private final ObjectProvider<LineReader> lineReader;
    private int exitCode;

    public ShellRunner(Invocation invocation, CommandLineExecutor executor, CommandLines lines, Session session,
            ObjectProvider<LineReader> lineReader) {
        this.invocation = invocation;
        this.executor = executor;
        this.lines = lines;
        this.session = session;
        this.lineReader = lineReader;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (invocation.mode() == Invocation.Mode.EMBEDDED) {
            return;
        }
        try {
            switch (invocation.mode()) {
                case COMMAND -> exitCode = runOne(CommandWords.line(invocation.command())) ? 0 : 1;
                case SCRIPT -> exitCode = runScript();
                case INTERACTIVE -> interactive();
                default -> { }
            }
        } finally {
            session.close();
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private boolean runOne(String line) {
        Console console = new Console(new PrintWriter(System.out, true), colorAllowed() && System.console() != null,
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

    private void interactive() {
        LineReader reader = lineReader.getObject();
        Terminal terminal = reader.getTerminal();
        boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        Console console = new Console(terminal.writer(), colorAllowed() && !dumb, !dumb, true, terminal::getWidth).withLineReader(reader);
        try (RemoteLines remote = invocation.backend().equals("sim")
                ? new RemoteLines(invocation.home(), invocation.workshop(), invocation.debug(), System.err) : null) {
            lines.connect(remote);
            prompt(reader, console);
        } finally {
            lines.connect(null);
        }
    }

    private void prompt(LineReader reader, Console console) {
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt(console));
            } catch (UserInterruptException e) {
                continue; // Ctrl-C clears the line, as in any shell
            } catch (EndOfFileException e) {
                break;
            }
            String trimmed = line.strip();
            if (trimmed.equals("exit") || trimmed.equals("quit")) {
                break;
            }
            CommandLineExecutor.Outcome outcome = lines.run(line, console);
            if (!outcome.ok()) {
                console.printWrapped("error: ", outcome.error(), console::red);
            }
        }
    }

    private String prompt(Console console) {
        String where = session.backendName() + session.currentCluster().map(c -> ":" + c).orElse("");
        return console.bold("meshstage") + console.dim("[" + where + "]") + ":> ";
    }

    private static boolean colorAllowed() {
        String noColor = System.getenv("NO_COLOR");
        return noColor == null || noColor.isEmpty();
    }
}
