package dev.meshstage.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as a user would, capturing exit code, stdout and stderr. */
public final class MeshstageProcess {

    private MeshstageProcess() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(Path home, Path workingDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-jar",
                Path.of("target/meshstage.jar").toAbsolutePath().toString(), "--home", home.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
        pb.environment().remove("MESHSTAGE_HOME");
        pb.environment().remove("MESHSTAGE_WORKSHOP");
        pb.environment().remove("MESHSTAGE_BACKEND");
        pb.environment().putAll(env);
        return finish(pb, cmd);
    }

    private static Result finish(ProcessBuilder pb, List<String> cmd) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("meshstage did not finish: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /**
     * Stops the home's background server, if a test's commands started one: {@code sim stop}, then a kill of the
     * pid it recorded should it still be there. A server that stopped by itself (a home without clusters) is
     * waited for.
     */
    public static void stopServer(Path home) throws IOException, InterruptedException {
        Path record = home.resolve("run/server.properties");
        if (!java.nio.file.Files.exists(record)) {
            return;
        }
        long pid = pid(record);
        run(home, home, Map.of(), "sim", "stop");
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    public static long pid(Path record) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var r = java.nio.file.Files.newBufferedReader(record)) {
            p.load(r);
        }
        return Long.parseLong(p.getProperty("pid", "-1"));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
