package dev.meshstage.backend;

import dev.meshstage.error.BackendException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteClusterWaitTest {

    private static RemoteClusterStatus row(String status) {
        return new RemoteClusterStatus("cluster1", "cluster2", "istio-system/istio-remote-secret-cluster2", status,
                "istiod-0", "", 3, List.of());
    }

    private static final Predicate<List<RemoteClusterStatus>> SYNCED =
            view -> view.stream().anyMatch(s -> s.status().equals(RemoteClusterStatus.SYNCED));

    /** Views read in turn (the last one again after them); pauses move a hand-driven clock by what they were given, or by a step when woken. */
    private static final class Script {
        long now;
        final Iterator<List<RemoteClusterStatus>> views;
        List<RemoteClusterStatus> last = List.of();
        int reads;
        final List<Duration> pauses = new ArrayList<>();
        final Duration wokenAfter;

        @SafeVarargs
        Script(Duration wokenAfter, List<RemoteClusterStatus>... views) {
            this.views = List.of(views).iterator();
            this.wokenAfter = wokenAfter;
        }

        List<RemoteClusterStatus> read() {
            reads++;
            if (views.hasNext()) {
                last = views.next();
            }
            return last;
        }

        List<RemoteClusterStatus> run(Duration timeout) {
            return RemoteClusterWait.until(this::read, SYNCED, timeout, max -> {
                pauses.add(max);
                now += Math.min(max.toNanos(), wokenAfter == null ? max.toNanos() : wokenAfter.toNanos());
            }, () -> now, "cluster1");
        }
    }

    @Test
    void doneAtTheFirstReadDoesNotPause() {
        Script s = new Script(null, List.of(row("synced")));
        assertThat(s.run(Duration.ofSeconds(45))).containsExactly(row("synced"));
        assertThat(s.reads).isEqualTo(1);
        assertThat(s.pauses).isEmpty();
    }

    @Test
    void readsAgainEachTimeItIsWokenUntilDone() {
        Script s = new Script(Duration.ofMillis(30), List.of(), List.of(row("syncing")), List.of(row("synced")));
        assertThat(s.run(Duration.ofSeconds(45))).containsExactly(row("synced"));
        assertThat(s.reads).isEqualTo(3);
        assertThat(s.pauses).as("each pause may last what is left").containsExactly(Duration.ofSeconds(45),
                Duration.ofSeconds(45).minusMillis(30));
    }

    @Test
    void atTheTimeOutItGivesTheLastViewForTheCallerToJudge() {
        Script s = new Script(Duration.ofSeconds(20), List.of(row("syncing")));
        assertThat(s.run(Duration.ofSeconds(45))).containsExactly(row("syncing"));
        assertThat(s.reads).as("at 0, 20, 40 and 45 s").isEqualTo(4);
        assertThat(s.pauses.get(2)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aZeroTimeOutReadsOnce() {
        Script s = new Script(null, List.of(row("syncing")), List.of(row("synced")));
        assertThat(s.run(Duration.ZERO)).containsExactly(row("syncing"));
        assertThat(s.reads).isEqualTo(1);
    }

    @Test
    void anInterruptedWaitSaysSoInOneLineAndKeepsTheInterrupt() {
        try {
            assertThatThrownBy(() -> RemoteClusterWait.until(() -> List.of(row("syncing")), SYNCED, Duration.ofSeconds(45),
                    max -> {
                        throw new InterruptedException();
                    }, System::nanoTime, "cluster1"))
                    .isInstanceOf(BackendException.class).hasMessage("interrupted while waiting for istiod on cluster1");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
