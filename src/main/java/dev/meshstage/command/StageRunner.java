package dev.meshstage.command;

import dev.meshstage.stage.ShellCommand;
import dev.meshstage.stage.Stage;
import dev.meshstage.stage.StepResult;
import dev.meshstage.stage.TerminalText;
import dev.meshstage.transcript.Transcript.Shell;
import dev.meshstage.transcript.Transcript.Step;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a replay's commands: meshstage lines where the prompt runs them ({@link CommandLines}: the home's
 * server on the sim), on a worker thread so a time limit can give up waiting; {@code console} lines through
 * {@link ShellCommand}. Output is shown on the replay's console as it comes and kept as plain lines for the
 * player to compare and fall back on. A command past its limit is stopped as Ctrl-C would stop it
 * ({@link CommandLines#cancel}: the server interrupts it; every step is safe to run again), so the replay goes
 * on with its recorded output at once; what it prints while stopping is not shown.
 */
final class StageRunner implements Stage.Runner, AutoCloseable {

    private final CommandLines lines;
    private final Consoles consoles;
    private final Console console;
    private final ShellCommand shell;
    private final Duration liveTimeout;
    /** How long a command told to stop may take to do so (its waits end within a poll; a kind tool is killed). */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "replay-command");
        t.setDaemon(true);
        return t;
    });

    StageRunner(CommandLines lines, Consoles consoles, Console console, ShellCommand shell, Duration liveTimeout) {
        this.lines = lines;
        this.consoles = consoles;
        this.console = console;
        this.shell = shell;
        this.liveTimeout = liveTimeout;
    }

    @Override
    public StepResult run(Step step, Duration timeout, boolean shown) {
        return step.shell() == Shell.CONSOLE ? console(step.command(), timeout, shown) : meshstage(step.command(), timeout, shown);
    }

    @Override
    public StepResult runLive(String line) {
        return line.startsWith("$") ? console(line.substring(1).strip(), liveTimeout, true) : meshstage(line, liveTimeout, true);
    }

    private StepResult console(String command, Duration timeout, boolean shown) {
        return shell.run(command, timeout, shown ? console::println : line -> { });
    }

    private StepResult meshstage(String line, Duration timeout, boolean shown) {
        String first = line.strip().split("\\s+")[0];
        if (first.equals("replay") || first.equals("record")) {
            return StepResult.failed(List.of(), "'" + first + "' does not run inside a replay");
        }
        StringWriter captured = new StringWriter();
        GatedWriter gate = new GatedWriter(captured, shown ? console.writer() : null);
        Console inner = shown ? new Console(new PrintWriter(gate), console.color(), console.live(), console.live() && console.showsProgress())
                : new Console(new PrintWriter(gate), false, false, false);
        Future<CommandLineExecutor.Outcome> running = worker.submit(() -> lines.run(line, inner));
        try {
            CommandLineExecutor.Outcome outcome = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> lines = TerminalText.lines(captured.toString());
            return outcome.ok() ? StepResult.ok(lines) : StepResult.failed(lines, outcome.error());
        } catch (TimeoutException e) {
            return stop(running, gate, captured);
        } catch (ExecutionException e) {
            return StepResult.failed(TerminalText.lines(captured.toString()), String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gate.close();
            return StepResult.timedOut(TerminalText.lines(captured.toString()));
        } finally {
            consoles.use(console); // the executor made the inner console current; the replay's is again
        }
    }

    /**
     * Stops the line and waits for it to end. The gate stays open meanwhile, so that the command's own clean-up
     * reaches the screen (a step's live progress clears its spinner lines, which would otherwise stay above the
     * recorded output shown next); what it prints after that would land in the middle of the show and is dropped.
     * What it printed up to its time limit is what counts.
     */
    private StepResult stop(Future<CommandLineExecutor.Outcome> running, GatedWriter gate, StringWriter captured) {
        List<String> printed = TerminalText.lines(captured.toString());
        lines.cancel();
        try {
            running.get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return StepResult.timedOut(printed);
        } catch (TimeoutException e) {
            return StepResult.timedOut(printed, "it runs on, and the next command waits for it");
        } catch (ExecutionException e) {
            return StepResult.timedOut(printed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StepResult.timedOut(printed, "it runs on");
        } finally {
            gate.close();
        }
    }

    @Override
    public void close() {
        worker.shutdown(); // a command that would not stop finishes on its own
    }

    /** Copies to the capture and (when shown) the terminal until closed; then drops everything. */
    private static final class GatedWriter extends Writer {
        private final Writer capture;
        private final Writer screen;
        private volatile boolean open = true;

        GatedWriter(Writer capture, Writer screen) {
            this.capture = capture;
            this.screen = screen;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) throws java.io.IOException {
            if (open) {
                capture.write(buf, off, len);
                if (screen != null) {
                    screen.write(buf, off, len);
                }
            }
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            if (open && screen != null) {
                screen.flush();
            }
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
