package com.followermaze.listener.publish;

import com.followermaze.common.batch.EventBatch;

/**
 * Where the source hands its cut batches.
 *
 * <p>The caller has reserved a slot with {@link InflightWindow#tryAcquire()} for every batch it
 * hands over, so an implementation never needs to refuse one; the slot is given back with
 * {@link InflightWindow#release(int)} once the batch is safe (confirmed by the broker).
 */
@FunctionalInterface
public interface BatchSink {

    /**
     * Takes ownership of a batch. Called on a source's event loop; must not block.
     *
     * @throws IllegalStateException when the caller did not reserve a window slot and the sink
     *                               has no room (a bug, not a runtime condition)
     */
    void accept(EventBatch batch);

    /**
     * Keeps a rejected line for inspection, if this sink can; never blocks and never delays
     * the batches. The default keeps nothing.
     */
    default void rejected(RejectedLine line) {
    }
}
