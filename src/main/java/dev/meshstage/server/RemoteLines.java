package dev.meshstage.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Command lines run by the home's server on behalf of this process, as if run here: the output goes to
 * {@code output}, the outcome (with a failure's one-line error) comes back, and {@code use} changes this
 * side's current cluster. Plain Java (the quick client); the interactive shell uses it too.
 */
public final class RemoteLines implements AutoCloseable {

    /** The terminal's abilities, which decide colour and in-place progress on the server's side. */
    public record Terminal(boolean color, boolean live, int width) {
    }

    private final ServerPaths paths;
    private final Path workshop;
    private final boolean debug;
    private final PrintStream err;
    private volatile ServerClient client;
    private String cluster = "";

    public RemoteLines(Path home, Path workshop, boolean debug, PrintStream err) {
        this.paths = ServerPaths.of(home);
        this.workshop = workshop;
        this.debug = debug;
        this.err = err;
    }

    /** The current cluster the server last reported ({@code ""} before any command). */
    public String cluster() {
        return cluster;
    }

    public void cluster(String name) {
        this.cluster = name == null ? "" : name;
    }

    /**
     * Makes sure the home's server runs (starting it when none does) without sending a line: a command that runs
     * in this process (the live dashboard) is then the clusters' client, never their owner.
     */
    public void ensureServer() {
        if (client == null) {
            client = ServerClient.connect(paths, workshop, err);
        }
    }

    /** Runs one line there; blank lines and comments never leave this process. */
    public Wire.Outcome run(String line, Terminal terminal, Consumer<String> output) {
        String input = line.strip();
        if (input.isEmpty() || input.startsWith("#")) {
            return new Wire.Outcome(true, "", cluster);
        }
        Wire.Outcome outcome;
        try {
            if (client == null) {
                client = ServerClient.connect(paths, workshop, err);
            }
            outcome = client.run(new Wire.Request(Build.id(), Path.of("").toAbsolutePath().toString(),
                    workshop == null ? "" : workshop.toString(), java.util.Objects.requireNonNullElse(System.getenv("KUBECONFIG"), ""),
                    terminal.color(), terminal.live(), terminal.width(), debug, cluster, line),
                    output, err);
        } catch (ServerException e) {
            outcome = new Wire.Outcome(false, e.getMessage(), cluster);
        }
        cluster = outcome.cluster();
        return outcome;
    }

    /** From another thread while {@link #run} waits: the server stops that line (see {@link ServerClient#cancel}). */
    public void cancel() {
        ServerClient c = client;
        if (c != null) {
            c.cancel();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
