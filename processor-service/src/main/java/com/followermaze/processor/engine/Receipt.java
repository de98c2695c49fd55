package com.followermaze.processor.engine;

/**
 * A consumed batch awaiting acknowledgement, and what it waits for: the release of its events
 * up to {@link #maxSeq} in stream {@link #stream}, and the decision on its {@link #undecided}
 * events (held by the {@link StreamSwitch}). Engine thread only.
 */
final class Receipt {

    final long deliveryTag;
    final BatchSettler settler;
    /** The stream (counted from 0 by the engine) its last accepted event belongs to. */
    int stream;
    /** The highest sequence number of its events the sequencer took; 0 for none. */
    long maxSeq;
    /** How many of its events wait for the stream decision of their session. */
    int undecided;

    Receipt(long deliveryTag, BatchSettler settler, int stream) {
        this.deliveryTag = deliveryTag;
        this.settler = settler;
        this.stream = stream;
    }
}
