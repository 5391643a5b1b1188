package dev.meshstage.backend.kind;

import dev.meshstage.error.BackendException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path bin;

    private ProcessRunner runner;

    @BeforeEach
    void setUp() {
        runner = new ProcessRunner(Map.of("PATH", bin.toString()));
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void streamsAndCapturesBothOutputs() throws IOException {
        script("talk", "echo out1; echo err1 >&2; echo \"arg=$1 greeting=$GREETING\"");
        List<String> lines = new ArrayList<>();

        ProcessResult result = runner.withEnvironment("GREETING", "namaste").run(List.of("talk", "x y"), TIMEOUT, lines::add);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).containsExactly("out1", "arg=x y greeting=namaste");
        assertThat(result.stderr()).containsExactly("err1");
        assertThat(lines).containsExactlyInAnyOrder("out1", "err1", "arg=x y greeting=namaste");
        assertThat(result.commandLine()).isEqualTo("talk 'x y'");
    }

    @Test
    void aNonZeroExitBecomesAOneLineErrorWithTheLastStderrLine() throws IOException {
        script("fail", "echo progress; echo 'first problem' >&2; echo 'ERROR: the real reason' >&2; echo '' >&2; exit 3");

        assertThatThrownBy(() -> runner.run(List.of("fail", "--flag"), TIMEOUT, line -> { }))
                .isInstanceOf(BackendException.class)
                .hasMessage("`fail --flag` failed (exit 3): ERROR: the real reason");
        assertThat(runner.attempt(List.of("fail"), TIMEOUT, line -> { }).exitCode()).isEqualTo(3);
    }

    @Test
    void looksExecutablesUpOnTheGivenPathOnly() {
        // sh is on the JVM's PATH, but not on the runner's
        assertThat(runner.find("sh")).isEmpty();
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "true"), TIMEOUT, line -> { }))
                .isInstanceOf(BackendException.class)
                .hasMessage("cannot run `sh -c true`: sh not found on PATH; run `tools check` to see how to install it");
    }

    @Test
    void stopsAProcessThatRunsTooLong() throws IOException {
        script("hang", "echo 'still working' >&2; exec /bin/sleep 30");
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner.run(List.of("hang"), Duration.ofMillis(700), line -> { }))
                .isInstanceOf(BackendException.class)
                .hasMessage("`hang` did not finish within 700ms and was stopped; last output: still working");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
