package dev.meshstage.bench;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.support.Workshops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The troubleshooting commands warm, inside one shell, on the full workshop (BENCHMARKS.md records the results):
 * {@code trace cart product} and {@code doctor} (when the command exists), each run {@code N} times after a warm-up,
 * reported as min / median / max wall-clock milliseconds. Run with {@code benchmarks/run mesh}.
 */
public final class MeshBenchmarks {

    private static final int WARMUP = 10;
    private static final int RUNS = 25;

    private MeshBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("meshstage-bench-mesh");
        try (EmbeddedShell shell = Workshops.full(home)) {
            measure(shell, "trace cart product");
            measure(shell, "status");
            if (shell.run("help doctor").ok() || shell.run("doctor").lines().stream().noneMatch(l -> l.contains("unknown command"))) {
                measure(shell, "doctor");
            }
        }
    }

    private static void measure(EmbeddedShell shell, String command) {
        for (int i = 0; i < WARMUP; i++) {
            shell.run(command);
        }
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            shell.run(command);
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(ms);
        System.out.printf("%-22s warm in the shell, full workshop: min %d ms, median %d ms, max %d ms (%d runs)%n", command,
                ms.get(0), ms.get(ms.size() / 2), ms.get(ms.size() - 1), RUNS);
    }
}
