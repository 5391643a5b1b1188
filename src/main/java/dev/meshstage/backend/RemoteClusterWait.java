package dev.meshstage.backend;

import dev.meshstage.error.BackendException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for an istiod's view of its clusters ({@link Backend#remoteClusters}) to reach a state: read it, and
 * between reads wait until woken — by a watch where the backend has one, else by a short pause.
 */
public final class RemoteClusterWait {

    /** Between reads when nothing wakes the wait (istioctl on kind). */
    public static final Duration POLL = Duration.ofMillis(100);

    /** Waits at most {@code max} for a reason to read again; may return early (woken). */
    @FunctionalInterface
    public interface Pause {
        void await(Duration max) throws InterruptedException;
    }

    private RemoteClusterWait() {
    }

    /** A pause that only sleeps: {@link #POLL}, or less when the time left is shorter. */
    public static Pause polling() {
        return max -> Thread.sleep(Math.max(1, Math.min(max.toMillis(), POLL.toMillis())));
    }

    /**
     * Reads until {@code done} holds or {@code timeout} has passed (by {@code nanoTime}); returns the last view read,
     * which the caller judges again (it may be the timed-out one).
     */
    public static List<RemoteClusterStatus> until(Supplier<List<RemoteClusterStatus>> read,
            Predicate<List<RemoteClusterStatus>> done, Duration timeout, Pause pause, LongSupplier nanoTime, String cluster) {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        while (true) {
            List<RemoteClusterStatus> view = read.get();
            long left = deadline - nanoTime.getAsLong();
            if (done.test(view) || left <= 0) {
                return view;
            }
            try {
                pause.await(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for istiod on " + cluster);
            }
        }
    }
}
