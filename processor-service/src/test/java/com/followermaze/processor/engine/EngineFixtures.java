package com.followermaze.processor.engine;

import java.util.ArrayList;
import java.util.List;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;

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

    static List<Event> events(String... lines) {
        List<Event> events = new ArrayList<>();
        for (String line : lines) {
            events.add((Event) EventParser.parse(line));
        }
        return events;
    }

    static List<Event> statusRange(long from, long to) {
        List<Event> events = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            events.add((Event) EventParser.parse(seq + "|S|1"));
        }
        return events;
    }

    static ConsumedBatch batch(String source, long tag, BatchSettler settler, List<Event> events) {
        return new ConsumedBatch(source, tag, events, tag, settler);
    }
}
