package dev.meshstage.cli;

import dev.meshstage.support.MeshstageProcess;
import dev.meshstage.support.TmuxShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The interactive shell as a person uses it: typed into tmux, read off the screen. */
class ShellTmuxIT {

    @TempDir
    Path home;
    private TmuxShell shell;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(TmuxShell.available(), "tmux is not installed");
        shell = TmuxShell.meshstage("shell-it", home, Path.of("").toAbsolutePath());
    }

    @AfterEach
    void stop() throws Exception {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void promptCompletionAndCommands() throws Exception {
        shell.send("clu", "Tab");
        shell.await(s -> s.contains(":> cluster"), "command completion");
        shell.send("C-u", "use ", "Tab");
        shell.await(s -> s.contains("cluster1") && s.contains("cluster2") && s.lines().anyMatch(l -> l.contains("cluster1   cluster2")),
                "cluster name completion");
        shell.send("C-u", "status --js", "Tab");
        shell.await(s -> s.contains("status --json"), "option completion");
        shell.send("C-u", "cluster create --all", "Enter");
        // the first command that needs the clusters also starts the home's server: give it longer on a busy machine
        shell.await(s -> s.contains("next: lb install"), "cluster create", 120);
        shell.send("use 2", "Enter");
        shell.await(s -> s.contains("meshstage[sim:cluster2]:>"), "the prompt naming the current cluster");
        shell.send("bogus", "Enter");
        shell.await(s -> s.contains("error: unknown command 'bogus'"), "a one-line error");
        shell.send("mesh lnk", "Enter");
        shell.await(s -> s.contains("error: 'mesh' has no sub-command 'lnk' (did you mean 'mesh link'?)"), "did you mean");
        shell.send("app open --prt 9000", "Enter");
        shell.await(s -> s.contains("has no option --prt (did you mean '--port'?)"), "did you mean, for an option");
        shell.send("explain li", "Tab");
        shell.await(s -> s.contains(":> explain link"), "step name completion");
        shell.send("C-u", "help app de", "Tab");
        shell.await(s -> s.lines().anyMatch(l -> l.contains("app delete") && l.contains("app deploy")), "command name completion for help");
        shell.send("C-u", "app deploy --cluster 1 ca", "Tab");
        shell.await(s -> s.contains(":> app deploy --cluster 1 cart"), "service completion");
        shell.send("C-u", "app ", "Tab");
        // sub-commands in the workshop's order (status before url, open, close), not alphabetically
        shell.await(s -> s.lines().anyMatch(l -> l.startsWith("app status")) && s.indexOf("app status") < s.indexOf("app url")
                && s.indexOf("app url") < s.indexOf("app close"), "sub-commands in the workshop's order");
        shell.send("C-u", "");
        shell.send("exit", "Enter");
        shell.awaitExit();
        assertThat(home.resolve("sim/cluster2/state.json")).exists();
        // the shell is gone, its clusters are not: the home's server still serves them
        var status = MeshstageProcess.run(home, home, Map.of(), "sim", "status");
        assertThat(status.stdout()).contains("server   running", "kind-cluster2");
    }
}
