package dev.meshstage.step;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutsStampTest {

    private static final Instant NOW = Instant.parse("2026-12-02T03:40:12.345Z");

    private final List<Long> slept = new ArrayList<>();

    private Instant stamp(Instant before, boolean clockMovesOn) {
        return Rollouts.stamp(NOW, before, clockMovesOn, slept::add);
    }

    @Test
    void theFirstRestartIsNowToTheSecond() {
        assertThat(stamp(null, false)).isEqualTo(Instant.parse("2026-12-02T03:40:12Z"));
        assertThat(stamp(null, true)).isEqualTo(Instant.parse("2026-12-02T03:40:12Z"));
        assertThat(slept).isEmpty();
    }

    @Test
    void aRestartAfterAnEarlierOneIsNow() {
        assertThat(stamp(Instant.parse("2026-12-02T03:40:11Z"), false)).isEqualTo(Instant.parse("2026-12-02T03:40:12Z"));
        assertThat(slept).isEmpty();
    }

    @Test
    void aSecondRestartInTheSameSecondWaitsForTheNextOnAWallClock() {
        assertThat(stamp(Instant.parse("2026-12-02T03:40:12Z"), false)).isEqualTo(Instant.parse("2026-12-02T03:40:13Z"));
        assertThat(slept).containsExactly(655L);
    }

    @Test
    void onAClockThatMovesOnItTakesTheNextSecondAtOnce() {
        assertThat(stamp(Instant.parse("2026-12-02T03:40:12Z"), true)).isEqualTo(Instant.parse("2026-12-02T03:40:13Z"));
        assertThat(stamp(Instant.parse("2026-12-02T03:40:13Z"), true)).as("a restart stamped ahead already")
                .isEqualTo(Instant.parse("2026-12-02T03:40:14Z"));
        assertThat(slept).isEmpty();
    }

    @Test
    void aWallClockNeverWaitsMoreThanASecond() {
        assertThat(stamp(Instant.parse("2026-12-02T03:40:20Z"), false)).isEqualTo(Instant.parse("2026-12-02T03:40:21Z"));
        assertThat(slept).containsExactly(1_000L);
    }
}
