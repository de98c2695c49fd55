package com.followermaze.processor.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import com.followermaze.common.batch.BatchFormat;
import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;

/** Builders for engine tests. */
final class EngineFixtures {

    private EngineFixtures() {
    }

    /** Records the highest delivery tag acknowledged, as a broker would with multiple=true. */
    static final class FakeSettler implements BatchSettler {
        long settledUpTo;
        final List<Long> calls = new ArrayList<>();

        @Override
        public void settleUpTo(long deliveryTag) {
            calls.add(deliveryTag);
            settledUpTo = Math.max(settledUpTo, deliveryTag);
        }
    }

    /** A clock that stands still until told to move: an engine's time, set by the test. */
    static final class FakeClock implements LongSupplier {
        /** An arbitrary start, far from 0 and from {@link Long#MIN_VALUE}, as {@link System#nanoTime()} may be. */
        long nanos = 1_000_000_000_000L;

        @Override
        public long getAsLong() {
            return nanos;
        }

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }
    }

    /** The events of {@code lines} as the processor gets them: decoded from one batch body, slices of it. */
    static List<Event> events(String... lines) {
        byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        List<Event> events = new ArrayList<>();
        BatchFormat.decode(body, result -> events.add((Event) result));
        return events;
    }

    /** The same events as the processor gets them from a message: slices of one batch body. */
    static List<Event> inOneBody(List<Event> events) {
        return events(events.stream().map(Event::payload).toArray(String[]::new));
    }

    static List<Event> statusRange(long from, long to) {
        List<String> lines = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            lines.add(seq + "|S|1");
        }
        return events(lines.toArray(new String[0]));
    }

    static ConsumedBatch batch(String session, long tag, BatchSettler settler, List<Event> events) {
        return new ConsumedBatch(session, tag, events, tag, settler);
    }

    /** A batch carrying {@code mark}; {@code events} may be empty. */
    static ConsumedBatch marked(String session, long tag, BatchSettler settler, SessionMark mark, List<Event> events) {
        return new ConsumedBatch(session, tag, events, mark, tag, settler);
    }
}
