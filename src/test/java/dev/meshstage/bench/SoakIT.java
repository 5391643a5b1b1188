package dev.meshstage.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's short version, in CI: 3 simulated minutes (the 30-minute run is in BENCHMARKS.md). */
class SoakIT {

    @Test
    void watchesOpeningAndClosingUnderChangeNeverStallOrLeak() throws Exception {
        Soak.Result r = Soak.run(3, false);
        assertThat(r.stalls()).as(r.toString()).isZero();
        assertThat(r.watchesLeftOpen()).as(r.toString()).isZero();
        assertThat(r.heapEndMiB()).as(r.toString()).isLessThan(r.heapStartMiB() * 1.5 + 32);
    }
}
