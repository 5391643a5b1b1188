package dev.meshstage.backend.kind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in kind/docker/istioctl/kubectl scripts of src/test/resources/standin-tools, installed into a
 * bin directory of their own (resource copying loses the executable bit) with a call log and a state dir.
 */
public final class StandinTools {

    static final List<String> ALL = List.of("kind", "docker", "istioctl", "kubectl");

    public final Path bin;
    public final Path log;
    public final Path state;
    private final Map<String, String> extraEnvironment = new HashMap<>();

    private StandinTools(Path root) {
        this.bin = root.resolve("bin");
        this.log = root.resolve("calls.log");
        this.state = root.resolve("state");
    }

    public static StandinTools install(Path root, List<String> tools) {
        StandinTools standins = new StandinTools(root);
        try {
            Files.createDirectories(standins.bin);
            Files.createDirectories(standins.state);
            for (String tool : tools) {
                Path target = standins.bin.resolve(tool);
                try (InputStream in = StandinTools.class.getResourceAsStream("/standin-tools/" + tool)) {
                    Files.copy(in, target);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return standins;
    }

    public static StandinTools installAll(Path root) {
        return install(root, ALL);
    }

    public StandinTools with(String name, String value) {
        extraEnvironment.put(name, value);
        return this;
    }

    /** Only the stand-ins are on PATH; the scripts find coreutils themselves. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(extraEnvironment);
        env.put("PATH", bin.toString());
        env.put("STANDIN_LOG", log.toString());
        env.put("STANDIN_STATE", state.toString());
        return env;
    }

    /** Every recorded call, as "argv | KUBECONFIG=value". */
    public List<String> calls() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
