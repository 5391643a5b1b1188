package dev.meshstage.cli;

import dev.meshstage.support.TmuxShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code replay} in the real shell under tmux: a transcript with a command made to fail, and the keys on stage. */
class ReplayTmuxIT {

    @TempDir
    Path home;
    @TempDir
    Path tmp;
    private TmuxShell shell;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(TmuxShell.available(), "tmux is not installed");
        shell = TmuxShell.meshstage("replay-it", home, Path.of("").toAbsolutePath());
    }

    @AfterEach
    void stop() throws Exception {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void aFailingCommandShowsItsRecordedOutputAndTheReplayGoesOn() throws Exception {
        // cluster2's state directory is a file, so creating cluster2 fails as a full disk would
        Files.createDirectories(home.resolve("sim"));
        Files.writeString(home.resolve("sim/cluster2"), "in the way\n");
        shell.send("replay --no-wait transcripts/01-clusters.md", "Enter");
        String screen = shell.awaitHistory(s -> s.contains("replayed 01-clusters.md:"), "the end of the replay");
        assertThat(screen).contains("01 — Two kind clusters")
                .contains("error: cluster create failed for cluster2")
                .contains("the live command failed: cluster create failed for cluster2")
                .contains("recorded output (01-clusters.md:19 cluster create --all)")
                .contains("│ cluster2: created (3 nodes, API https://127.0.0.1:[..])")
                .contains("meshstage:> cluster create cluster1\ncluster1: already exists")
                .contains("recorded   01-clusters.md:19 cluster create --all")
                .contains("error: ");
        shell.send("cluster list", "Enter");
        shell.awaitHistory(s -> s.lines().anyMatch(l -> l.startsWith("cluster1   kind-cluster1   yes")), "the shell still at the prompt");
    }

    @Test
    void keysTypeRunOpenALivePromptResumeAndQuit() throws Exception {
        Path demo = Files.writeString(tmp.resolve("demo.md"), """
                # Demo

                First the **version**:

                ```meshstage
                meshstage:> version
                meshstage [..]
                meshstage:> cluster list
                ...
                ```
                """);
        shell.send("replay --speed 200 " + demo, "Enter");
        shell.awaitHistory(s -> s.contains("First the version:") && s.contains("meshstage:> version"), "the narration and the typed command");
        shell.send("Enter");
        shell.awaitHistory(s -> s.contains("(backend sim; workshop: kind"), "the live output of version");
        shell.awaitHistory(s -> s.contains("meshstage:> cluster list"), "the next command typed");
        shell.send("l");
        shell.awaitHistory(s -> s.contains("meshstage[live]:>"), "the live prompt");
        shell.send("use 2", "Enter");
        shell.awaitHistory(s -> s.contains("current cluster: cluster2"), "a command at the live prompt");
        shell.send("resume", "Enter");
        shell.awaitHistory(s -> s.contains("back to demo.md"), "resume");
        shell.send("q");
        String screen = shell.awaitHistory(s -> s.contains("stopped demo.md:"), "the replay stopped");
        assertThat(screen).contains("replay stopped at demo.md:8 cluster list");
        shell.awaitHistory(s -> s.contains("meshstage[sim:cluster2]:>"), "the normal prompt, state kept (cluster2 current)");
        // Ctrl-C is the replay's quit key: the shell stays (it used to be a SIGINT that ended the whole shell)
        shell.send("clear", "Enter");
        Thread.sleep(500);
        shell.clearHistory(); // what follows is awaited on a screen without the first replay
        shell.send("replay --speed 200 " + demo, "Enter");
        shell.awaitHistory(s -> s.contains("meshstage:> version"), "the second replay's first command typed");
        shell.send("C-c");
        shell.awaitHistory(s -> s.contains("replay stopped at demo.md:6 version"), "Ctrl-C stopping the replay");
        shell.send("use 1", "Enter");
        shell.awaitHistory(s -> s.contains("meshstage[sim:cluster1]:>"), "the shell still there after Ctrl-C");
    }

    @Test
    void aCommandPastItsTimeLimitIsStoppedAndTheReplayGoesOnAtOnce() throws Exception {
        Path offline = Files.writeString(tmp.resolve("offline.md"), """
                # Offline

                <!-- hidden -->
                ```meshstage
                meshstage:> cluster create --all
                ...
                meshstage:> sim network offline
                ...
                ```

                The network is gone: MetalLB's images cannot be pulled, and `lb install` would wait minutes.

                <!-- timeout 3 -->

                ```meshstage
                meshstage:> lb install
                cluster1: MetalLB v0.14.9 installed (26 objects created); controller ready, speakers ready on 3 nodes
                ...
                ```

                <!-- timeout 300 -->

                ```meshstage
                meshstage:> sim network online
                ...
                meshstage:> cluster list
                ...
                cluster1   kind-cluster1   yes[..]
                ...
                ```
                """);
        shell.send("replay --speed 200 " + offline, "Enter");
        shell.awaitHistory(s -> s.contains("meshstage:> lb install"), "the hidden setup run and lb install typed", 180); // a server, two clusters
        shell.send("Enter");
        String stopped = shell.awaitHistory(s -> s.contains("meshstage:> sim network online"), "the recording shown and the next command typed");
        assertThat(stopped).contains("┌─ the live command ran past its time limit of 3 s and was stopped — recorded output (offline.md:16 lb install)")
                .contains("│ cluster1: MetalLB v0.14.9 installed (26 objects created); controller ready, speakers ready on 3 nodes")
                .contains("│ ...");
        // the stopped step's live progress cleared its spinner lines before the recording was shown
        String beforeBox = stopped.substring(stopped.indexOf(":> lb install"), stopped.indexOf("┌─ the live command ran past"));
        assertThat(beforeBox).doesNotContainPattern("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] cluster");
        long typed = System.nanoTime();
        shell.send("Enter");
        shell.awaitHistory(s -> s.contains("meshstage:> cluster list"), "the network back and the next command typed");
        assertThat(Duration.ofNanos(System.nanoTime() - typed)).as("sim network online did not wait for the stopped lb install")
                .isLessThan(Duration.ofSeconds(20));
        shell.send("Enter");
        String screen = shell.awaitHistory(s -> s.contains("replayed offline.md:"), "the end of the replay");
        assertThat(screen).contains("replayed offline.md: 2 as recorded, 0 differed, 1 shown from the recording")
                .contains("recorded   offline.md:16 lb install");
        shell.send("sim network online", "Enter"); // the server still answers this shell's lines
        shell.awaitHistory(s -> s.indexOf("network", s.indexOf("replayed offline.md:")) > 0 && s.lastIndexOf("meshstage[sim:cluster1]:>") > s.indexOf("replayed offline.md:") + 100,
                "the shell and its server still answering");
    }

    @Test
    void aSessionRecordedAtThePromptReplaysAsRecorded() throws Exception {
        Path file = tmp.resolve("rec.md");
        shell.send("record " + file, "Enter");
        shell.awaitHistory(s -> s.contains("recording to " + file), "recording started");
        shell.send("cluster create --all", "Enter");
        shell.awaitHistory(s -> s.contains("next: lb install"), "cluster create");
        shell.send("use 2", "Enter");
        shell.awaitHistory(s -> s.contains("meshstage[sim:cluster2]:>"), "use 2");
        shell.send("status --cluster 1", "Enter");
        shell.awaitHistory(s -> s.contains("cluster1 (context kind-cluster1)"), "status");
        shell.send("record stop", "Enter");
        shell.awaitHistory(s -> s.contains("recorded 3 commands to " + file), "recording stopped");
        assertThat(Files.readString(file)).contains("meshstage:> cluster create --all\ncluster1: created (3 nodes, API https://127.0.0.1:[..])")
                .doesNotContain("⠋").doesNotContain("\u001b");
        shell.send("cluster delete --all", "Enter"); // replayed from the start, as recorded
        shell.awaitHistory(s -> s.contains("cluster2: deleted"), "the clusters deleted");
        shell.send("replay --no-wait " + file, "Enter");
        String screen = shell.awaitHistory(s -> s.contains("replayed rec.md:"), "the replay of the recording");
        assertThat(screen).contains("replayed rec.md: 3 as recorded, 0 differed, 0 shown from the recording");
    }
}
