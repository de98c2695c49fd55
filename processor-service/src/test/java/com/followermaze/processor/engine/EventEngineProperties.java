package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.followermaze.common.event.Event;
import com.followermaze.processor.ProcessorStats;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.rules.RecordingNotifier;
import com.followermaze.processor.rules.ReferenceModel;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The engine behind a simulated broker that, like RabbitMQ, delivers a message only while
 * fewer than {@code prefetch} are unacknowledged: every user gets exactly what the
 * reference model says, in order, and the broker is never left waiting forever.
 */
class EventEngineProperties {

    @Property(tries = 200)
    void deliversWhatTheReferenceModelSaysWhateverTheShufflingBatchingAndPrefetch(
            @ForAll @IntRange(min = 1, max = 3000) int length,
            @ForAll @IntRange(min = 1, max = 100) int maxSourceBatch,
            @ForAll @IntRange(min = 1, max = 300) int maxMessage,
            @ForAll @IntRange(min = 1, max = 8) int prefetch,
            @ForAll boolean firstEventLast,
            @ForAll @LongRange long seed) {
        Random random = new Random(seed);
        List<Event> stream = ReferenceModel.randomStream(random, length, 10);
        List<Event> wire = new ArrayList<>();
        for (int start = 0; start < length; ) {
            int size = Math.min(1 + random.nextInt(maxSourceBatch), length - start);
            List<Event> chunk = new ArrayList<>(stream.subList(start, start + size));
            Collections.shuffle(chunk, random);
            wire.addAll(chunk);
            start += size;
        }
        if (firstEventLast) {
            Event first = wire.stream().filter(e -> e.seq() == 1).findFirst().orElseThrow();
            wire.remove(first);
            wire.add(first);
        }
        List<List<Event>> messages = new ArrayList<>();
        for (int start = 0; start < wire.size(); ) {
            int size = Math.min(1 + random.nextInt(maxMessage), wire.size() - start);
            messages.add(wire.subList(start, start + size));
            start += size;
        }

        Set<Integer> connected = new HashSet<>();
        for (int id = 0; id <= 10; id++) {
            if (random.nextInt(3) > 0) {
                connected.add(id);
            }
        }
        RecordingNotifier notifier = new RecordingNotifier(connected);
        EventEngine engine = new EventEngine(new EngineSettings(length + 1, 1000, prefetch), notifier, new ProcessorStats());
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
}
