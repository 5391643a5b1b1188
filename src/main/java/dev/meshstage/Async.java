package dev.meshstage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Work that must really run side by side (one read or step per cluster). Not the common fork-join pool:
 * on a 2-core machine its parallelism is 1, which would run the clusters one after the other.
 */
public final class Async {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "meshstage-async");
        t.setDaemon(true);
        return t;
    });

    private Async() {
    }

    public static <T> CompletableFuture<T> supply(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, THREADS);
    }
}
