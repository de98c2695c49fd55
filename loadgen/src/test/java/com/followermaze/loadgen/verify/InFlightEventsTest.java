package com.followermaze.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
        assertThat(lineOf(events, 1)).isEqualTo("1|F|60|50");
        assertThat(lineOf(events, 2)).isEqualTo("2|B");
        assertThat(lineOf(events, 3)).isEqualTo("3|S|32");

        byte[] received = ascii("xx1|F|60|50\n");
        assertThat(events.isLineOf(1, received, 2, 9, new byte[64])).isTrue();
        assertThat(events.isLineOf(1, received, 2, 8, new byte[64])).as("a prefix of the line").isFalse();
        assertThat(events.isLineOf(1, received, 2, 10, new byte[64])).as("the line and more").isFalse();
        assertThat(events.isLineOf(2, received, 2, 9, new byte[64])).isFalse();
    }

    @Test
    void aLineLongerThanASlotIsRebuiltFromItsFields() {
        InFlightEvents events = new InFlightEvents(8);
        long seq = 1_234_567_890_123_456_789L;
        events.record(new GeneratedEvent(seq, EventType.PRIVATE_MESSAGE, 2_000_000_000, 1_999_999_999), 1, 0);
        String line = seq + "|P|2000000000|1999999999";
        assertThat(line.length()).isGreaterThan(InFlightEvents.LINE_STRIDE);
        assertThat(lineOf(events, seq)).isEqualTo(line);
        byte[] received = ascii(line);
        assertThat(events.isLineOf(seq, received, 0, received.length, new byte[64])).isTrue();
        received[received.length - 1] = '8';
        assertThat(events.isLineOf(seq, received, 0, received.length, new byte[64])).isFalse();
    }

    @Test
    void aReusedSlotNoLongerHoldsTheOldEvent() {
        InFlightEvents events = new InFlightEvents(2);
        events.record(new GeneratedEvent(1, EventType.BROADCAST, 0, 0), 1, 0);
        byte[] out = new byte[64];
        assertThat(events.appendLineIfHeld(1, out, 0)).isEqualTo(3);
        events.record(new GeneratedEvent(3, EventType.STATUS_UPDATE, 7, 0), 1, 0);
        assertThat(events.appendLineIfHeld(1, out, 0)).isEqualTo(-1);
        assertThat(events.appendLineIfHeld(3, out, 0)).isEqualTo(5);
    }

    @Test
    void refusesAWindowBeyondItsLimit() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new InFlightEvents(InFlightEvents.MAX_WINDOW + 1));
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new InFlightEvents(0));
    }
}
