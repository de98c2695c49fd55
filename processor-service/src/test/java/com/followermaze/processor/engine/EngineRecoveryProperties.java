package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.followermaze.common.event.Event;
import com.followermaze.processor.ProcessorStats;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.recovery.StateSnapshot;
import com.followermaze.processor.rules.RecordingNotifier;
import com.followermaze.processor.rules.ReferenceModel;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A crash at any point and a restart from the last snapshot written: the broker redelivers
 * every batch not acknowledged, the restored engine refuses what the snapshot covers and
 * replays the rest, and the users connected after the restart get exactly what the reference
 * model, run over the whole stream, says they get for the events released after the restart.
 */
class EngineRecoveryProperties {

    @Property(tries = 300)
    void aRestoredEngineDeliversWhatTheWholeHistoryImpliesFromTheRestartOn(
            @ForAll @IntRange(min = 1, max = 2000) int length,
            @ForAll @IntRange(min = 1, max = 20) int maxSourceBatch,
            @ForAll @IntRange(min = 1, max = 100) int maxMessage,
            @ForAll @IntRange(min = 2, max = 16) int prefetch,
            @ForAll boolean snapshotAtEverySettle,
            @ForAll @IntRange(min = 0, max = 100) int crashPercent,
            @ForAll @LongRange long seed) {
        Random random = new Random(seed);
        List<Event> stream = ReferenceModel.randomStream(random, length, 10);
        List<List<Event>> messages = messages(stream, maxSourceBatch, maxMessage, random);
        int crashAfter = messages.size() * crashPercent / 100;
        Duration interval = snapshotAtEverySettle ? Duration.ZERO : Duration.ofHours(1);

        // The first run: consumes crashAfter messages, then dies without finishing.
        List<StateSnapshot> written = new ArrayList<>();
        ProcessorStats firstStats = new ProcessorStats();
        EventEngine first = new EventEngine(new EngineSettings(length + 1, 1000, prefetch),
                new RecordingNotifier(Set.of()), firstStats, written::add, interval);
        FakeSettler firstBroker = new FakeSettler();
        run(first, firstBroker, messages.subList(0, crashAfter), prefetch);
        // An early acknowledgement is the documented loss window: its held events are in no snapshot.
        Assume.that(firstStats.earlyAcks() == 0);

        // The restart: the last snapshot, and every message from the first unacknowledged one on.
        Set<Integer> connected = new HashSet<>();
        for (int id = 0; id <= 10; id++) {
            if (random.nextInt(3) > 0) {
                connected.add(id);
            }
        }
        RecordingNotifier notifier = new RecordingNotifier(connected);
        EventEngine second = new EventEngine(new EngineSettings(length + 1, 1000, prefetch), notifier,
                new ProcessorStats(), written::add, interval);
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

    /** The source batches shuffled within themselves, packed into messages. */
    private static List<List<Event>> messages(List<Event> stream, int maxSourceBatch, int maxMessage, Random random) {
        List<Event> wire = new ArrayList<>();
        for (int start = 0; start < stream.size(); ) {
            int size = Math.min(1 + random.nextInt(maxSourceBatch), stream.size() - start);
            List<Event> chunk = new ArrayList<>(stream.subList(start, start + size));
            Collections.shuffle(chunk, random);
            wire.addAll(chunk);
            start += size;
        }
        List<List<Event>> messages = new ArrayList<>();
        for (int start = 0; start < wire.size(); ) {
            int size = Math.min(1 + random.nextInt(maxMessage), wire.size() - start);
            messages.add(wire.subList(start, start + size));
            start += size;
        }
        return messages;
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
