package com.followermaze.loadgen.generate;

import java.nio.charset.StandardCharsets;

/**
 * One event the load generator made up, to send and to check the notifications of (the
 * services' parsed event is another type, in {@code common}). {@code from} is 0 for a
 * Broadcast, {@code to} is 0 for a Broadcast and a Status update: those fields are not on the
 * wire.
 */
public record GeneratedEvent(long seq, EventType type, int from, int to) {

    public GeneratedEvent {
        if (seq < 1) {
            throw new IllegalArgumentException("seq: " + seq + " (expected >= 1)");
        }
        if (type.hasFrom() != (from > 0)) {
            throw new IllegalArgumentException("from: " + from + " (expected " + (type.hasFrom() ? "> 0" : "0") + " for " + type + ")");
        }
        if (type.hasTo() != (to > 0)) {
            throw new IllegalArgumentException("to: " + to + " (expected " + (type.hasTo() ? "> 0" : "0") + " for " + type + ")");
        }
    }

    /** The line as it goes on the wire, without terminator. */
    public String line() {
        byte[] buffer = new byte[EventLines.MAX_LENGTH];
        int length = EventLines.encode(seq, type, from, to, buffer, 0);
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }
}
