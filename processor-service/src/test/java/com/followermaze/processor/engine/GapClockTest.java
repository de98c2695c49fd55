package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.followermaze.processor.engine.EngineFixtures.FakeClock;

class GapClockTest {

    private final FakeClock clock = new FakeClock();
    private final EngineStats stats = new EngineStats();

    private GapClock gapClock(Duration timeout) {
        return new GapClock(timeout, clock, stats);
    }

    @Test
    void theGapsWaitingSinceIsSetWhenAGapAppearsRestartsForTheNextGapAndClearsWhenNothingIsHeld() {
        GapClock gap = gapClock(Duration.ZERO);
        assertThat(gap.sinceNanos()).isEqualTo(GapClock.NO_GAP);
        assertThat(stats.gapSinceNanos()).isEqualTo(GapClock.NO_GAP);
        assertThat(gap.ageNanos()).isZero();
        assertThat(stats.gapAgeSeconds(clock.nanos)).isZero();

        long firstGap = clock.nanos;
        gap.track(2, 1); // 2 and 4 held, 1 missing
        assertThat(gap.sinceNanos()).isEqualTo(firstGap);
        assertThat(stats.gapSinceNanos()).isEqualTo(firstGap);
        clock.advance(Duration.ofMillis(1500));
        assertThat(stats.gapAgeSeconds(clock.nanos)).isEqualTo(1.5);
        assertThat(gap.ageNanos()).isEqualTo(Duration.ofMillis(1500).toNanos());

        clock.advance(Duration.ofSeconds(1));
        gap.track(3, 1); // 5 came too
        assertThat(gap.sinceNanos()).as("still the same gap, at 1").isEqualTo(firstGap);

        clock.advance(Duration.ofSeconds(1));
        gap.track(2, 3); // 1 and 2 released: 3 is missing now
        assertThat(gap.sinceNanos()).as("a new gap, at 3").isEqualTo(clock.nanos);
        assertThat(stats.gapSinceNanos()).isEqualTo(clock.nanos);
        assertThat(gap.ageNanos()).isZero();

        clock.advance(Duration.ofSeconds(1));
        gap.track(0, 6);
        assertThat(gap.sinceNanos()).isEqualTo(GapClock.NO_GAP);
        assertThat(stats.gapSinceNanos()).isEqualTo(GapClock.NO_GAP);
        assertThat(gap.ageNanos()).isZero();
    }

    @Test
    void aGapExpiresOnceItHasHeldEventsForTheGapTimeout() {
        GapClock gap = gapClock(Duration.ofSeconds(5));
        gap.track(2, 2);
        clock.advance(Duration.ofSeconds(5).minusNanos(1));
        assertThat(gap.hasExpired()).isFalse();

        clock.advance(Duration.ofNanos(1));
        assertThat(gap.hasExpired()).isTrue();

        gap.track(0, 5);
        assertThat(gap.hasExpired()).as("nothing held: no gap").isFalse();
    }

    @Test
    void aNewGapHasTheWholeTimeoutAgain() {
        GapClock gap = gapClock(Duration.ofSeconds(5));
        gap.track(1, 2);
        clock.advance(Duration.ofSeconds(4));
        gap.track(1, 4);
        clock.advance(Duration.ofSeconds(4));
        assertThat(gap.hasExpired()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(gap.hasExpired()).isTrue();
    }

    @Test
    void withoutAGapTimeoutAGapNeverExpires() {
        GapClock gap = gapClock(Duration.ZERO);
        gap.track(1, 2);
        clock.advance(Duration.ofDays(365));
        assertThat(gap.hasExpired()).isFalse();
        assertThat(gap.ageNanos()).isEqualTo(Duration.ofDays(365).toNanos());
    }

    @Test
    void theClockIsReadOnlyWhenAGapBeginsNotForEveryChange() {
        int[] reads = {0};
        GapClock gap = new GapClock(Duration.ZERO, () -> {
            reads[0]++;
            return clock.nanos;
        }, stats);
        gap.track(0, 1);
        gap.track(1, 2);
        gap.track(2, 2);
        gap.track(3, 2);
        gap.track(0, 9);
        assertThat(reads[0]).isEqualTo(1);
    }
}
