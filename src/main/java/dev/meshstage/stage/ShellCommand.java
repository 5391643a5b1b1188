package dev.meshstage.stage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code console} block's command, run as the user's shell would ({@code sh -c}) with {@code KUBECONFIG}
 * set to the mesh's kubeconfig files (joined by {@code ':'}, as kubectl merges them), so the workshop README's {@code kubectl … --context=kind-cluster1} lines
 * reach the clusters meshstage made. Standard error is merged into the output, as on a terminal.
 */
public final class ShellCommand {

    private final List<Path> kubeconfigs;
    private final Path directory;
    private final Map<String, String> environment;

    /**
     * @param directory   where the command runs (the user's current directory)
     * @param environment extra variables (a test puts the kubectl under test first on PATH)
     */
    public ShellCommand(List<Path> kubeconfigs, Path directory, Map<String, String> environment) {
        this.kubeconfigs = List.copyOf(kubeconfigs);
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    /** Runs the command; each line of output goes to {@code live} as it comes. */
    public StepResult run(String command, Duration timeout, Consumer<String> live) {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).directory(directory.toFile());
        pb.environment().putAll(environment);
        pb.environment().put("KUBECONFIG", kubeconfigVariable(kubeconfigs));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return StepResult.failed(List.of(), "cannot start sh: " + e.getMessage());
        }
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                    live.accept(line);
                }
            } catch (IOException e) {
                // the process went away; what it printed so far is what there is
            }
        }, "console-output");
        reader.setDaemon(true);
        reader.start();
        try {
            p.getOutputStream().close(); // no input: a command that reads it sees its end
        } catch (IOException e) {
            // nothing to close
        }
        try {
            boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                reader.join(2000);
                return StepResult.timedOut(List.copyOf(lines));
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return StepResult.timedOut(List.copyOf(lines));
        }
        List<String> output = List.copyOf(lines);
        return p.exitValue() == 0 ? StepResult.ok(output)
                : StepResult.failed(output, "exit status " + p.exitValue());
    }

    /** {@code KUBECONFIG}'s value for these files: kubectl reads each, the first to name a context winning. */
    static String kubeconfigVariable(List<Path> files) {
        return String.join(java.io.File.pathSeparator, files.stream().map(Path::toString).toList());
    }
}
