package dev.meshstage.backend.kind;

import dev.meshstage.error.BackendException;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs external tools (kind, docker, istioctl, kubectl) with a given environment. Executables are looked up
 * on that environment's PATH, not on the JVM's, so tests and users can choose which tools run. Output lines
 * of both streams are handed to a callback as they arrive; failures become one-line {@link BackendException}s.
 */
public final class ProcessRunner {

    private static final long DRAIN_MILLIS = 10_000;

    private final Map<String, String> environment;

    public ProcessRunner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The same runner with one more (or a replaced) environment variable for the child processes. */
    public ProcessRunner withEnvironment(String name, String value) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.put(name, value);
        return new ProcessRunner(copy);
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The executable's path: as given when it contains a '/', else the first match on PATH. */
    public Optional<Path> find(String executable) {
        if (executable.contains("/")) {
            Path path = Path.of(executable);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String dir : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the command and fails with a one-line {@link BackendException} unless it exits 0. */
    public ProcessResult run(List<String> command, Duration timeout, Consumer<String> lines) {
        ProcessResult result = attempt(command, timeout, lines);
        if (!result.succeeded()) {
            String reason = result.lastErrorLine();
            throw new BackendException("`" + result.commandLine() + "` failed (exit " + result.exitCode() + ")"
                    + (reason.isEmpty() ? "" : ": " + reason));
        }
        return result;
    }

    /**
     * Runs the command and returns whatever exit code it ends with. Still throws when the process cannot
     * run at all: executable not found, cannot start, timeout.
     *
     * @param lines receives every output line of stdout and stderr, one call at a time
     */
    public ProcessResult attempt(List<String> command, Duration timeout, Consumer<String> lines) {
        String commandLine = commandLine(command);
        Path executable = find(command.get(0)).orElseThrow(() -> new BackendException("cannot run `" + commandLine + "`: "
                + command.get(0) + " not found on PATH; run `tools check` to see how to install it"));
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, executable.toString());
        ProcessBuilder builder = new ProcessBuilder(resolved);
        builder.environment().clear();
        builder.environment().putAll(environment);

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BackendException("cannot run `" + commandLine + "`: " + e.getMessage());
        }
        try {
            process.getOutputStream().close(); // the tools never read stdin; closing it keeps them from waiting
        } catch (IOException e) {
            // the process has already gone; its exit code will tell
        }
        Consumer<String> serialized = line -> {
            synchronized (lines) {
                lines.accept(line);
            }
        };
        List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        Thread outReader = pump(process.getInputStream(), stdout, serialized, command.get(0) + "-stdout");
        Thread errReader = pump(process.getErrorStream(), stderr, serialized, command.get(0) + "-stderr");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new BackendException("`" + commandLine + "` did not finish within " + describe(timeout)
                        + " and was stopped" + lastLine(stderr, stdout));
            }
            // bounded: a grandchild that inherited the pipes must not hang us after the tool itself exited
            outReader.join(DRAIN_MILLIS);
            errReader.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new BackendException("`" + commandLine + "` was interrupted");
        }
        return new ProcessResult(List.copyOf(command), process.exitValue(), List.copyOf(stdout), List.copyOf(stderr));
    }

    private static Thread pump(InputStream stream, List<String> sink, Consumer<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.add(line);
                    lines.accept(line);
                }
            } catch (IOException | UncheckedIOException e) {
                // the stream closes when the process is killed; what was read so far is kept
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String lastLine(List<String> stderr, List<String> stdout) {
        String line = new ProcessResult(List.of(), -1, List.copyOf(stdout), List.copyOf(stderr)).lastErrorLine();
        return line.isEmpty() ? "" : "; last output: " + line;
    }

    private static String describe(Duration timeout) {
        if (timeout.toMillis() % 1000 != 0) {
            return timeout.toMillis() + "ms";
        }
        return timeout.toSeconds() % 60 == 0 ? timeout.toMinutes() + "m" : timeout.toSeconds() + "s";
    }

    /** A shell-like rendering of the command for messages; arguments with spaces are quoted. */
    static String commandLine(List<String> command) {
        return command.stream().map(arg -> arg.isEmpty() || arg.contains(" ") ? "'" + arg + "'" : arg)
                .collect(Collectors.joining(" "));
    }
}
