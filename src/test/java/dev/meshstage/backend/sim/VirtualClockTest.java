package dev.meshstage.backend.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualClockTest {

    @Test
    void instantTimeOnlyMovesWhenAdvancedAndStampsAreTimerTime() {
        VirtualClock c = VirtualClock.instant();
        assertThat(c.get()).isEqualTo(VirtualClock.EPOCH).isEqualTo(c.timerNow());
        c.advance(Duration.ofSeconds(30));
        assertThat(c.get()).isEqualTo(VirtualClock.EPOCH.plusSeconds(30)).isEqualTo(c.timerNow());
        c.advanceTo(VirtualClock.EPOCH); // never backwards
        assertThat(c.get()).isEqualTo(VirtualClock.EPOCH.plusSeconds(30));
    }

    @Test
    void liveStampsAreTheWallClockEvenWhenTimersJumpAhead() {
        Instant before = Instant.now();
        VirtualClock c = VirtualClock.live(VirtualClock.EPOCH); // a state saved long ago comes up at the wall clock
        assertThat(c.timerNow()).isAfterOrEqualTo(before);
        c.advance(Duration.ofMinutes(5)); // a skipped wait: an image pull, a back-off
        Instant stamp = c.get();
        Instant after = Instant.now();
        assertThat(stamp).as("never in the future").isBetween(before, after);
        assertThat(c.timerNow()).isAfter(after.plus(Duration.ofMinutes(4)));
    }

    @Test
    void liveFromASavedTimerTimeAheadOfTheWallKeepsIt() {
        Instant ahead = Instant.now().plus(Duration.ofMinutes(2));
        VirtualClock c = VirtualClock.live(ahead);
        assertThat(c.timerNow()).isAfterOrEqualTo(ahead);
        assertThat(c.get()).isBefore(ahead);
    }

    @Test
    void twoLiveClocksShareOneTimeline() {
        VirtualClock one = VirtualClock.live(Instant.now());
        VirtualClock two = VirtualClock.live(VirtualClock.EPOCH);
        two.advance(Duration.ofHours(1));
        assertThat(Duration.between(one.get(), two.get()).abs()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void goingLiveMovesAnInstantClockUpToTheWallAndNeverBack() {
        VirtualClock c = VirtualClock.instant();
        c.setMode(VirtualClock.Mode.LIVE, 1.0);
        assertThat(c.mode()).isEqualTo(VirtualClock.Mode.LIVE);
        assertThat(c.timerNow()).isAfter(Instant.now().minusSeconds(1));
        Instant t = c.timerNow();
        c.setMode(VirtualClock.Mode.INSTANT, 1.0);
        assertThat(c.get()).isAfterOrEqualTo(t);
    }

    @Test
    void pacedTimeFlowsAtItsSpeed() throws InterruptedException {
        VirtualClock c = VirtualClock.paced(VirtualClock.EPOCH, 100);
        Thread.sleep(50);
        assertThat(Duration.between(VirtualClock.EPOCH, c.get())).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        Instant stamp = c.get();
        assertThat(c.timerNow()).as("paced stamps are timer time").isAfterOrEqualTo(stamp);
        assertThat(c.realDelayUntil(c.timerNow().plusSeconds(100))).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
}
