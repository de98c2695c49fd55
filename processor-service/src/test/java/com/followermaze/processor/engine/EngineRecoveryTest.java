package com.followermaze.processor.engine;

import static com.followermaze.processor.engine.EngineFixtures.batch;
import static com.followermaze.processor.engine.EngineFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.recovery.StateSnapshot;
import com.followermaze.processor.rules.RecordingNotifier;

/** The engine with snapshots: acknowledgements follow snapshots, and a restored engine resumes the stream. */
class EngineRecoveryTest {

    private final RecordingNotifier notifier = new RecordingNotifier(Set.of(1, 2, 3));
    private final EngineStats stats = new EngineStats();
    private final FakeSettler settler = new FakeSettler();
    private final List<StateSnapshot> written = new ArrayList<>();

    private EventEngine engine(int prefetch, Duration interval) {
        return new EventEngine(new EngineSettings(1024, 100, prefetch), notifier, stats, written::add, interval);
    }

    @Test
    void aReleasedBatchIsAcknowledgedOnlyOnceASnapshotTakesItIntoAccount() {
        EventEngine engine = engine(8, Duration.ofHours(1));
        engine.accept(batch("a", 1, settler, events("1|F|2|1", "2|F|3|1")));
        engine.settle(false);
        assertThat(notifier.received()).containsKey(1);
        assertThat(settler.calls).as("released, but no snapshot yet").isEmpty();
        assertThat(written).isEmpty();

        engine.finish();

        assertThat(written).containsExactly(new StateSnapshot("a", 3, List.of(),
                new long[] {StateSnapshot.pair(2, 1), StateSnapshot.pair(3, 1)}));
        assertThat(settler.calls).containsExactly(1L);
    }

    @Test
    void aBatchWithEventsStillHeldIsNotAcknowledgedBySnapshotsThatPrecedeThem() {
        EventEngine engine = engine(8, Duration.ZERO);
        engine.accept(batch("a", 1, settler, events("1|S|1")));
        engine.accept(batch("a", 2, settler, events("3|S|1")));
        engine.settle(false);

        assertThat(written).last().extracting(StateSnapshot::nextExpected).isEqualTo(2L);
        assertThat(settler.calls).containsExactly(1L);
    }

    @Test
    void aPrefetchWindowFullOfReleasedBatchesIsSnapshottedRatherThanAcknowledgedEarly() {
        EventEngine engine = engine(2, Duration.ofHours(1));
        engine.accept(batch("a", 1, settler, events("1|S|1")));
        engine.accept(batch("a", 2, settler, events("2|S|1")));

        engine.settle(true);

        assertThat(written).hasSize(1);
        assertThat(settler.calls).containsExactly(2L);
        assertThat(stats.earlyAcks()).isZero();
    }

    @Test
    void nothingChangedMeansNoNewSnapshot() {
        EventEngine engine = engine(8, Duration.ZERO);
        engine.accept(batch("a", 1, settler, events("1|S|1")));
        engine.settle(false);
        engine.settle(true);
        engine.finish();

        assertThat(written).hasSize(1);
        assertThat(stats.snapshotsWritten()).isEqualTo(1);
    }

    @Test
    void aRestoredEngineContinuesTheStreamWithItsFollowersAndRefusesWhatItHadAsStale() {
        EventEngine engine = engine(8, Duration.ZERO);
        engine.restore(new StateSnapshot("a", 3, List.of("old"), new long[] {StateSnapshot.pair(2, 1)}));

        engine.accept(batch("a", 1, settler, events("2|P|9|3", "3|S|1", "4|P|9|3")));
        engine.accept(batch("old", 2, settler, events("1|P|9|3")));
        engine.settle(false);

        assertThat(notifier.received()).isEqualTo(Map.of(2, List.of("3|S|1"), 3, List.of("4|P|9|3")));
        assertThat(stats.duplicatesStale()).isEqualTo(1);
        assertThat(stats.retiredSessionEvents()).isEqualTo(1);
        assertThat(engine.nextExpected()).isEqualTo(5);
        assertThat(settler.settledUpTo).isEqualTo(2);
    }

    @Test
    void aNewStreamIsAcknowledgedOnlyOnceASnapshotOfItIsWrittenAndTheOldSourceIsRetiredInIt() {
        EventEngine engine = engine(8, Duration.ofHours(1));
        engine.accept(batch("a", 1, settler, events("1|F|2|1", "3|S|1")));
        engine.finish();
        engine.accept(batch("b", 2, settler, events("1|S|1")));
        engine.settle(false);
        assertThat(settler.settledUpTo).as("the old stream's batch waits for a snapshot of the new one").isZero();

        engine.finish();

        assertThat(written).last().isEqualTo(new StateSnapshot("b", 2, List.of("a"), new long[0]));
        assertThat(settler.settledUpTo).isEqualTo(2);
    }

    @Test
    void restoringAnEngineInUseIsRefused() {
        EventEngine engine = engine(8, Duration.ZERO);
        engine.accept(batch("a", 1, settler, events("1|S|1")));

        assertThatThrownBy(() -> engine.restore(new StateSnapshot("a", 5, List.of(), new long[0])))
                .isInstanceOf(IllegalStateException.class);
    }
}
