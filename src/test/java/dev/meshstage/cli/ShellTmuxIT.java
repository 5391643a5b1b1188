package dev.meshstage.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The interactive shell as a person uses it: typed into tmux, read off the screen. */
class ShellTmuxIT {

    @TempDir
    Path home;
    private final String session = "meshstage-it-" + ProcessHandle.current().pid();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                java + " -jar " + Path.of("target/meshstage.jar").toAbsolutePath() + " --home " + home);
        awaitScreen(s -> s.contains("meshstage[sim:cluster1]:>"), "the prompt");
    }

    @AfterEach
    void stop() throws Exception {
        tmux("kill-session", "-t", session);
        MeshstageProcess.stopServer(home); // the shell's clusters outlive it in the home's server
    }

    @Test
    void promptCompletionAndCommands() throws Exception {
        tmux("send-keys", "-t", session, "clu", "Tab");
        awaitScreen(s -> s.contains(":> cluster"), "command completion");
        tmux("send-keys", "-t", session, "C-u", "use ", "Tab");
        awaitScreen(s -> s.contains("cluster1") && s.contains("cluster2") && s.lines().anyMatch(l -> l.contains("cluster1   cluster2")),
                "cluster name completion");
        tmux("send-keys", "-t", session, "C-u", "status --js", "Tab");
        awaitScreen(s -> s.contains("status --json"), "option completion");
        tmux("send-keys", "-t", session, "C-u", "cluster create --all", "Enter");
        // the first command that needs the clusters also starts the home's server: give it longer on a busy machine
        awaitScreen(s -> s.contains("next: lb install"), "cluster create", 120);
        tmux("send-keys", "-t", session, "use 2", "Enter");
        awaitScreen(s -> s.contains("meshstage[sim:cluster2]:>"), "the prompt naming the current cluster");
        tmux("send-keys", "-t", session, "bogus", "Enter");
        awaitScreen(s -> s.contains("error: unknown command 'bogus'"), "a one-line error");
        tmux("send-keys", "-t", session, "mesh lnk", "Enter");
        awaitScreen(s -> s.contains("error: 'mesh' has no sub-command 'lnk' (did you mean 'mesh link'?)"), "did you mean");
        tmux("send-keys", "-t", session, "app open --prt 9000", "Enter");
        awaitScreen(s -> s.contains("has no option --prt (did you mean '--port'?)"), "did you mean, for an option");
        tmux("send-keys", "-t", session, "explain li", "Tab");
        awaitScreen(s -> s.contains(":> explain link"), "step name completion");
        tmux("send-keys", "-t", session, "C-u", "help app de", "Tab");
        awaitScreen(s -> s.lines().anyMatch(l -> l.contains("app delete") && l.contains("app deploy")), "command name completion for help");
        tmux("send-keys", "-t", session, "C-u", "app deploy --cluster 1 ca", "Tab");
        awaitScreen(s -> s.contains(":> app deploy --cluster 1 cart"), "service completion");
        tmux("send-keys", "-t", session, "C-u", "app ", "Tab");
        // sub-commands in the workshop's order (status before url, open, close), not alphabetically
        awaitScreen(s -> s.lines().anyMatch(l -> l.startsWith("app status")) && s.indexOf("app status") < s.indexOf("app url")
                && s.indexOf("app url") < s.indexOf("app close"), "sub-commands in the workshop's order");
        tmux("send-keys", "-t", session, "C-u", "");
        tmux("send-keys", "-t", session, "exit", "Enter");
        awaitGone();
        assertThat(home.resolve("sim/cluster2/state.json")).exists();
        // the shell is gone, its clusters are not: the home's server still serves them
        var status = MeshstageProcess.run(home, home, java.util.Map.of(), "sim", "status");
        assertThat(status.stdout()).contains("server   running", "kind-cluster2");
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", session);
    }

    private void awaitScreen(Predicate<String> ok, String what) throws Exception {
        awaitScreen(ok, what, 60); // a busy 2-core machine: the first reads are slow
    }

    private void awaitScreen(Predicate<String> ok, String what, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        String s = "";
        while (System.currentTimeMillis() < deadline) {
            s = screen();
            if (ok.test(s)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " on screen after " + seconds + " s:\n" + s);
    }

    private void awaitGone() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (run(List.of("tmux", "has-session", "-t", session)).exit != 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the shell did not exit");
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        return run(cmd).out;
    }

    private record Run(int exit, String out) {
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return new Run(p.exitValue(), out);
    }
}
