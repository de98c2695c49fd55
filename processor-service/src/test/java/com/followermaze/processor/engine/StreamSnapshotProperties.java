package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.recovery.SnapshotFormat;
import com.followermaze.processor.recovery.StateSnapshot;
import com.followermaze.processor.rules.RecordingNotifier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Scale-out catch-up: restoring any snapshot the engine offered while reading a RabbitMQ stream
 * (through its bytes) and reading the stream on from the next offset gives the engine that read
 * the whole stream: the same state at the end, and the same notifications after the snapshot.
 *
 * <p>The stream is drawn by jqwik as messages of up to three sources, with events out of order,
 * repeated, far ahead, numbered 1 again (a new stream) and sessions marked ended or past their
 * deadline, and a small reorder capacity and new-stream window; the sink sometimes declines a
 * snapshot. So the snapshots fall while events are held behind a gap and while a session waits
 * for its decision.
 */
class StreamSnapshotProperties {

    private static final int USERS = 6;
    private static final Set<Integer> EVERYONE = IntStream.rangeClosed(0, USERS).boxed().collect(Collectors.toSet());

    @Property(tries = 1000)
    void restoringAnySnapshotAndReadingOnEqualsReadingEverything(@ForAll("streams") List<Message> stream,
                                                                  @ForAll @IntRange(min = 1, max = 6) int every,
                                                                  @ForAll @IntRange(min = 0, max = 1000) int pick,
                                                                  @ForAll @IntRange(min = 1, max = 6) int prefetch,
                                                                  @ForAll @Size(min = 1, max = 8) List<Boolean> wants) {
        // The engine that reads everything, offering a snapshot every `every` events released.
        List<StateSnapshot> offered = new ArrayList<>();
        RecordingNotifier wholeNotifier = new RecordingNotifier(EVERYONE);
        EventEngine whole = engine(wholeNotifier, prefetch);
        // The sink does not always want one (busy, not caught up): the engine then offers one later.
        whole.snapshotStreamEvery(every, new StreamSnapshotSink() {
            private int asked;

            @Override
            public boolean wants() {
                return wants.get(asked++ % wants.size());
            }

            @Override
            public void offer(StateSnapshot snapshot) {
                offered.add(snapshot);
            }
        });
        List<Map<Integer, List<String>>> receivedAfter = new ArrayList<>();
        read(whole, stream, 0, prefetch, receivedAfter, wholeNotifier);
        Assume.that(!offered.isEmpty());

        // Half the picks among the snapshots taken while a session waited for its decision, the rarest.
        List<StateSnapshot> undecided = offered.stream().filter(o -> o.undecidedSession() != null).toList();
        List<StateSnapshot> candidates = pick % 2 == 0 && !undecided.isEmpty() ? undecided : offered;
        StateSnapshot snapshot = candidates.get(pick / 2 % candidates.size());
        Statistics.label("snapshot holds").collect((snapshot.held().isEmpty() ? "" : "gap ")
                + (snapshot.undecidedSession() == null ? "" : "undecided ") + (snapshot.retiredSessions().isEmpty() ? "" : "retired"));
        int offset = (int) snapshot.streamOffset();
        StateSnapshot decoded = SnapshotFormat.decode(SnapshotFormat.encode(snapshot), "test");
        assertThat(decoded).isEqualTo(snapshot);

        RecordingNotifier restoredNotifier = new RecordingNotifier(EVERYONE);
        EventEngine restored = engine(restoredNotifier, prefetch);
        restored.restore(decoded);
        read(restored, stream, offset + 1, prefetch, new ArrayList<>(), restoredNotifier);

        assertThat(restored.captureAt(stream.size() - 1, "end")).isEqualTo(whole.captureAt(stream.size() - 1, "end"));
        assertThat(restoredNotifier.received()).isEqualTo(since(receivedAfter.get(offset), wholeNotifier.received()));
    }

    private static EventEngine engine(RecordingNotifier notifier, int prefetch) {
        return new EventEngine(new EngineSettings(16, 6, prefetch), notifier, new EngineStats());
    }

    /**
     * Feeds the messages from {@code from} as a stream consumer with the prefetch window would,
     * recording after each what the users had received.
     */
    private static void read(EventEngine engine, List<Message> stream, int from, int prefetch,
                             List<Map<Integer, List<String>>> receivedAfter, RecordingNotifier notifier) {
        FakeSettler broker = new FakeSettler();
        for (int offset = 0; offset < from; offset++) {
            receivedAfter.add(Map.of());
        }
        for (int offset = from; offset < stream.size(); offset++) {
            while (offset - from - broker.settledUpTo >= prefetch) {
                engine.settle(true);
            }
            Message message = stream.get(offset);
            engine.accept(new ConsumedBatch(message.session(), offset,
                    message.lines().length == 0 ? List.of() : EngineFixtures.events(message.lines()),
                    message.mark(), offset - from + 1, broker, () -> { }, offset));
            engine.settle(false);
            Map<Integer, List<String>> now = new LinkedHashMap<>();
            notifier.received().forEach((user, lines) -> now.put(user, List.copyOf(lines))); // received() shares its lists
            receivedAfter.add(now);
        }
        engine.settle(true);
    }

    /** What {@code now} has that {@code before} had not, per user. */
    private static Map<Integer, List<String>> since(Map<Integer, List<String>> before, Map<Integer, List<String>> now) {
        Map<Integer, List<String>> after = new LinkedHashMap<>();
        now.forEach((user, lines) -> {
            List<String> rest = lines.subList(before.getOrDefault(user, List.of()).size(), lines.size());
            if (!rest.isEmpty()) {
                after.put(user, rest);
            }
        });
        return after;
    }

    /** One message of the RabbitMQ stream: a batch of a source (events or a mark or both). */
    record Message(String session, String[] lines, SessionMark mark) {
        @Override
        public String toString() {
            return session + String.join(",", lines) + (mark == SessionMark.NONE ? "" : "+" + mark);
        }
    }

    @Provide
    Arbitrary<List<Message>> streams() {
        Arbitrary<String> line = Combinators.combine(
                Arbitraries.frequencyOf( // mostly within the new-stream window, so that sessions wait for a decision
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 8)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(9, 40))),
                Arbitraries.of("F", "U", "B", "P", "S"),
                Arbitraries.integers().between(0, USERS),
                Arbitraries.integers().between(0, USERS)).as((seq, type, from, to) -> switch (type) {
                    case "B" -> seq + "|B";
                    case "S" -> seq + "|S|" + from;
                    default -> seq + "|" + type + "|" + from + "|" + to;
                });
        Arbitrary<SessionMark> mark = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.just(SessionMark.NONE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(SessionMark.END)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(SessionMark.DEADLINE)));
        Arbitrary<Message> message = Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.just("a")),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just("b")),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just("c"))),
                line.list().ofMaxSize(4).map(lines -> lines.toArray(new String[0])),
                mark).as(Message::new);
        return message.list().ofMinSize(1).ofMaxSize(60);
    }
}
