package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.followermaze.common.event.Event;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.recovery.StateSnapshot;
import com.followermaze.processor.rules.RecordingNotifier;
import com.followermaze.processor.rules.ReferenceModel;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * A crash at any point and a restart from the last snapshot written: the broker redelivers
 * every batch not acknowledged, the restored engine refuses what the snapshot covers and
 * replays the rest, and the users connected after the restart get exactly what the reference
 * model, run over the whole stream, says they get for the events released after the restart.
 *
 * <p>Everything (the stream, the chunks and their shuffles, the messages, the prefetch, the
 * snapshots, the crash point, who is connected) is drawn by jqwik, so a failure shrinks to a
 * few events.
 */
class EngineRecoveryProperties {

    // No edge cases: they would make a third of the tries streams of a few events. Full
    // shrinking: a long stream takes more than the default 10 s to shrink.
    @Property(tries = 300, shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void aRestoredEngineDeliversWhatTheWholeHistoryImpliesFromTheRestartOn(@ForAll("cases") Case c) {
        List<Event> stream = c.stream();
        int length = stream.size();
        int prefetch = c.prefetch();
        List<List<Event>> messages = messages(stream, c);
        int crashPercent = c.crashPercent();
        boolean snapshotAtEverySettle = c.snapshotAtEverySettle();
        int crashAfter = messages.size() * crashPercent / 100;
        Duration interval = snapshotAtEverySettle ? Duration.ZERO : Duration.ofHours(1);

        // The first run: consumes crashAfter messages, then dies without finishing.
        List<StateSnapshot> written = new ArrayList<>();
        EngineStats firstStats = new EngineStats();
        EventEngine first = new EventEngine(new EngineSettings(length + 1, 1000, prefetch),
                new RecordingNotifier(Set.of()), firstStats, written::add, interval);
        FakeSettler firstBroker = new FakeSettler();
        run(first, firstBroker, messages.subList(0, crashAfter), prefetch);
        // An early acknowledgement is the documented loss window: its held events are in no snapshot.
        Assume.that(firstStats.earlyAcks() == 0);

        // The restart: the last snapshot, and every message from the first unacknowledged one on.
        Set<Integer> connected = new HashSet<>();
        for (int id = 0; id <= USERS; id++) {
            if (!c.disconnected().contains(id)) {
                connected.add(id);
            }
        }
        RecordingNotifier notifier = new RecordingNotifier(connected);
        EventEngine second = new EventEngine(new EngineSettings(length + 1, 1000, prefetch), notifier,
                new EngineStats(), written::add, interval);
        long resumeAt = 1;
        if (!written.isEmpty()) {
            StateSnapshot last = written.get(written.size() - 1);
            second.restore(last);
            resumeAt = last.nextExpected();
        }
        FakeSettler secondBroker = new FakeSettler();
        run(second, secondBroker, messages.subList((int) firstBroker.settledUpTo, messages.size()), prefetch);
        second.finish();

        assertThat(notifier.received()).isEqualTo(expectedFrom(resumeAt, stream, connected));
        assertThat(second.nextExpected()).isEqualTo(length + 1);
        assertThat(second.unsettled()).isZero();
    }

    /** Feeds the messages as a broker with the prefetch window would: never more than prefetch unacknowledged. */
    private static void run(EventEngine engine, FakeSettler broker, List<List<Event>> messages, int prefetch) {
        int delivered = 0;
        while (delivered < messages.size()) {
            if (delivered - broker.settledUpTo < prefetch) {
                delivered++;
                engine.accept(EngineFixtures.batch("source", delivered, broker,
                        EngineFixtures.inOneBody(messages.get(delivered - 1))));
                engine.settle(false);
            } else {
                engine.settle(true);
            }
        }
    }

    /** The source batches (each shuffled by its picks, cycled), packed into messages. */
    private static List<List<Event>> messages(List<Event> stream, Case c) {
        List<Event> wire = new ArrayList<>();
        for (int start = 0, i = 0; start < stream.size(); i++) {
            int size = Math.min(cycled(c.chunkSizes(), i), stream.size() - start);
            List<Event> chunk = new ArrayList<>(stream.subList(start, start + size));
            for (int j = 0; j + 1 < size; j++) {
                int pick = c.swaps().isEmpty() ? 0 : c.swaps().get((start + j) % c.swaps().size());
                Collections.swap(chunk, j, j + pick % (size - j));
            }
            wire.addAll(chunk);
            start += size;
        }
        List<List<Event>> messages = new ArrayList<>();
        for (int start = 0, i = 0; start < wire.size(); i++) {
            int size = Math.min(cycled(c.messageSizes(), i), wire.size() - start);
            messages.add(wire.subList(start, start + size));
            start += size;
        }
        return messages;
    }

    private static int cycled(List<Integer> sizes, int i) {
        return sizes.get(i % sizes.size());
    }

    private static final int USERS = 10;
    private static final int MAX_LENGTH = 2000;

    /**
     * A stream; the source's chunks (sizes cycled, each shuffled by its picks) and the
     * messages' sizes (cycled); the prefetch; whether a snapshot is written at every settle or
     * (an hour apart) only the first; where the first run crashes (a percentage of the
     * messages); the users not connected after the restart.
     */
    record Case(List<Event> stream, List<Integer> chunkSizes, List<Integer> swaps, List<Integer> messageSizes,
                int prefetch, boolean snapshotAtEverySettle, int crashPercent, Set<Integer> disconnected) {
    }

    @Provide
    Arbitrary<Case> cases() {
        // Independent parts, no flatMap, so that each shrinks on its own; the largest chunk and
        // message bound the drawn sizes, so that some cases have only small ones.
        Arbitrary<List<Integer>> chunkSizes = Combinators.combine(
                Arbitraries.integers().between(1, 20),
                Arbitraries.integers().between(1, 20).list().ofMinSize(1).ofMaxSize(50)).as(EngineRecoveryProperties::bounded);
        Arbitrary<List<Integer>> messageSizes = Combinators.combine(
                Arbitraries.integers().between(1, 100),
                Arbitraries.integers().between(1, 100).list().ofMinSize(1).ofMaxSize(50)).as(EngineRecoveryProperties::bounded);
        return Combinators.combine(
                ReferenceModel.streams(1, MAX_LENGTH, USERS),
                chunkSizes,
                Arbitraries.integers().between(0, 19).list().ofMaxSize(64),
                messageSizes,
                Arbitraries.integers().between(2, 16),
                Arbitraries.of(false, true),
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, USERS).set().ofMaxSize(USERS + 1)).as(Case::new);
    }

    private static List<Integer> bounded(int max, List<Integer> sizes) {
        return sizes.stream().map(size -> Math.min(size, max)).toList();
    }

    /** The reference model over the whole stream, keeping only the notifications of events numbered from {@code seq} on. */
    private static Map<Integer, List<String>> expectedFrom(long seq, List<Event> stream, Set<Integer> connected) {
        Map<Integer, List<String>> expected = new TreeMap<>();
        ReferenceModel.expected(stream, connected).forEach((user, lines) -> {
            List<String> kept = lines.stream().filter(line -> Long.parseLong(line.substring(0, line.indexOf('|'))) >= seq)
                    .toList();
            if (!kept.isEmpty()) {
                expected.put(user, kept);
            }
        });
        return expected;
    }
}
