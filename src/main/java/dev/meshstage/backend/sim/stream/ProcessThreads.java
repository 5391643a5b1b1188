package dev.meshstage.backend.sim.stream;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads simulated processes run on: one each, as long as the process lives (a shell waiting for
 * input, {@code sleep}), never an event loop or the small worker pool the API's requests share.
 */
final class ProcessThreads {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sim-process-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private ProcessThreads() {
    }

    static Future<?> start(Runnable process) {
        return POOL.submit(process);
    }
}
