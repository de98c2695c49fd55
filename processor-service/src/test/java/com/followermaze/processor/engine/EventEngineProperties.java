package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.followermaze.common.event.Event;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.rules.RecordingNotifier;
import com.followermaze.processor.rules.ReferenceModel;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The engine behind a simulated broker that, like RabbitMQ, delivers a message only while
 * fewer than {@code prefetch} are unacknowledged: every user gets exactly what the
 * reference model says, in order, and the broker is never left waiting forever.
 *
 * <p>Everything (the stream, the source's shuffled chunks, the messages, the prefetch, who is
 * connected) is drawn by jqwik, so a failure shrinks to a short stream in order, in messages
 * of one event, with everyone connected.
 */
class EventEngineProperties {

    // No edge cases: they would make a third of the tries streams of a few events.
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void deliversWhatTheReferenceModelSaysWhateverTheShufflingBatchingAndPrefetch(
            @ForAll("cases") Case c) {
        List<Event> stream = c.stream();
        int length = stream.size();
        List<Event> wire = new ArrayList<>();
        for (int start = 0, i = 0; start < length; i++) {
            int size = Math.min(cycled(c.chunkSizes(), i), length - start);
            List<Event> chunk = new ArrayList<>(stream.subList(start, start + size));
            for (int j = 0; j + 1 < size; j++) { // a Fisher-Yates shuffle by the drawn picks
                int pick = c.swaps().isEmpty() ? 0 : c.swaps().get((start + j) % c.swaps().size());
                Collections.swap(chunk, j, j + pick % (size - j));
            }
            wire.addAll(chunk);
            start += size;
        }
        if (c.firstEventLast()) {
            Event first = wire.stream().filter(e -> e.seq() == 1).findFirst().orElseThrow();
            wire.remove(first);
            wire.add(first);
        }
        List<List<Event>> messages = new ArrayList<>();
        for (int start = 0, i = 0; start < wire.size(); i++) {
            int size = Math.min(cycled(c.messageSizes(), i), wire.size() - start);
            messages.add(wire.subList(start, start + size));
            start += size;
        }
        Set<Integer> connected = new HashSet<>();
        for (int id = 0; id <= USERS; id++) {
            if (!c.disconnected().contains(id)) {
                connected.add(id);
            }
        }
        int prefetch = c.prefetch();

        RecordingNotifier notifier = new RecordingNotifier(connected);
        EventEngine engine = new EventEngine(new EngineSettings(length + 1, 1000, prefetch), notifier, new EngineStats());
        FakeSettler broker = new FakeSettler();
        int delivered = 0;
        while (delivered < messages.size()) {
            if (delivered - broker.settledUpTo < prefetch) {
                delivered++;
                engine.accept(EngineFixtures.batch("source", delivered, broker,
                        EngineFixtures.inOneBody(messages.get(delivered - 1))));
                engine.settle(false);
            } else {
                engine.settle(true);
                assertThat(delivered - broker.settledUpTo).as("the broker can deliver again").isLessThan(prefetch);
            }
        }
        engine.settle(true);

        assertThat(notifier.received())
                .isEqualTo(ReferenceModel.expected(stream, connected));
        assertThat(engine.nextExpected()).isEqualTo(length + 1);
        assertThat(engine.unsettled()).isZero();
        assertThat(broker.settledUpTo).isEqualTo(messages.size());
    }

    private static final int USERS = 10;
    private static final int MAX_LENGTH = 3000;

    /**
     * A stream; the source's chunks (sizes cycled, each shuffled by its picks, cycled) and whether it sends the 1 last; the messages' sizes (cycled); the prefetch;
     * the users not connected.
     */
    record Case(List<Event> stream, List<Integer> chunkSizes, List<Integer> swaps, boolean firstEventLast,
                List<Integer> messageSizes, int prefetch, Set<Integer> disconnected) {
    }

    @Provide
    Arbitrary<Case> cases() {
        // Independent parts, no flatMap, so that each shrinks on its own; the largest chunk and
        // message bound the drawn sizes, so that some cases have only small ones.
        Arbitrary<Case> everyoneConnected = Combinators.combine(
                ReferenceModel.streams(1, MAX_LENGTH, USERS),
                Arbitraries.integers().between(1, 100),
                Arbitraries.integers().between(1, 100).list().ofMinSize(1).ofMaxSize(50),
                Arbitraries.integers().between(0, 99).list().ofMaxSize(64),
                Arbitraries.of(false, true),
                Arbitraries.integers().between(1, 300),
                Arbitraries.integers().between(1, 300).list().ofMinSize(1).ofMaxSize(50),
                Arbitraries.integers().between(1, 8)).as((stream, maxChunk, chunks, swaps, firstLast, maxMessage,
                        messages, prefetch) -> new Case(stream, bounded(chunks, maxChunk), swaps, firstLast,
                        bounded(messages, maxMessage), prefetch, Set.of()));
        return Combinators.combine(everyoneConnected, Arbitraries.integers().between(0, USERS).set().ofMaxSize(USERS + 1))
                .as((c, disconnected) -> new Case(c.stream(), c.chunkSizes(), c.swaps(), c.firstEventLast(),
                        c.messageSizes(), c.prefetch(), disconnected));
    }

    private static List<Integer> bounded(List<Integer> sizes, int max) {
        return sizes.stream().map(size -> Math.min(size, max)).toList();
    }

    private static int cycled(List<Integer> sizes, int i) {
        return sizes.get(i % sizes.size());
    }
}
