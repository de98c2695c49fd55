package com.followermaze.common.event;

/**
 * A status update of {@code from}; every current follower of {@code from} is notified.
 * The line is a slice of {@code line}, not a copy; see {@link Event}.
 */
public record StatusUpdate(long seq, int from, byte[] line, int lineOffset, int lineLength) implements Event {

    public StatusUpdate {
        Fields.requireSeq(seq);
        Fields.requireUserId("from", from);
        Fields.requireLine(line, lineOffset, lineLength);
    }

    /** An event whose line is {@code payload} (a convenience for tests and tools). */
    public StatusUpdate(long seq, int from, String payload) {
        this(seq, from, Fields.bytesOf(payload), 0, payload.length());
    }

    @Override
    public char typeCode() {
        return 'S';
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StatusUpdate that && from == that.from && Fields.sameLine(this, that);
    }

    @Override
    public int hashCode() {
        return Fields.hash(this);
    }

    @Override
    public String toString() {
        return Fields.describe(this);
    }
}
