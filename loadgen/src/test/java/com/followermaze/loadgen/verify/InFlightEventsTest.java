package com.followermaze.loadgen.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.followermaze.loadgen.generate.EventType;
import com.followermaze.loadgen.generate.GeneratedEvent;

class InFlightEventsTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String lineOf(InFlightEvents events, long seq) {
        byte[] out = new byte[64];
        int end = events.appendLine(seq, out, 3);
        return new String(out, 3, end - 3, StandardCharsets.US_ASCII);
    }

    @Test
    void keepsTheExactLineOfEachEventInFlight() {
        InFlightEvents events = new InFlightEvents(8);
        events.record(new GeneratedEvent(1, EventType.FOLLOW, 60, 50), 1, 0);
        events.record(new GeneratedEvent(2, EventType.BROADCAST, 0, 0), 1, 0);
        events.record(new GeneratedEvent(3, EventType.STATUS_UPDATE, 32, 0), 1, 0);
        assertEquals("1|F|60|50", lineOf(events, 1));
        assertEquals("2|B", lineOf(events, 2));
        assertEquals("3|S|32", lineOf(events, 3));

        byte[] received = ascii("xx1|F|60|50\n");
        assertTrue(events.isLineOf(1, received, 2, 9, new byte[64]));
        assertFalse(events.isLineOf(1, received, 2, 8, new byte[64]), "a prefix of the line");
        assertFalse(events.isLineOf(1, received, 2, 10, new byte[64]), "the line and more");
        assertFalse(events.isLineOf(2, received, 2, 9, new byte[64]));
    }

    @Test
    void aLineLongerThanASlotIsRebuiltFromItsFields() {
        InFlightEvents events = new InFlightEvents(8);
        long seq = 1_234_567_890_123_456_789L;
        events.record(new GeneratedEvent(seq, EventType.PRIVATE_MESSAGE, 2_000_000_000, 1_999_999_999), 1, 0);
        String line = seq + "|P|2000000000|1999999999";
        assertTrue(line.length() > InFlightEvents.LINE_STRIDE);
        assertEquals(line, lineOf(events, seq));
        byte[] received = ascii(line);
        assertTrue(events.isLineOf(seq, received, 0, received.length, new byte[64]));
        received[received.length - 1] = '8';
        assertFalse(events.isLineOf(seq, received, 0, received.length, new byte[64]));
    }

    @Test
    void aReusedSlotNoLongerHoldsTheOldEvent() {
        InFlightEvents events = new InFlightEvents(2);
        events.record(new GeneratedEvent(1, EventType.BROADCAST, 0, 0), 1, 0);
        byte[] out = new byte[64];
        assertEquals(3, events.appendLineIfHeld(1, out, 0));
        events.record(new GeneratedEvent(3, EventType.STATUS_UPDATE, 7, 0), 1, 0);
        assertEquals(-1, events.appendLineIfHeld(1, out, 0));
        assertEquals(5, events.appendLineIfHeld(3, out, 0));
    }

    @Test
    void refusesAWindowBeyondItsLimit() {
        assertThrows(IllegalArgumentException.class, () -> new InFlightEvents(InFlightEvents.MAX_WINDOW + 1));
        assertThrows(IllegalArgumentException.class, () -> new InFlightEvents(0));
    }
}
