package com.followermaze.common.event;

/**
 * A follow: {@code from} starts following {@code to}; {@code to} is notified.
 * The line is a slice of {@code line}, not a copy; see {@link Event}.
 */
public record Follow(long seq, int from, int to, byte[] line, int lineOffset, int lineLength) implements Event {

    public Follow {
        Fields.requireSeq(seq);
        Fields.requireUserId("from", from);
        Fields.requireUserId("to", to);
        Fields.requireLine(line, lineOffset, lineLength);
    }

    /** An event whose line is {@code payload} (a convenience for tests and tools). */
    public Follow(long seq, int from, int to, String payload) {
        this(seq, from, to, Fields.bytesOf(payload), 0, payload.length());
    }

    @Override
    public char typeCode() {
        return 'F';
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Follow that && from == that.from && to == that.to && Fields.sameLine(this, that);
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
