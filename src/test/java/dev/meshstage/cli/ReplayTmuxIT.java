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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code replay} in the real shell under tmux: a transcript with a command made to fail, and the keys on stage. */
class ReplayTmuxIT {

    @TempDir
    Path home;
    @TempDir
    Path tmp;
    private final String session = "meshstage-replay-it-" + ProcessHandle.current().pid();
    private long shellPid;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", "-c", Path.of("").toAbsolutePath().toString(),
                java + " -jar " + Path.of("target/meshstage.jar").toAbsolutePath() + " --home " + home);
        shellPid = Long.parseLong(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip());
        awaitScreen(s -> s.contains("meshstage[sim:cluster1]:>"), "the prompt");
    }

    /** Ends the session, waits for exactly its shell to be gone, and stops the server it started. */
    @AfterEach
    void stop() throws Exception {
        tmux("kill-session", "-t", session);
        ProcessHandle.of(shellPid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        MeshstageProcess.stopServer(home); // the shell's clusters live in the home's server
    }

    @Test
    void aFailingCommandShowsItsRecordedOutputAndTheReplayGoesOn() throws Exception {
        // cluster2's state directory is a file, so creating cluster2 fails as a full disk would
        Files.createDirectories(home.resolve("sim"));
        Files.writeString(home.resolve("sim/cluster2"), "in the way\n");
        tmux("send-keys", "-t", session, "replay --no-wait transcripts/01-clusters.md", "Enter");
        String screen = awaitScreen(s -> s.contains("replayed 01-clusters.md:"), "the end of the replay");
        assertThat(screen).contains("01 — Two kind clusters")
                .contains("error: cluster create failed for cluster2")
                .contains("the live command failed: cluster create failed for cluster2")
                .contains("recorded output (01-clusters.md:19 cluster create --all)")
                .contains("│ cluster2: created (3 nodes, API https://127.0.0.1:…)")
                .contains("meshstage:> cluster create cluster1\ncluster1: already exists")
                .contains("recorded   01-clusters.md:19 cluster create --all")
                .contains("error: ");
        tmux("send-keys", "-t", session, "cluster list", "Enter");
        awaitScreen(s -> s.lines().anyMatch(l -> l.startsWith("cluster1   kind-cluster1   yes")), "the shell still at the prompt");
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
        tmux("send-keys", "-t", session, "replay --speed 200 " + demo, "Enter");
        awaitScreen(s -> s.contains("First the version:") && s.contains("meshstage:> version"), "the narration and the typed command");
        tmux("send-keys", "-t", session, "Enter");
        awaitScreen(s -> s.contains("(backend sim; workshop: kind"), "the live output of version");
        awaitScreen(s -> s.contains("meshstage:> cluster list"), "the next command typed");
        tmux("send-keys", "-t", session, "l");
        awaitScreen(s -> s.contains("meshstage[live]:>"), "the live prompt");
        tmux("send-keys", "-t", session, "use 2", "Enter");
        awaitScreen(s -> s.contains("current cluster: cluster2"), "a command at the live prompt");
        tmux("send-keys", "-t", session, "resume", "Enter");
        awaitScreen(s -> s.contains("back to demo.md"), "resume");
        tmux("send-keys", "-t", session, "q");
        String screen = awaitScreen(s -> s.contains("stopped demo.md:"), "the replay stopped");
        assertThat(screen).contains("replay stopped at demo.md:8 cluster list");
        awaitScreen(s -> s.contains("meshstage[sim:cluster2]:>"), "the normal prompt, state kept (cluster2 current)");
        // Ctrl-C is the replay's quit key: the shell stays (it used to be a SIGINT that ended the whole shell)
        tmux("send-keys", "-t", session, "clear", "Enter");
        Thread.sleep(500);
        tmux("clear-history", "-t", session); // what follows is awaited on a screen without the first replay
        tmux("send-keys", "-t", session, "replay --speed 200 " + demo, "Enter");
        awaitScreen(s -> s.contains("meshstage:> version"), "the second replay's first command typed");
        tmux("send-keys", "-t", session, "C-c");
        awaitScreen(s -> s.contains("replay stopped at demo.md:6 version"), "Ctrl-C stopping the replay");
        tmux("send-keys", "-t", session, "use 1", "Enter");
        awaitScreen(s -> s.contains("meshstage[sim:cluster1]:>"), "the shell still there after Ctrl-C");
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
        tmux("send-keys", "-t", session, "replay --speed 200 " + offline, "Enter");
        awaitScreen(s -> s.contains("meshstage:> lb install"), "the hidden setup run and lb install typed", 180); // a server, two clusters
        tmux("send-keys", "-t", session, "Enter");
        String stopped = awaitScreen(s -> s.contains("meshstage:> sim network online"), "the recording shown and the next command typed");
        assertThat(stopped).contains("┌─ the live command ran past its time limit of 3 s and was stopped — recorded output (offline.md:16 lb install)")
                .contains("│ cluster1: MetalLB v0.14.9 installed (26 objects created); controller ready, speakers ready on 3 nodes");
        long typed = System.nanoTime();
        tmux("send-keys", "-t", session, "Enter");
        awaitScreen(s -> s.contains("meshstage:> cluster list"), "the network back and the next command typed");
        assertThat(Duration.ofNanos(System.nanoTime() - typed)).as("sim network online did not wait for the stopped lb install")
                .isLessThan(Duration.ofSeconds(20));
        tmux("send-keys", "-t", session, "Enter");
        String screen = awaitScreen(s -> s.contains("replayed offline.md:"), "the end of the replay");
        assertThat(screen).contains("replayed offline.md: 2 as recorded, 0 differed, 1 shown from the recording")
                .contains("recorded   offline.md:16 lb install");
        tmux("send-keys", "-t", session, "sim network online", "Enter"); // the server still answers this shell's lines
        awaitScreen(s -> s.indexOf("network", s.indexOf("replayed offline.md:")) > 0 && s.lastIndexOf("meshstage[sim:cluster1]:>") > s.indexOf("replayed offline.md:") + 100,
                "the shell and its server still answering");
    }

    @Test
    void aSessionRecordedAtThePromptReplaysAsRecorded() throws Exception {
        Path file = tmp.resolve("rec.md");
        tmux("send-keys", "-t", session, "record " + file, "Enter");
        awaitScreen(s -> s.contains("recording to " + file), "recording started");
        tmux("send-keys", "-t", session, "cluster create --all", "Enter");
        awaitScreen(s -> s.contains("next: lb install"), "cluster create");
        tmux("send-keys", "-t", session, "use 2", "Enter");
        awaitScreen(s -> s.contains("meshstage[sim:cluster2]:>"), "use 2");
        tmux("send-keys", "-t", session, "status --cluster 1", "Enter");
        awaitScreen(s -> s.contains("cluster1 (context kind-cluster1)"), "status");
        tmux("send-keys", "-t", session, "record stop", "Enter");
        awaitScreen(s -> s.contains("recorded 3 commands to " + file), "recording stopped");
        assertThat(Files.readString(file)).contains("meshstage:> cluster create --all\ncluster1: created (3 nodes, API https://127.0.0.1:[..])")
                .doesNotContain("⠋").doesNotContain("\u001b");
        tmux("send-keys", "-t", session, "cluster delete --all", "Enter"); // replayed from the start, as recorded
        awaitScreen(s -> s.contains("cluster2: deleted"), "the clusters deleted");
        tmux("send-keys", "-t", session, "replay --no-wait " + file, "Enter");
        String screen = awaitScreen(s -> s.contains("replayed rec.md:"), "the replay of the recording");
        assertThat(screen).contains("replayed rec.md: 3 as recorded, 0 differed, 0 shown from the recording");
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session);
    }

    private String awaitScreen(Predicate<String> ok, String what) throws Exception {
        return awaitScreen(ok, what, 60);
    }

    private String awaitScreen(Predicate<String> ok, String what, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        String s = "";
        while (System.currentTimeMillis() < deadline) {
            s = screen();
            if (ok.test(s)) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " on screen after " + seconds + " s:\n" + s);
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
