package com.followermaze.listener.publish;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counters of the publisher. Written by the publisher thread only; readable from any thread.
 * A batch published again (after a nack or a reconnect) counts once in {@link
 * #batchesPublished()} and once more in {@link #batchesRepublished()} per repeat.
 */
public final class PublishStats {

    final LongAdder batchesPublished = new LongAdder();
    final LongAdder eventsPublished = new LongAdder();
    final LongAdder batchesRepublished = new LongAdder();
    final LongAdder batchesConfirmed = new LongAdder();
    final LongAdder eventsConfirmed = new LongAdder();
    final LongAdder batchesNacked = new LongAdder();
    final LongAdder connectionsLost = new LongAdder();
    final LongAdder rejectedLinesKept = new LongAdder();
    final LongAdder rejectedLinesDropped = new LongAdder();
    private volatile LongConsumer confirmLatency = nanos -> { };

    /**
     * Sends the publish-to-confirm time of every batch confirmed from now on, in nanoseconds,
     * to {@code recorder} (a metrics timer, say). It runs on the publisher thread: it must be
     * quick and must not block.
     */
    public void recordConfirmLatencyWith(LongConsumer recorder) {
        confirmLatency = Objects.requireNonNull(recorder, "recorder");
    }

    void confirmLatency(long nanos) {
        confirmLatency.accept(nanos);
    }

    /** Rejected lines published to the rejected-lines queue. */
    public long rejectedLinesKept() {
        return rejectedLinesKept.sum();
    }

    /** Rejected lines not kept: more came than the publisher could hold while it published batches. */
    public long rejectedLinesDropped() {
        return rejectedLinesDropped.sum();
    }

    /** Batches published for the first time. */
    public long batchesPublished() {
        return batchesPublished.sum();
    }

    /** Events in the batches published for the first time. */
    public long eventsPublished() {
        return eventsPublished.sum();
    }

    /** Publishes of a batch beyond its first (after a nack or a lost connection). */
    public long batchesRepublished() {
        return batchesRepublished.sum();
    }

    /** Batches the broker confirmed (acked). */
    public long batchesConfirmed() {
        return batchesConfirmed.sum();
    }

    /** Events in the batches the broker confirmed. */
    public long eventsConfirmed() {
        return eventsConfirmed.sum();
    }

    /** Batches the broker nacked (each was published again). */
    public long batchesNacked() {
        return batchesNacked.sum();
    }

    /** Broker connections (or channels) lost while publishing. */
    public long connectionsLost() {
        return connectionsLost.sum();
    }
}
