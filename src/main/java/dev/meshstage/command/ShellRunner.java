package dev.meshstage.command;

import dev.meshstage.Invocation;
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

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Decides what this process does: the interactive prompt, one command, or a script — and its exit status
 * (0 on success, 1 when a command failed, 2 for a script that cannot be read).
 */
@Component
public class ShellRunner implements ApplicationRunner, ExitCodeGenerator {

    private final Invocation invocation;
    private final CommandLineExecutor executor;
    private final Session session;
    private final ObjectProvider<LineReader> lineReader;
    private int exitCode;

    public ShellRunner(Invocation invocation, CommandLineExecutor executor, Session session,
            ObjectProvider<LineReader> lineReader) {
        this.invocation = invocation;
        this.executor = executor;
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
                case COMMAND -> exitCode = runOne(commandLine(invocation.command())) ? 0 : 1;
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
        List<String> lines;
        try {
            lines = Files.readAllLines(invocation.script(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            System.err.println("error: script " + invocation.script() + " does not exist");
            return 2;
        } catch (IOException e) {
            System.err.println("error: cannot read script " + invocation.script() + ": " + e.getMessage());
            return 2;
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (!runOne(line)) {
                System.err.println("error: stopped at line " + n + " of " + invocation.script());
                return 1;
            }
        }
        return 0;
    }

    private void interactive() {
        LineReader reader = lineReader.getObject();
        Terminal terminal = reader.getTerminal();
        boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        Console console = new Console(terminal.writer(), colorAllowed() && !dumb, !dumb, true);
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
            CommandLineExecutor.Outcome outcome = executor.execute(line, console);
            if (!outcome.ok()) {
                console.println(console.red("error: ") + outcome.error());
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

    /** Words from the command line joined so the shell's parser sees the same words (quoted where needed). */
    static String commandLine(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)
                    ? "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : w);
        }
        return sb.toString();
    }
}
