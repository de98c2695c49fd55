package com.followermaze.common.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The field checks shared by the event records' compact constructors, and their value semantics. */
final class Fields {

    private Fields() {
    }

    static long requireSeq(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq: " + seq + " (expected >= 1)");
        }
        return seq;
    }

    static int requireUserId(String name, int id) {
        if (id < 0) {
            throw new IllegalArgumentException(name + ": " + id + " (expected >= 0)");
        }
        return id;
    }

    static void requireLine(byte[] line, int offset, int length) {
        if (line == null) {
            throw new IllegalArgumentException("line: null (expected the event's line)");
        }
        if (length < 1 || offset < 0 || offset > line.length - length) {
            throw new IllegalArgumentException("lineOffset, lineLength: " + offset + ", " + length
                    + " (expected a non-empty slice of the " + line.length + "-byte line array)");
        }
    }

    /** The bytes of a payload given as text (a convenience constructor's): one per char, ASCII only. */
    static byte[] bytesOf(String payload) {
        if (payload == null || payload.isEmpty()) {
            throw new IllegalArgumentException("payload: " + (payload == null ? "null" : "\"\"")
                    + " (expected the event's line)");
        }
        if (!payload.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("payload: \"" + Excerpt.of(payload)
                    + "\" (expected ASCII, as every valid line is)");
        }
        return payload.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether two events of one type have the same sequence number and line bytes (the caller compares the ids). */
    static boolean sameLine(Event event, Event that) {
        return that.seq() == event.seq()
                && Arrays.equals(event.line(), event.lineOffset(), event.lineOffset() + event.lineLength(),
                        that.line(), that.lineOffset(), that.lineOffset() + that.lineLength());
    }

    /** A hash of the line's bytes, which determine every field of a parsed event. */
    static int hash(Event event) {
        int hash = 1;
        byte[] line = event.line();
        for (int i = event.lineOffset(), end = i + event.lineLength(); i < end; i++) {
            hash = 31 * hash + line[i];
        }
        return hash;
    }

    /** The same event with its line as the first {@code length} bytes of {@code line}, which holds the same bytes. */
    static Event withLine(Event event, byte[] line, int length) {
        if (event instanceof Follow f) {
            return new Follow(f.seq(), f.from(), f.to(), line, 0, length);
        } else if (event instanceof Unfollow u) {
            return new Unfollow(u.seq(), u.from(), u.to(), line, 0, length);
        } else if (event instanceof PrivateMessage p) {
            return new PrivateMessage(p.seq(), p.from(), p.to(), line, 0, length);
        } else if (event instanceof StatusUpdate s) {
            return new StatusUpdate(s.seq(), s.from(), line, 0, length);
        }
        return new Broadcast(event.seq(), line, 0, length);
    }

    static String describe(Event event) {
        return event.getClass().getSimpleName() + "[" + event.payload() + "]";
    }
}
