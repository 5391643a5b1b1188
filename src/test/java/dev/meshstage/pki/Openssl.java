package dev.meshstage.pki;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} as an independent judge of the files meshstage writes. */
final class Openssl {

    record Result(int exit, String output) {
    }

    private Openssl() {
    }

    /** Skips the calling test when openssl is not installed. */
    static void assumeAvailable() {
        boolean available;
        try {
            available = run(Path.of("."), "version").exit() == 0;
        } catch (IllegalStateException e) {
            available = false;
        }
        Assumptions.assumeTrue(available, "openssl is not on PATH: skipping the openssl cross-checks");
    }

    /** {@code openssl args…} in {@code dir}; stdout and stderr together. */
    static Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running openssl", e);
        }
    }
}
