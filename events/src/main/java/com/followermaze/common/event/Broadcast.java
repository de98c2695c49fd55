package com.followermaze.common.event;

/**
 * A broadcast; every connected user is notified.
 * The line is a slice of {@code line}, not a copy; see {@link Event}.
 */
public record Broadcast(long seq, byte[] line, int lineOffset, int lineLength) implements Event {

    public Broadcast {
        Fields.requireSeq(seq);
        Fields.requireLine(line, lineOffset, lineLength);
    }

    /** An event whose line is {@code payload} (a convenience for tests and tools). */
    public Broadcast(long seq, String payload) {
        this(seq, Fields.bytesOf(payload), 0, payload.length());
    }

    @Override
    public char typeCode() {
        return 'B';
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Broadcast that && Fields.sameLine(this, that);
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
