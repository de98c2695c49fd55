package com.followermaze.loadgen.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class EventLinesTest {

    @Test
    void writesEachTypeAsTheProtocolShowsIt() {
        assertEquals("666|F|60|50", new GeneratedEvent(666, EventType.FOLLOW, 60, 50).line());
        assertEquals("1|U|12|9", new GeneratedEvent(1, EventType.UNFOLLOW, 12, 9).line());
        assertEquals("542532|B", new GeneratedEvent(542532, EventType.BROADCAST, 0, 0).line());
        assertEquals("43|P|32|56", new GeneratedEvent(43, EventType.PRIVATE_MESSAGE, 32, 56).line());
        assertEquals("634|S|32", new GeneratedEvent(634, EventType.STATUS_UPDATE, 32, 0).line());
    }

    @Test
    void writesTheLongestLineWithinMaxLength() {
        String line = new GeneratedEvent(Long.MAX_VALUE, EventType.FOLLOW, Integer.MAX_VALUE, Integer.MAX_VALUE).line();
        assertEquals(Long.MAX_VALUE + "|F|" + Integer.MAX_VALUE + "|" + Integer.MAX_VALUE, line);
        assertEquals(EventLines.MAX_LENGTH, line.length());
    }

    @Test
    void readsTheLeadingSeqOnlyWhenItIsFollowedByABarOrTheEnd() {
        assertEquals(634, leadingSeq("634|S|32"));
        assertEquals(7, leadingSeq("7"));
        assertEquals(-1, leadingSeq("x|S|32"));
        assertEquals(-1, leadingSeq("63x|S"));
        assertEquals(-1, leadingSeq(""));
    }

    private static long leadingSeq(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        return EventLines.leadingSeq(bytes, bytes.length);
    }
}
