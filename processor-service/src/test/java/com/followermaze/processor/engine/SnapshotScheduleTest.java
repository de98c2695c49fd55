package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.followermaze.processor.engine.EngineFixtures.FakeClock;
import com.followermaze.processor.recovery.StateSnapshot;

class SnapshotScheduleTest {

    private final FakeClock clock = new FakeClock();
    private final EngineStats stats = new EngineStats();
    private final List<StateSnapshot> written = new ArrayList<>();

    private SnapshotSchedule schedule(Duration interval) {
        return new SnapshotSchedule(written::add, interval, clock, stats);
    }

    private static StateSnapshot snapshot(String session, long nextExpected) {
        return new StateSnapshot(session, nextExpected, List.of(), new long[0]);
    }

    @Test
    void aChangedStateIsDueOnceTheIntervalHasPassedSinceTheLastSnapshot() {
        SnapshotSchedule schedule = schedule(Duration.ofSeconds(10));
        assertThat(schedule.isDue(0, 5, "a", false)).as("the interval runs from the start").isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(schedule.isDue(0, 5, "a", false)).isTrue();

        schedule.write(0, snapshot("a", 5));
        clock.advance(Duration.ofSeconds(9));
        assertThat(schedule.isDue(0, 8, "a", false)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(schedule.isDue(0, 8, "a", false)).isTrue();
    }

    @Test
    void forcedIsDueAtOnceButOnlyIfTheStateChanged() {
        SnapshotSchedule schedule = schedule(Duration.ofHours(1));
        assertThat(schedule.isDue(0, 5, "a", true)).isTrue();
        schedule.write(0, snapshot("a", 5));

        assertThat(schedule.isDue(0, 5, "a", true)).as("nothing changed").isFalse();
        assertThat(schedule.isDue(0, 6, "a", true)).as("another next expected number").isTrue();
        assertThat(schedule.isDue(0, 5, "b", true)).as("another session").isTrue();
        assertThat(schedule.isDue(1, 5, "a", true)).as("a new stream").isTrue();
        clock.advance(Duration.ofDays(1));
        assertThat(schedule.isDue(0, 5, "a", false)).isFalse();
    }

    @Test
    void writingHandsTheSnapshotToTheWriterAndCountsIt() {
        SnapshotSchedule schedule = schedule(Duration.ZERO);
        schedule.write(0, snapshot("a", 5));
        schedule.write(0, snapshot("a", 7));

        assertThat(written).containsExactly(snapshot("a", 5), snapshot("a", 7));
        assertThat(stats.snapshotsWritten()).isEqualTo(2);
    }

    @Test
    void aSnapshotCoversTheEventsBelowItsNextExpectedNumberAndEveryOlderStream() {
        SnapshotSchedule schedule = schedule(Duration.ZERO);
        assertThat(schedule.covers(0, 0)).as("before the first snapshot").isFalse();

        schedule.write(1, snapshot("b", 5));
        assertThat(schedule.covers(1, 4)).isTrue();
        assertThat(schedule.covers(1, 5)).isFalse();
        assertThat(schedule.covers(0, 1_000)).as("a replaced stream").isTrue();
        assertThat(schedule.covers(2, 1)).as("a newer stream").isFalse();
    }

    @Test
    void aRestoredSnapshotCountsAsWrittenWithoutWritingIt() {
        SnapshotSchedule schedule = schedule(Duration.ZERO);
        schedule.restored(0, snapshot("a", 5));

        assertThat(schedule.isDue(0, 5, "a", true)).isFalse();
        assertThat(schedule.covers(0, 4)).isTrue();
        assertThat(written).isEmpty();
        assertThat(stats.snapshotsWritten()).isZero();
    }

    @Test
    void withoutAWriterNothingIsDueAndEverythingIsCovered() {
        SnapshotSchedule off = new SnapshotSchedule(null, Duration.ZERO, clock, stats);
        assertThat(off.isDue(3, 100, "a", true)).isFalse();
        assertThat(off.covers(3, 100)).isTrue();
    }

    @Test
    void aNegativeIntervalIsRefused() {
        assertThatThrownBy(() -> schedule(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshotInterval");
    }
}
