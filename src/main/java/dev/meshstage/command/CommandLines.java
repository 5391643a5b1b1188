package dev.meshstage.command;

import dev.meshstage.server.RemoteLines;
import dev.meshstage.server.ServerException;
import dev.meshstage.server.Wire;
import dev.meshstage.session.Session;
import org.springframework.stereotype.Component;

/**
 * Where a command line runs: at the interactive prompt on the sim, in the home's server (through the shell's
 * connection); {@code replay} and {@code record} always here, since they need this terminal and this
 * session's lines; everything else, and every line off the sim, in this process's executor. While recording,
 * lines sent to the server are captured here.
 */
@Component
public class CommandLines {

    private final CommandLineExecutor executor;
    private final SessionRecorder recorder;
    private final Session session;
    private volatile RemoteLines remote;
    /** what runs lines now, innermost last (a replay runs here, its lines on the server): a cancel stops the last */
    private final java.util.Deque<Runnable> cancels = new java.util.concurrent.ConcurrentLinkedDeque<>();

    public CommandLines(CommandLineExecutor executor, SessionRecorder recorder, Session session) {
        this.executor = executor;
        this.recorder = recorder;
        this.session = session;
    }

    /** The shell's connection to the home's server (null: none, lines run here). */
    public void connect(RemoteLines remote) {
        this.remote = remote;
    }

    public CommandLineExecutor.Outcome run(String line, Console console) {
        RemoteLines r = remote;
        if (r == null) {
            return here(line, console);
        }
        if (runsHere(line)) {
            try {
                r.ensureServer(); // the clusters stay the server's; this process reads them as a client
            } catch (ServerException e) {
                return CommandLineExecutor.Outcome.failed(e.getMessage());
            }
            return here(line, console);
        }
        Runnable cancel = r::cancel; // never interrupt a thread talking to the server: that would close its connection
        cancels.addLast(cancel);
        try {
            return recorder.around(line, console, (l, c) -> remote(r, l, c));
        } finally {
            cancels.removeLastOccurrence(cancel);
        }
    }

    /**
     * From another thread while {@link #run} runs a line (a replay's time limit): stops it as Ctrl-C would — the
     * server interrupts the command it runs, or here the thread running it is interrupted. The command's waits
     * end with an error that says the step is safe to run again; {@code run} returns that outcome.
     */
    public void cancel() {
        Runnable last = cancels.peekLast();
        if (last != null) {
            last.run();
        }
    }

    private CommandLineExecutor.Outcome here(String line, Console console) {
        Thread thread = Thread.currentThread();
        Runnable cancel = thread::interrupt;
        cancels.addLast(cancel);
        try {
            return executor.execute(line, console);
        } finally {
            cancels.removeLastOccurrence(cancel);
            Thread.interrupted(); // a cancel that came as the line ended is not the next one's
        }
    }

    /** replay and record (this session's lines and keys) and the live dashboard (this terminal) run here. */
    static boolean runsHere(String line) {
        String first = line.strip().isEmpty() ? "" : line.strip().split("\\s+")[0];
        return first.equals("replay") || first.equals("record") || TerminalLines.needsTerminal(line);
    }

    private CommandLineExecutor.Outcome remote(RemoteLines r, String line, Console console) {
        Wire.Outcome outcome = r.run(line, new RemoteLines.Terminal(console.color(), console.live(), console.wrapWidth()), text -> {
            console.writer().print(text);
            console.writer().flush();
        });
        if (!outcome.cluster().isEmpty()) {
            session.use(outcome.cluster()); // the prompt names the cluster the server's session has now
        }
        return outcome.ok() ? CommandLineExecutor.Outcome.OK : CommandLineExecutor.Outcome.failed(outcome.error());
    }
}
