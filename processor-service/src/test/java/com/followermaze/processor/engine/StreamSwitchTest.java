package com.followermaze.processor.engine;

import static com.followermaze.processor.engine.EngineFixtures.batch;
import static com.followermaze.processor.engine.EngineFixtures.events;
import static com.followermaze.processor.engine.EngineFixtures.marked;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;
import com.followermaze.processor.engine.EngineFixtures.FakeClock;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.recovery.StateSnapshot;
import com.followermaze.processor.rules.Notifier;
import com.followermaze.processor.rules.RecordingNotifier;

/**
 * The stream decision, seen through the engine: which session's events are released in which
 * stream, and when their batches are acknowledged. User 1 receives every private message, so its
 * lines are the released events; the sender (9 for the first run, 8 for the next) tells the runs apart.
 */
class StreamSwitchTest {

    private final RecordingNotifier notifier = new RecordingNotifier(Set.of(1, 2, 3));
    private final EngineStats stats = new EngineStats();
    private final FakeSettler settler = new FakeSettler();

    private EventEngine engine(int newStreamWindow) {
        return new EventEngine(new EngineSettings(1024, newStreamWindow, 8), notifier, stats);
    }

    /** Private messages from {@code sender} to user 1, numbered {@code seqs} in that order. */
    private static List<Event> messages(int sender, long... seqs) {
        String[] lines = new String[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            lines[i] = seqs[i] + "|P|" + sender + "|1";
        }
        return events(lines);
    }

    /** Private messages from {@code sender} to user 1, numbered {@code from} to {@code to}. */
    private static List<Event> range(int sender, long from, long to) {
        List<String> lines = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            lines.add(seq + "|P|" + sender + "|1");
        }
        return events(lines.toArray(new String[0]));
    }

    private static List<String> lines(int sender, long from, long to) {
        List<String> lines = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            lines.add(seq + "|P|" + sender + "|1");
        }
        return lines;
    }

    /** What user 1 received: the released events. */
    private List<String> released() {
        return notifier.received().getOrDefault(1, List.of());
    }

    @Test
    void aNewSessionBeforeTheStreamHasBegunSimplyBecomesTheCurrentOne() {
        EventEngine engine = engine(100);
        engine.accept(marked("empty", 1, settler, SessionMark.END, List.of()));
        engine.accept(batch("a", 2, settler, messages(9, 2)));
        engine.accept(batch("a", 3, settler, messages(9, 1)));
        engine.settle(true);

        assertThat(released()).isEqualTo(lines(9, 1, 2));
        assertThat(stats.streamsStarted()).isZero();
        for (StreamDecision decision : StreamDecision.values()) {
            assertThat(stats.streamDecisions(decision)).as(decision.name()).isZero();
        }
        assertThat(settler.settledUpTo).isEqualTo(3);
    }

    @Test
    void aNewRunAfterAStreamOfFiveEventsStartsANewStreamAndTheEventsBeforeItsOneBelongToIt() {
        EventEngine engine = engine(100);
        engine.accept(batch("run1", 1, settler, range(9, 1, 5)));
        engine.accept(batch("run2", 2, settler, messages(8, 3, 2)));
        engine.settle(true);
        assertThat(stats.undecidedEvents()).isEqualTo(2);
        assertThat(settler.settledUpTo).as("run2's first batch is undecided").isEqualTo(1);

        engine.accept(batch("run2", 3, settler, messages(8, 1)));
        engine.settle(true);

        List<String> expected = new ArrayList<>(lines(9, 1, 5));
        expected.addAll(lines(8, 1, 3));
        assertThat(released()).isEqualTo(expected);
        assertThat(stats.streamsStarted()).isEqualTo(1);
        assertThat(stats.streamDecisions(StreamDecision.NEW_STREAM)).isEqualTo(1);
        assertThat(stats.undecidedEvents()).isZero();
        assertThat(engine.nextExpected()).isEqualTo(4);
        assertThat(settler.settledUpTo).isEqualTo(3);
    }

    @Test
    void aNewStreamForgetsEveryFollowAndDiscardsWhatTheOldStreamHeld() {
        EventEngine engine = engine(100);
        engine.accept(batch("run1", 1, settler, events("1|F|2|1", "2|S|1", "4|S|1")));
        engine.accept(batch("run2", 2, settler, events("2|S|1", "1|F|3|1", "3|S|1")));
        engine.settle(true);

        assertThat(notifier.received()).isEqualTo(Map.of(
                1, List.of("1|F|2|1", "1|F|3|1"),
                2, List.of("2|S|1"),
                3, List.of("2|S|1", "3|S|1")));
        assertThat(stats.discardedAtNewStream()).as("4 of the old stream").isEqualTo(1);
        assertThat(settler.settledUpTo).isEqualTo(2);
    }

    @Test
    void theNextExpectedNumberProvesAContinuationAtOnce() {
        EventEngine engine = engine(100);
        engine.accept(batch("before-reconnect", 1, settler, range(9, 1, 5)));
        engine.accept(batch("after-reconnect", 2, settler, messages(9, 7, 6)));
        engine.settle(true);

        assertThat(released()).isEqualTo(lines(9, 1, 7));
        assertThat(stats.streamDecisions(StreamDecision.NEXT_EXPECTED)).isEqualTo(1);
        assertThat(stats.streamsStarted()).isZero();
        assertThat(stats.undecidedEvents()).isZero();
        assertThat(settler.settledUpTo).isEqualTo(2);
    }

    @Test
    void anEventAboveTheNewStreamWindowProvesAContinuation() {
        EventEngine engine = engine(100);
        engine.accept(batch("a", 1, settler, range(9, 1, 150)));
        engine.accept(batch("b", 2, settler, messages(9, 152)));
        assertThat(stats.streamDecisions(StreamDecision.ABOVE_WINDOW)).isEqualTo(1);
        assertThat(engine.held()).as("152 waits for 151 in the stream").isEqualTo(1);

        engine.accept(batch("b", 3, settler, messages(9, 151)));
        engine.settle(true);
        assertThat(released()).isEqualTo(lines(9, 1, 152));
        assertThat(settler.settledUpTo).isEqualTo(3);
    }

    @Test
    void aNewStreamWindowOfEventsWithoutSequenceNumberOneProvesAContinuation() {
        EventEngine engine = engine(4);
        engine.accept(batch("a", 1, settler, range(9, 1, 5)));
        engine.accept(batch("b", 2, settler, range(9, 2, 4))); // a reconnect that resends
        engine.settle(true);
        assertThat(settler.settledUpTo).as("b's events are undecided").isEqualTo(1);

        engine.accept(batch("b", 3, settler, messages(9, 4)));
        engine.settle(true);
        assertThat(stats.streamDecisions(StreamDecision.WINDOW_FULL)).isEqualTo(1);
        assertThat(stats.duplicatesStale()).isEqualTo(4);
        assertThat(stats.undecidedEvents()).isZero();
        assertThat(settler.settledUpTo).isEqualTo(3);

        engine.accept(batch("b", 4, settler, messages(9, 6)));
        assertThat(released()).as("b is the stream's session now").isEqualTo(lines(9, 1, 6));
    }

    @Test
    void aSessionThatEndsWithoutSequenceNumberOneContinuesTheStream() {
        EventEngine engine = engine(100);
        engine.accept(batch("a", 1, settler, messages(9, 1, 2, 4))); // 3 is missing
        engine.accept(batch("b", 2, settler, messages(9, 5)));
        engine.settle(true);
        assertThat(stats.undecidedEvents()).isEqualTo(1);

        engine.accept(marked("b", 3, settler, SessionMark.END, List.of()));
        engine.settle(true);
        assertThat(stats.streamDecisions(StreamDecision.END)).isEqualTo(1);
        assertThat(stats.undecidedEvents()).isZero();
        assertThat(engine.held()).as("4 and 5, in the stream behind 3").isEqualTo(2);

        engine.accept(batch("c", 4, settler, messages(9, 3)));
        engine.settle(true);
        assertThat(released()).isEqualTo(lines(9, 1, 5));
        assertThat(stats.streamDecisions(StreamDecision.NEXT_EXPECTED)).isEqualTo(1);
        assertThat(settler.settledUpTo).isEqualTo(4);
    }

    @Test
    void aSessionThatReachesItsDeadlineWithoutSequenceNumberOneContinuesTheStream() {
        EventEngine engine = engine(100);
        engine.accept(batch("a", 1, settler, range(9, 1, 5)));
        engine.accept(batch("b", 2, settler, range(9, 4, 5))); // resent
        engine.accept(marked("b", 3, settler, SessionMark.DEADLINE, messages(9, 5)));
        engine.settle(true);
        assertThat(stats.streamDecisions(StreamDecision.DEADLINE)).isEqualTo(1);
        assertThat(stats.duplicatesStale()).isEqualTo(3);
        assertThat(settler.settledUpTo).isEqualTo(3);

        engine.accept(batch("b", 4, settler, messages(9, 6)));
        engine.accept(marked("b", 5, settler, SessionMark.END, List.of()));
        engine.settle(true);
        assertThat(released()).isEqualTo(lines(9, 1, 6));
        assertThat(stats.streamDecisions(StreamDecision.END)).as("b was decided already").isZero();
        assertThat(settler.settledUpTo).isEqualTo(5);
    }

    @Test
    void aBatchOfAnotherSessionMakesTheUndecidedOneAContinuation() {
        EventEngine engine = engine(100);
        engine.accept(batch("a", 1, settler, range(9, 1, 5)));
        engine.accept(batch("b", 2, settler, messages(9, 5)));
        engine.accept(batch("c", 3, settler, messages(9, 6)));
        engine.settle(true);

        assertThat(stats.streamDecisions(StreamDecision.ANOTHER_SESSION)).isEqualTo(1);
        assertThat(stats.streamDecisions(StreamDecision.NEXT_EXPECTED)).as("c").isEqualTo(1);
        assertThat(released()).isEqualTo(lines(9, 1, 6));
        assertThat(settler.settledUpTo).isEqualTo(3);
    }

    @Test
    void aBatchWithUndecidedEventsIsNotAcknowledgedUntilTheyAreDecided() {
        EventEngine engine = engine(100);
        engine.accept(batch("a", 1, settler, range(9, 1, 150)));
        engine.accept(batch("b", 2, settler, range(9, 98, 100)));
        engine.accept(batch("", 3, settler, List.of())); // a catch-up marker: it decides nothing
        engine.settle(true);
        assertThat(settler.settledUpTo).isEqualTo(1);
        assertThat(engine.unsettled()).isEqualTo(2);
        assertThat(stats.undecidedEvents()).isEqualTo(3);

        engine.accept(batch("b", 4, settler, messages(9, 151)));
        engine.settle(true);
        assertThat(engine.nextExpected()).isEqualTo(152);
        assertThat(settler.settledUpTo).isEqualTo(4);
        assertThat(engine.unsettled()).isZero();
    }

    @Test
    void anEmptyMarkedBatchIsAcknowledgedInOrderLikeAnyOther() {
        EventEngine engine = engine(100);
        engine.accept(batch("a", 1, settler, messages(9, 2))); // waits for 1
        engine.accept(marked("a", 2, settler, SessionMark.DEADLINE, List.of()));
        engine.settle(true);
        assertThat(settler.calls).as("not before the batch ahead of it").isEmpty();

        engine.accept(batch("a", 3, settler, messages(9, 1)));
        engine.accept(marked("a", 4, settler, SessionMark.END, List.of()));
        engine.settle(true);
        assertThat(settler.settledUpTo).isEqualTo(4);
        assertThat(engine.unsettled()).isZero();
        assertThat(released()).isEqualTo(lines(9, 1, 2));
    }

    @Test
    void batchesOfASessionANewerStreamRetiredAreDroppedCountedAndAcknowledged() {
        EventEngine engine = engine(100);
        engine.accept(batch("old", 1, settler, range(9, 1, 5)));
        engine.accept(batch("new", 2, settler, range(8, 1, 2)));
        engine.accept(batch("old", 3, settler, range(9, 3, 4)));
        engine.accept(marked("old", 4, settler, SessionMark.END, List.of()));
        engine.settle(true);

        assertThat(engine.nextExpected()).isEqualTo(3);
        assertThat(stats.retiredSessionEvents()).isEqualTo(2);
        assertThat(stats.streamDecisions(StreamDecision.ANOTHER_SESSION)).isZero();
        assertThat(settler.settledUpTo).isEqualTo(4);
    }

    @Test
    void theUndecidedSessionsGaugesSayHowManyEventsWaitAndSinceWhen() {
        FakeClock clock = new FakeClock();
        EventEngine engine = new EventEngine(new EngineSettings(1024, 100, 8), notifier, stats, null, Duration.ZERO,
                clock);
        engine.accept(batch("a", 1, settler, range(9, 1, 5)));
        assertThat(stats.undecidedAgeSeconds(clock.nanos)).isZero();

        clock.advance(Duration.ofSeconds(1));
        engine.accept(batch("b", 2, settler, range(9, 2, 3)));
        clock.advance(Duration.ofSeconds(2));
        assertThat(stats.undecidedEvents()).isEqualTo(2);
        assertThat(stats.undecidedAgeSeconds(clock.nanos)).isEqualTo(2.0);

        engine.accept(marked("b", 3, settler, SessionMark.END, List.of()));
        assertThat(stats.undecidedEvents()).isZero();
        assertThat(stats.undecidedAgeSeconds(clock.nanos)).isZero();
    }

    @Test
    void anUndecidedSessionIsNeverInASnapshot() {
        List<StateSnapshot> written = new ArrayList<>();
        EventEngine engine = new EventEngine(new EngineSettings(1024, 100, 8), notifier, stats, written::add,
                Duration.ZERO);
        engine.accept(batch("a", 1, settler, range(9, 1, 3)));
        engine.accept(batch("b", 2, settler, messages(9, 2)));
        engine.finish();

        assertThat(written).last().extracting(StateSnapshot::session).isEqualTo("a");
        assertThat(settler.settledUpTo).as("b's batch is redelivered after a crash").isEqualTo(1);
    }

    @Test
    void eventsOfASessionNotYetDecidedWaitWithALineOfTheirOwn() {
        LineArrays lines = new LineArrays();
        EventEngine engine = new EventEngine(new EngineSettings(1024, 100, 8), lines, stats);
        engine.accept(batch("a", 1, settler, range(9, 1, 2)));
        List<Event> undecided = messages(9, 5, 4);
        byte[] body = undecided.get(0).line();
        engine.accept(batch("b", 2, settler, undecided));
        assertThat(lines.arrays).doesNotContainKey("4|P|9|1");

        engine.accept(batch("b", 3, settler, messages(9, 3))); // the next expected: it continues the stream
        assertThat(lines.arrays.keySet()).contains("3|P|9|1", "4|P|9|1", "5|P|9|1");
        assertThat(lines.arrays.get("4|P|9|1")).isNotSameAs(body).isEqualTo("4|P|9|1".getBytes(StandardCharsets.US_ASCII));
        assertThat(lines.arrays.get("5|P|9|1")).isNotSameAs(body).isEqualTo("5|P|9|1".getBytes(StandardCharsets.US_ASCII));
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
}
