package dev.meshstage;

import dev.meshstage.command.CommandWords;
import dev.meshstage.command.ScriptFile;
import dev.meshstage.command.TerminalLines;
import dev.meshstage.render.ServerStatusRenderer;
import dev.meshstage.server.RemoteLines;
import dev.meshstage.server.ServerException;
import dev.meshstage.server.ServerClient;
import dev.meshstage.server.ServerPaths;
import dev.meshstage.server.ServerRecord;
import dev.meshstage.server.ServerStatus;
import dev.meshstage.server.Wire;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

/**
 * The entry point, without Spring: on the sim backend a one-shot command or a script is sent to the home's
 * background server (started when none runs), so it costs a JVM start and a socket; {@code version} answers
 * here. The interactive shell shows its prompt before the Spring application ({@link MeshstageApplication}) is
 * up and starts it beside; {@code sim serve} (the server itself) and the kind backend's commands start it first.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (invocation.backend().equals("sim")) {
            List<String> words = invocation.command();
            if (invocation.mode() == Invocation.Mode.COMMAND && TerminalLines.needsTerminal(words)) {
                // the live dashboard draws on this terminal: it runs here, as a client of the home's server
                if (System.console() != null && !ensureServer(invocation)) {
                    System.exit(1);
                    return;
                }
            } else if (invocation.mode() == Invocation.Mode.COMMAND && !(words.size() >= 2 && words.get(0).equals("sim")
                    && words.get(1).equals("serve"))) {
                System.exit(command(invocation));
                return;
            }
            if (invocation.mode() == Invocation.Mode.SCRIPT) {
                System.exit(script(invocation));
                return;
            }
        }
        if (invocation.mode() == Invocation.Mode.INTERACTIVE) {
            System.exit(InteractiveShell.run(invocation)); // its own class: a one-shot loads no Spring class
            return;
        }
        try {
            MeshstageApplication.main(args);
        } catch (Throwable t) {
            // e.g. a class the jar no longer has after a rebuild under a running server: end, do not hang
            System.err.println("error: internal error: " + t + " (see " + invocation.home().resolve("logs") + ")");
            Runtime.getRuntime().halt(1);
        }
    }

    private static boolean ensureServer(Invocation invocation) {
        try (RemoteLines lines = new RemoteLines(invocation.home(), invocation.workshop(), invocation.debug(), System.err)) {
            lines.ensureServer();
            return true;
        } catch (ServerException e) {
            System.err.println("error: " + e.getMessage());
            return false;
        }
    }

    private static int command(Invocation invocation) {
        List<String> words = invocation.command();
        PrintStream out = stdout();
        ServerPaths paths = ServerPaths.of(invocation.home());
        if (words.equals(List.of("version"))) {
            out.println(VersionLine.of(invocation.backend()));
            out.flush();
            return 0;
        }
        boolean stop = words.equals(List.of("sim", "stop"));
        if (stop || words.equals(List.of("sim", "status"))) {
            var running = ServerClient.ifRunning(paths);
            if (running.isEmpty()) {
                // asking about the server must not start one
                out.print(stop ? "the server of the simulated clusters is not running: nothing to stop\n"
                        : ServerStatusRenderer.render(ServerStatus.notRunning(ServerClient.savedClusters(paths.home()))));
                out.flush();
                return 0;
            }
            running.get().close();
        }
        long pid = ServerRecord.read(paths.record()).map(ServerRecord::pid).orElse(-1L);
        try (RemoteLines lines = new RemoteLines(invocation.home(), invocation.workshop(), invocation.debug(), System.err)) {
            boolean ok = runLine(lines, CommandWords.line(words), out);
            if (ok && stop && pid > 0) {
                ServerClient.awaitExit(pid, Duration.ofSeconds(60)); // stopped means gone, clusters saved
            }
            return ok ? 0 : 1;
        }
    }

    private static int script(Invocation invocation) {
        PrintStream out = stdout();
        try (RemoteLines lines = new RemoteLines(invocation.home(), invocation.workshop(), invocation.debug(), System.err)) {
            return ScriptFile.run(invocation.script(), line -> runLine(lines, line, out), System.err);
        }
    }

    private static boolean runLine(RemoteLines lines, String line, PrintStream out) {
        boolean tty = System.console() != null;
        String noColor = System.getenv("NO_COLOR");
        boolean color = tty && (noColor == null || noColor.isEmpty());
        // one-shots and scripts: hints and errors stay one line (width 0), as in a pipe or a transcript
        Wire.Outcome o = lines.run(line, new RemoteLines.Terminal(color, tty, 0), text -> {
            out.print(text);
            out.flush();
        });
        if (!o.ok()) {
            out.flush();
            System.err.println("error: " + o.error());
        }
        return o.ok();
    }

    /** The charset the shell's own writer ({@code PrintWriter(System.out)}) uses, so the bytes are the same. */
    private static PrintStream stdout() {
        return new PrintStream(System.out, false, Charset.defaultCharset());
    }
}
