package dev.meshstage.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program in a tmux session of its own, typed into and read off the screen as a person would. {@link #meshstage}
 * is the packaged shell; closing ends the session, waits for exactly its program to be gone and, for the shell, stops
 * the home's server its commands started.
 */
public final class TmuxShell implements AutoCloseable {

    /** What a test waits for when it gives no time: a busy 2-core machine makes the first reads slow. */
    private static final int DEFAULT_SECONDS = 60;

    private final String session;
    private final long panePid;
    private final Path home;

    private TmuxShell(String session, long panePid, Path home) {
        this.session = session;
        this.panePid = panePid;
        this.home = home;
    }

    /** Whether tmux is on this machine (tests assume it). */
    public static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * {@code target/meshstage.jar --home HOME} in a 120×40 pane in {@code workingDir}, once its prompt is on screen.
     *
     * @param name what makes the session name unique among tests (this JVM's pid is added)
     */
    public static TmuxShell meshstage(String name, Path home, Path workingDir) throws Exception {
        return meshstage(name, home, workingDir, 120);
    }

    /** The packaged shell as {@link #meshstage(String, Path, Path)}, in a pane {@code width} columns wide. */
    public static TmuxShell meshstage(String name, Path home, Path workingDir, int width) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -jar " + Path.of("target/meshstage.jar").toAbsolutePath() + " --home " + home;
        TmuxShell shell = start(name, width, 40, workingDir, command, home);
        try {
            shell.await(s -> s.contains("meshstage[sim:cluster1]:>"), "the prompt");
            return shell;
        } catch (Exception | Error e) {
            shell.close();
            throw e;
        }
    }

    /** Any command line ({@code sh -c}) in a pane of the given size; nothing is awaited. */
    public static TmuxShell command(String name, int width, int height, String command) throws Exception {
        return start(name, width, height, Path.of("").toAbsolutePath(), command, null);
    }

    private static TmuxShell start(String name, int width, int height, Path workingDir, String command, Path home) throws Exception {
        String session = "meshstage-" + name + "-" + ProcessHandle.current().pid();
        Run r = run("tmux", "new-session", "-d", "-s", session, "-x", String.valueOf(width), "-y", String.valueOf(height),
                "-c", workingDir.toString(), command);
        if (r.exit() != 0) {
            throw new IllegalStateException("tmux new-session " + session + " failed: " + r.out());
        }
        long pid = Long.parseLong(run("tmux", "display-message", "-p", "-t", session, "#{pane_pid}").out().strip());
        return new TmuxShell(session, pid, home);
    }

    /** Keys as tmux's send-keys takes them: text, or names such as {@code Enter}, {@code Tab}, {@code C-u}. */
    public void send(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        tmux(cmd.toArray(String[]::new));
    }

    /** What the pane shows now. */
    public String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", session);
    }

    /** Everything the pane has shown, its history too, wrapped lines joined. */
    public String history() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session);
    }

    /** Forgets the pane's history, so that what follows is awaited without what came before. */
    public void clearHistory() throws Exception {
        tmux("clear-history", "-t", session);
    }

    /** The screen once {@code ok} holds of it. */
    public String await(Predicate<String> ok, String what) throws Exception {
        return await(ok, what, DEFAULT_SECONDS);
    }

    public String await(Predicate<String> ok, String what, int seconds) throws Exception {
        return awaitText(this::screen, ok, what, seconds);
    }

    /** The whole {@link #history} once {@code ok} holds of it. */
    public String awaitHistory(Predicate<String> ok, String what) throws Exception {
        return awaitHistory(ok, what, DEFAULT_SECONDS);
    }

    public String awaitHistory(Predicate<String> ok, String what, int seconds) throws Exception {
        return awaitText(this::history, ok, what, seconds);
    }

    private interface Capture {
        String text() throws Exception;
    }

    private static String awaitText(Capture capture, Predicate<String> ok, String what, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        String s = "";
        while (System.currentTimeMillis() < deadline) {
            s = capture.text();
            if (ok.test(s)) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " on screen after " + seconds + " s:\n" + s);
    }

    /** Waits for the program to end by itself (the session goes with it). */
    public void awaitExit() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (run("tmux", "has-session", "-t", session).exit() != 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the program in " + session + " did not exit");
    }

    @Override
    public void close() throws Exception {
        tmux("kill-session", "-t", session);
        ProcessHandle.of(panePid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        if (home != null) {
            MeshstageProcess.stopServer(home); // the shell's clusters outlive it in the home's server
        }
    }

    private static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new)).out();
    }

    private record Run(int exit, String out) {
    }

    private static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("tmux did not answer: " + String.join(" ", cmd));
        }
        return new Run(p.exitValue(), out);
    }
}
