package com.followermaze.processor.engine;

import com.followermaze.processor.recovery.StateSnapshot;

/**
 * Where the engine hands its snapshots in scale-out mode (see {@link
 * EventEngine#snapshotStreamEvery}). Both methods are called on the engine thread and must not
 * block: writing the snapshot is the sink's business, on a thread of its own.
 */
public interface StreamSnapshotSink {

    /** Whether a snapshot would be taken now; when not, the engine does not capture one. */
    boolean wants();

    /** Takes a snapshot of the engine's whole state, to be written elsewhere. */
    void offer(StateSnapshot snapshot);
}
