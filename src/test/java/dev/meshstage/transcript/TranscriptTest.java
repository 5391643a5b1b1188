package dev.meshstage.transcript;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.session.Session;
import dev.meshstage.stage.ShellCommand;
import dev.meshstage.support.Kubectls;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Replays every {@code transcripts/*.md} against a fresh sim and compares the output: meshstage blocks
 * through the shell, console blocks through {@code sh -c} with the newest kubectl of this machine first on
 * PATH and the shell's kubeconfig. Run with {@code -Dtranscripts.update=true} to rewrite the expectations
 * after an intended change.
 */
class TranscriptTest {

    private static final boolean UPDATE = Boolean.getBoolean("transcripts.update");
    /** {@code -Dtranscripts.only=08}: only the transcripts whose file name starts so (while writing one). */
    private static final String ONLY = System.getProperty("transcripts.only", "");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException {
        Path dir = Path.of("transcripts");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".md") && p.getFileName().toString().startsWith(ONLY)).sorted().toList();
        }
        assertThat(files).as("transcripts/*.md").isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> verify(f)));
    }

    /** kubectl (the newest here) first on PATH, and a HOME of its own so its discovery cache is the test's. */
    private static Map<String, String> consoleEnvironment(Path home) throws IOException {
        List<String> kubectls = Kubectls.oldestAndNewest();
        Path bin = Files.createDirectories(home.resolve("bin"));
        if (!kubectls.isEmpty() && !Files.exists(bin.resolve("kubectl"))) {
            Files.createSymbolicLink(bin.resolve("kubectl"), Path.of(kubectls.get(kubectls.size() - 1)));
        }
        return Map.of("PATH", bin + ":" + System.getenv("PATH"), "HOME", home.toString());
    }

    private void verify(Path file) throws IOException {
        Transcript t = TranscriptParser.parse(file);
        assertThat(t.steps()).as("commands in " + file).isNotEmpty();
        Path home = Files.createTempDirectory(tmp, "home");
        List<List<String>> actuals = new ArrayList<>();
        StringBuilder failures = new StringBuilder();
        // a transcript names its workshop when it is not the repository's own (<!-- workshop DIR -->)
        Path workshop = Path.of(t.workshop() == null ? "" : t.workshop()).toAbsolutePath();
        try (EmbeddedShell shell = EmbeddedShell.start("sim", workshop, home)) {
            ShellCommand console = new ShellCommand(shell.bean(Session.class).kubeconfigs(), Path.of("").toAbsolutePath(), consoleEnvironment(home));
            for (Transcript.Step step : t.steps()) {
                List<String> actual = step.shell() == Transcript.Shell.CONSOLE
                        ? console.run(step.command(), Duration.ofSeconds(60), line -> { }).lines()
                        : shell.run(step.command()).lines();
                actuals.add(actual);
                if (!OutputMatcher.matches(step.expected(), actual)) {
                    failures.append(file).append(':').append(step.commandLine() + 1).append('\n')
                            .append(OutputMatcher.diff(step.command(), step.expected(), actual)).append('\n');
                }
            }
        }
        if (!failures.isEmpty()) {
            if (UPDATE) {
                Files.write(file, TranscriptUpdater.update(t, actuals), StandardCharsets.UTF_8);
                System.out.println("updated " + file);
            } else {
                fail("transcript differs (rerun with -Dtranscripts.update=true to accept):\n" + failures);
            }
        }
    }
}
