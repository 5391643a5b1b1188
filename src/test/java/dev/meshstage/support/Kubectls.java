package dev.meshstage.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real kubectl binaries of this machine (oldest and newest of google-cloud-sdk's, else PATH's), run as processes. */
public final class Kubectls {

    private Kubectls() {
    }

    public static List<String> oldestAndNewest() {
        List<Path> found = new ArrayList<>();
        Path sdk = Path.of("/usr/lib/google-cloud-sdk/bin");
        if (Files.isDirectory(sdk)) {
            try (Stream<Path> s = Files.list(sdk)) {
                s.filter(p -> p.getFileName().toString().matches("kubectl\\.1\\.\\d+") && Files.isExecutable(p)).forEach(found::add);
            } catch (IOException ignored) {
                // none there
            }
        }
        found.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring("kubectl.1.".length()))));
        List<String> pick = new ArrayList<>();
        if (!found.isEmpty()) {
            pick.add(found.get(0).toString());
            if (found.size() > 1) {
                pick.add(found.get(found.size() - 1).toString());
            }
            return pick;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path k = Path.of(dir, "kubectl");
            if (Files.isExecutable(k)) {
                return List.of(k.toString());
            }
        }
        return List.of();
    }

    /**
     * {@link #oldestAndNewest} as a parameterized test's source: {@code ""} alone when there is none, which the
     * test assumes away (so a machine without kubectl skips rather than passes nothing).
     */
    public static List<String> parameters() {
        List<String> found = oldestAndNewest();
        return found.isEmpty() ? List.of("") : found;
    }

    public record Result(int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("kubectl failed (" + exit + "): " + err + out);
            }
            return this;
        }

        public Result fails() {
            if (exit == 0) {
                throw new AssertionError("kubectl should have failed; stdout: " + out);
            }
            return this;
        }
    }

    /** {@code bin --kubeconfig kubeconfig --cache-dir cacheDir args…}, for a caller that runs it itself (a watch). */
    public static List<String> command(String bin, Path kubeconfig, Path cacheDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(bin, "--kubeconfig", kubeconfig.toString(), "--cache-dir", cacheDir.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code bin --kubeconfig kubeconfig args…} with its own cache dir, so runs never share discovery caches. */
    public static Result run(String bin, Path kubeconfig, Path cacheDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = command(bin, kubeconfig, cacheDir, args);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        // stderr on its own thread: a chatty stderr must not block the process while stdout is being read
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl hung: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }
}
