package com.followermaze.processor.engine;

/**
 * Acknowledges consumed batches to where they came from. Implemented by the broker adapter;
 * one instance per broker channel, whose delivery tags it understands.
 *
 * <p>Called from the engine thread only. A settler whose channel is gone does nothing: the
 * broker redelivers what was not acknowledged, and the sequencer drops what it already had.
 */
public interface BatchSettler {

    /** Every batch of this settler up to and including {@code deliveryTag} is done with. */
    void settleUpTo(long deliveryTag);
}
