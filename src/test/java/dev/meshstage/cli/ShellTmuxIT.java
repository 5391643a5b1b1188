package dev.meshstage.cli;

import dev.meshstage.support.MeshstageProcess;
import dev.meshstage.support.TmuxShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interactive shell as a person uses it: typed into tmux, read off the screen — in an 80-column terminal, where
 * long hints and errors wrap at words.
 */
class ShellTmuxIT {

    private static final int WIDTH = 80;

    @TempDir
    Path home;
    private TmuxShell shell;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(TmuxShell.available(), "tmux is not installed");
        shell = TmuxShell.meshstage("shell-it", home, Path.of("").toAbsolutePath(), WIDTH);
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
        String created = shell.await(s -> s.contains("next: lb install"), "cluster create", 120);
        assertWrappedAtWords(created, "next: ", "next: lb install — kind has no cloud load balancer: without MetalLB the east-west"
                + " gateway stays <pending> and the other clusters have no address to send cross-network traffic to");
        shell.send("use 2", "Enter");
        shell.await(s -> s.contains("meshstage[sim:cluster2]:>"), "the prompt naming the current cluster");
        shell.send("bogus", "Enter");
        shell.await(s -> s.contains("error: unknown command 'bogus'"), "a one-line error");
        shell.send("mesh lnk", "Enter");
        shell.await(s -> s.contains("error: 'mesh' has no sub-command 'lnk' (did you mean 'mesh link'?)"), "did you mean");
        shell.send("app open --prt 9000", "Enter");
        String option = shell.await(s -> s.contains("has no option --prt (did you mean"), "did you mean, for an option");
        assertWrappedAtWords(option, "error: ", "error: 'app open' has no option --prt (did you mean '--port'?): its options are");
        shell.send("replay --no-wait --from 'no such place' transcripts/01-clusters.md", "Enter");
        shell.await(s -> s.contains("no heading starting 'no such place'"), "a single-quoted value kept whole");
        shell.send("explain li", "Tab");
        shell.await(s -> s.contains(":> explain link"), "step name completion");
        shell.send("C-u", "help app de", "Tab");
        // JLine lists them as "app delete  app deploy" or, in a narrower terminal, as "delete  deploy"
        shell.await(s -> s.lines().anyMatch(l -> l.matches(".*\\bdelete\\s+(app )?deploy\\b.*")), "command name completion for help");
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

    /**
     * The screen's message that starts with {@code message}'s first words: within the width, its lines after the first
     * indented under the label, and the same words as {@code message} (nothing broken mid-word).
     */
    private static void assertWrappedAtWords(String screen, String label, String message) {
        List<String> lines = screen.lines().toList();
        int first = lines.indexOf(lines.stream().filter(l -> l.startsWith(message.substring(0, 24))).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting " + message.substring(0, 24) + ":\n" + screen)));
        List<String> shown = new ArrayList<>(List.of(lines.get(first)));
        for (int i = first + 1; i < lines.size() && lines.get(i).startsWith(" ".repeat(label.length())) && !lines.get(i).isBlank(); i++) {
            shown.add(lines.get(i));
        }
        assertThat(shown).as(screen).hasSizeGreaterThan(1).allMatch(l -> l.length() <= WIDTH);
        assertThat(String.join(" ", shown.stream().map(String::strip).toList())).as(screen).startsWith(message);
    }
}
