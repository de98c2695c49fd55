package com.followermaze.processor.consume;

import java.util.concurrent.atomic.LongAdder;

/**
 * The broker consumer's counters: what it could not hand to the engine. Written by the
 * RabbitMQ client's consumer thread; readable from any thread.
 */
public final class ConsumeStats {

    private final LongAdder rejectedLines = new LongAdder();
    private final LongAdder badMessages = new LongAdder();

    void rejectedLine() {
        rejectedLines.increment();
    }

    void badMessage() {
        badMessages.increment();
    }

    /** Bad lines skipped in consumed batches. */
    public long rejectedLines() {
        return rejectedLines.sum();
    }

    /** Broker messages that are not an event batch: rejected from a queue, skipped in a RabbitMQ stream. */
    public long badMessages() {
        return badMessages.sum();
    }
}
