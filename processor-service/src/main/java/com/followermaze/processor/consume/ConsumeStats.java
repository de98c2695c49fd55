package com.followermaze.processor.consume;

import java.util.concurrent.atomic.LongAdder;

/**
 * The broker consumer's counters: what it could not hand to the engine, and in scale-out mode
 * the snapshots read and written. Written by the consumer's threads; readable from any thread.
 */
public final class ConsumeStats {

    private final LongAdder rejectedLines = new LongAdder();
    private final LongAdder badMessages = new LongAdder();
    private final LongAdder corruptSnapshots = new LongAdder();
    private final LongAdder snapshotsWritten = new LongAdder();
    private final LongAdder snapshotFailures = new LongAdder();
    private volatile long restoredFrom = -1;
    private volatile long lastSnapshotBytes;
    private volatile long lastSnapshotMillis;

    void corruptSnapshot() {
        corruptSnapshots.increment();
    }

    void restoredFrom(long streamOffset) {
        restoredFrom = streamOffset;
    }

    void snapshotWritten(long bytes, long millis) {
        lastSnapshotBytes = bytes;
        lastSnapshotMillis = millis;
        snapshotsWritten.increment();
    }

    void snapshotFailed() {
        snapshotFailures.increment();
    }

    /** Snapshots in the stream of snapshots that could not be read at start, passed over for older ones. */
    public long corruptSnapshots() {
        return corruptSnapshots.sum();
    }

    /** The event stream offset the snapshot restored at start covers; -1 if none was. */
    public long restoredFrom() {
        return restoredFrom;
    }

    /** Snapshots this instance wrote to the stream of snapshots. */
    public long snapshotsWritten() {
        return snapshotsWritten.sum();
    }

    /** Snapshots this instance could not write. */
    public long snapshotFailures() {
        return snapshotFailures.sum();
    }

    /** The size of the last snapshot written, in bytes; 0 before the first. */
    public long lastSnapshotBytes() {
        return lastSnapshotBytes;
    }

    /** How long writing the last snapshot took, encoding and the broker's confirm, in milliseconds. */
    public long lastSnapshotMillis() {
        return lastSnapshotMillis;
    }

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
