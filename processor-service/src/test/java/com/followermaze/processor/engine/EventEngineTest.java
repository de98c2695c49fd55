package com.followermaze.processor.engine;

import static com.followermaze.processor.engine.EngineFixtures.batch;
import static com.followermaze.processor.engine.EngineFixtures.events;
import static com.followermaze.processor.engine.EngineFixtures.statusRange;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.followermaze.common.event.Event;
import com.followermaze.processor.engine.EngineFixtures.FakeClock;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.rules.Notifier;
import com.followermaze.processor.rules.RecordingNotifier;

class EventEngineTest {

    private final RecordingNotifier notifier = new RecordingNotifier(Set.of(1, 2, 3));
    private final EngineStats stats = new EngineStats();
    private final FakeSettler settler = new FakeSettler();
    private final LineArrays lines = new LineArrays();

    private final FakeClock clock = new FakeClock();

    private EventEngine engine(int prefetch) {
        return new EventEngine(new EngineSettings(1024, 100, prefetch), notifier, stats);
    }

    /** An engine without recovery whose time is {@code clock}'s. */
    private EventEngine engineAt(FakeClock clock, Duration gapTimeout) {
        return new EventEngine(new EngineSettings(1024, 100, 8, gapTimeout), notifier, stats, null, Duration.ZERO,
                clock);
    }

    @Test
    void releasesAcrossBatchesInOrderAndAcknowledgesABatchOnlyOnceAllItsEventsAreReleased() {
        EventEngine engine = engine(8);
        engine.accept(batch("a", 1, settler, events("2|P|9|1")));
        engine.settle(true);
        assertThat(notifier.received()).isEmpty();
        assertThat(settler.calls).isEmpty();

        engine.accept(batch("a", 2, settler, events("3|P|9|1", "1|P|9|1")));
        engine.settle(true);
        assertThat(notifier.received()).isEqualTo(Map.of(1, List.of("1|P|9|1", "2|P|9|1", "3|P|9|1")));
        assertThat(settler.calls).containsExactly(2L);
        assertThat(engine.unsettled()).isZero();
    }

    /** An engine whose notifications go to {@link #lines}. */
    private EventEngine recordingLines() {
        return new EventEngine(new EngineSettings(1024, 100, 8), lines, stats);
    }

    /** Records the array each released event's line was in when it was notified. */
    private static final class LineArrays implements Notifier {
        final Map<String, byte[]> arrays = new HashMap<>();

        @Override
        public void notifyUser(int userId, Event event) {
            arrays.put(event.payload(), event.line());
        }

        @Override
        public void notifyAllUsers(Event event) {
            throw new AssertionError("no broadcast here");
        }
    }

    @Test
    void aFewEventsStillHeldAfterTheirBatchGetALineOfTheirOwnTheOthersKeepTheBody() {
        EventEngine engine = recordingLines();
        List<Event> first = events("2|P|9|1", "5|P|9|1", "1|P|9|1");
        byte[] body = first.get(0).line();

        engine.accept(batch("a", 1, settler, first));
        assertThat(lines.arrays.keySet()).containsExactlyInAnyOrder("1|P|9|1", "2|P|9|1");
        assertThat(lines.arrays.get("2|P|9|1")).as("held only within its batch: no copy").isSameAs(body);

        engine.accept(batch("a", 2, settler, events("3|P|9|1", "4|P|9|1")));
        assertThat(lines.arrays.get("5|P|9|1")).as("one of three held past its batch").isNotSameAs(body)
                .isEqualTo("5|P|9|1".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aBatchMostlyHeldBehindAGapKeepsItsBodyForItsEvents() {
        EventEngine engine = recordingLines();
        List<Event> behindTheGap = events("3|P|9|1", "2|P|9|1", "4|P|9|1");
        byte[] body = behindTheGap.get(0).line();

        engine.accept(batch("a", 1, settler, behindTheGap));
        engine.accept(batch("a", 2, settler, events("1|P|9|1")));
        assertThat(lines.arrays.keySet()).containsExactlyInAnyOrder("1|P|9|1", "2|P|9|1", "3|P|9|1", "4|P|9|1");
        for (String line : List.of("2|P|9|1", "3|P|9|1", "4|P|9|1")) {
            assertThat(lines.arrays.get(line)).as(line).isSameAs(body);
        }
    }

    @Test
    void theGapClockFollowsTheSequencerAfterEveryBatch() {
        EventEngine engine = engineAt(clock, Duration.ZERO);
        engine.accept(batch("a", 1, settler, events("2|S|1", "4|S|1")));
        long firstGap = clock.nanos;
        assertThat(stats.gapSinceNanos()).isEqualTo(firstGap);
        clock.advance(Duration.ofNanos(7));
        assertThat(engine.gapAgeNanos()).isEqualTo(7);

        engine.accept(batch("a", 2, settler, events("5|S|1")));
        assertThat(stats.gapSinceNanos()).as("still the same gap, at 1").isEqualTo(firstGap);

        clock.advance(Duration.ofSeconds(1));
        engine.accept(batch("a", 3, settler, events("1|S|1")));
        assertThat(engine.nextExpected()).isEqualTo(3);
        assertThat(stats.gapSinceNanos()).as("a new gap, at 3").isEqualTo(clock.nanos);

        engine.accept(batch("a", 4, settler, events("3|S|1")));
        assertThat(engine.held()).isZero();
        assertThat(stats.gapSinceNanos()).isEqualTo(GapClock.NO_GAP);
        assertThat(engine.gapAgeNanos()).isZero();
        assertThat(stats.lastReleased()).isEqualTo(5);
    }

    @Test
    void aGapBehindTheWholePrefetchWindowIsAcknowledgedEarlyInsteadOfDeadlocking() {
        EventEngine engine = engine(2);
        engine.accept(batch("a", 1, settler, statusRange(2, 10)));
        engine.accept(batch("a", 2, settler, statusRange(11, 20)));
        engine.settle(true);
        // Both batches the broker allows are waiting for event 1: the oldest is let go.
        assertThat(settler.settledUpTo).isEqualTo(1);
        assertThat(stats.earlyAcks()).isEqualTo(1);
        assertThat(engine.held()).isEqualTo(19);

        engine.accept(batch("a", 3, settler, statusRange(1, 1)));
        engine.settle(true);
        assertThat(engine.nextExpected()).isEqualTo(21);
        assertThat(settler.settledUpTo).isEqualTo(3);
        assertThat(engine.unsettled()).isZero();
    }

    @Test
    void aMissingEventIsSkippedOnceItHasHeldTheStreamForTheGapTimeout() {
        EventEngine engine = engineAt(clock, Duration.ofSeconds(5));
        engine.accept(batch("a", 1, settler, events("1|P|9|1", "3|P|9|1", "4|P|9|1")));
        engine.settle(true);
        clock.advance(Duration.ofSeconds(4));
        assertThat(engine.skipExpiredGap()).isZero();
        assertThat(engine.nextExpected()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(2));
        assertThat(engine.skipExpiredGap()).isEqualTo(1);
        engine.settle(true);
        assertThat(engine.nextExpected()).isEqualTo(5);
        assertThat(notifier.received()).isEqualTo(Map.of(1, List.of("1|P|9|1", "3|P|9|1", "4|P|9|1")));
        assertThat(stats.numbersSkipped()).isEqualTo(1);
        assertThat(stats.gapsSkipped()).isEqualTo(1);
        assertThat(stats.gapSinceNanos()).as("nothing held after the skip").isEqualTo(GapClock.NO_GAP);
        assertThat(settler.settledUpTo).isEqualTo(1);

        engine.accept(batch("a", 2, settler, events("2|P|9|1")));
        assertThat(stats.duplicatesStale()).as("the skipped event, arriving late, is refused").isEqualTo(1);
    }

    @Test
    void withoutAGapTimeoutAMissingEventHoldsTheStreamForever() {
        EventEngine engine = engineAt(clock, Duration.ZERO);
        engine.accept(batch("a", 1, settler, events("1|P|9|1", "3|P|9|1")));
        engine.settle(true);
        clock.advance(Duration.ofDays(365));
        assertThat(engine.skipExpiredGap()).isZero();
        assertThat(engine.nextExpected()).isEqualTo(2);
        assertThat(engine.held()).isEqualTo(1);
    }

    @Test
    void aRedeliveredBatchWhoseEventsAreStillHeldIsNotAcknowledgedUntilTheyAreReleased() {
        EventEngine engine = engine(2);
        engine.accept(batch("a", 1, settler, statusRange(2, 2))); // held: 1 is missing
        FakeSettler afterReconnect = new FakeSettler();
        engine.accept(batch("a", 1, afterReconnect, statusRange(2, 2))); // the broker's redelivery
        engine.settle(true);
        // The first receipt (a lost channel) is let go to make room; the redelivery is now the
        // broker's only copy of event 2, which is still only held in memory.
        assertThat(afterReconnect.calls).isEmpty();

        engine.accept(batch("a", 2, afterReconnect, statusRange(1, 1)));
        engine.settle(true);
        assertThat(engine.nextExpected()).isEqualTo(3);
        assertThat(afterReconnect.settledUpTo).isEqualTo(2);
    }

    @Test
    void aRedeliveredBatchIsRefusedAsDuplicatesAndAcknowledged() {
        EventEngine engine = engine(8);
        engine.accept(batch("a", 1, settler, statusRange(1, 3)));
        FakeSettler afterReconnect = new FakeSettler();
        engine.accept(batch("a", 1, afterReconnect, statusRange(1, 3)));
        engine.settle(true);
        assertThat(stats.duplicatesStale()).isEqualTo(3);
        assertThat(stats.eventsReleased()).isEqualTo(3);
        assertThat(settler.settledUpTo).isEqualTo(1);
        assertThat(afterReconnect.settledUpTo).isEqualTo(1);
    }
}
