package com.followermaze.loadgen.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class EventLinesTest {

    @Test
    void writesEachTypeAsTheProtocolShowsIt() {
        assertThat(new GeneratedEvent(666, EventType.FOLLOW, 60, 50).line()).isEqualTo("666|F|60|50");
        assertThat(new GeneratedEvent(1, EventType.UNFOLLOW, 12, 9).line()).isEqualTo("1|U|12|9");
        assertThat(new GeneratedEvent(542532, EventType.BROADCAST, 0, 0).line()).isEqualTo("542532|B");
        assertThat(new GeneratedEvent(43, EventType.PRIVATE_MESSAGE, 32, 56).line()).isEqualTo("43|P|32|56");
        assertThat(new GeneratedEvent(634, EventType.STATUS_UPDATE, 32, 0).line()).isEqualTo("634|S|32");
    }

    @Test
    void writesTheLongestLineWithinMaxLength() {
        String line = new GeneratedEvent(Long.MAX_VALUE, EventType.FOLLOW, Integer.MAX_VALUE, Integer.MAX_VALUE).line();
        assertThat(line).isEqualTo(Long.MAX_VALUE + "|F|" + Integer.MAX_VALUE + "|" + Integer.MAX_VALUE);
        assertThat(line.length()).isEqualTo(EventLines.MAX_LENGTH);
    }

    @Test
    void readsTheLeadingSeqOnlyWhenItIsFollowedByABarOrTheEnd() {
        assertThat(leadingSeq("634|S|32")).isEqualTo(634);
        assertThat(leadingSeq("7")).isEqualTo(7);
        assertThat(leadingSeq("x|S|32")).isEqualTo(-1);
        assertThat(leadingSeq("63x|S")).isEqualTo(-1);
        assertThat(leadingSeq("")).isEqualTo(-1);
    }

    private static long leadingSeq(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        return EventLines.leadingSeq(bytes, bytes.length);
    }
}
