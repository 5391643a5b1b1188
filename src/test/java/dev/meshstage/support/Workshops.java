package dev.meshstage.support;

import dev.meshstage.command.EmbeddedShell;

import java.nio.file.Path;
import java.util.List;

/** The fixtures of tests that need the workshop done on the sim: one place that knows the bring-up. */
public final class Workshops {

    /**
     * Every step of the workshop, with product deployed in cluster2 as well, so a
     * request from cart in cluster1 crosses the networks.
     */
    public static final List<String> FULL = List.of("cluster create --all", "lb install", "mesh install", "mesh link",
            "app deploy", "app deploy --cluster 2 product");

    private Workshops() {
    }

    /**
     * A sim shell on this checkout's workshop with {@link #FULL} done, its state in {@code home}; the caller closes it.
     *
     * @throws AssertionError naming the step that failed, with its output
     */
    public static EmbeddedShell full(Path home) {
        return after(home, FULL.toArray(String[]::new));
    }

    /**
     * A sim shell on this checkout's workshop with {@code steps} run, in order, its state in {@code home}; the
     * caller closes it.
     *
     * @throws AssertionError naming the step that failed, with its output
     */
    public static EmbeddedShell after(Path home, String... steps) {
        EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home);
        try {
            for (String step : steps) {
                EmbeddedShell.Result r = shell.run(step);
                if (!r.ok()) {
                    throw new AssertionError(step + " failed:\n" + String.join("\n", r.lines()));
                }
            }
            return shell;
        } catch (RuntimeException | Error e) {
            shell.close();
            throw e;
        }
    }
}
