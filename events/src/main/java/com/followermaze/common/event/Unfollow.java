package com.followermaze.common.event;

/**
 * An unfollow: {@code from} stops following {@code to}; nobody is notified.
 * The line is a slice of {@code line}, not a copy; see {@link Event}.
 */
public record Unfollow(long seq, int from, int to, byte[] line, int lineOffset, int lineLength) implements Event {

    public Unfollow {
        Fields.requireSeq(seq);
        Fields.requireUserId("from", from);
        Fields.requireUserId("to", to);
        Fields.requireLine(line, lineOffset, lineLength);
    }

    /** An event whose line is {@code payload} (a convenience for tests and tools). */
    public Unfollow(long seq, int from, int to, String payload) {
        this(seq, from, to, Fields.bytesOf(payload), 0, payload.length());
    }

    @Override
    public char typeCode() {
        return 'U';
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Unfollow that && from == that.from && to == that.to && Fields.sameLine(this, that);
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
