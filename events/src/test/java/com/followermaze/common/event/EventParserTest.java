package com.followermaze.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.followermaze.common.event.Rejection.Reason;

class EventParserTest {

    @Test
    void parsesEveryTypeOfTheProtocolTable() {
        assertThat(EventParser.parse("666|F|60|50")).isEqualTo(new Follow(666, 60, 50, "666|F|60|50"));
        assertThat(EventParser.parse("1|U|12|9")).isEqualTo(new Unfollow(1, 12, 9, "1|U|12|9"));
        assertThat(EventParser.parse("542532|B")).isEqualTo(new Broadcast(542532, "542532|B"));
        assertThat(EventParser.parse("43|P|32|56")).isEqualTo(new PrivateMessage(43, 32, 56, "43|P|32|56"));
        assertThat(EventParser.parse("634|S|32")).isEqualTo(new StatusUpdate(634, 32, "634|S|32"));
    }

    @Test
    void keepsThePayloadByteForByteIncludingLeadingZeros() {
        Event event = (Event) EventParser.parse("007|S|0042");
        assertThat(event.payload()).isEqualTo("007|S|0042");
        assertThat(event.seq()).isEqualTo(7);
        assertThat(((StatusUpdate) event).from()).isEqualTo(42);
    }

    @Test
    void parsesALineInsideALargerBuffer() {
        byte[] buffer = "xx12|P|1|2yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(EventParser.parse(buffer, 2, 8)).isEqualTo(new PrivateMessage(12, 1, 2, "12|P|1|2"));
    }

    @Test
    void acceptsTheLargestSequenceNumberAndUserId() {
        String line = Long.MAX_VALUE + "|P|0|" + Integer.MAX_VALUE;
        assertThat(EventParser.parse(line)).isInstanceOf(PrivateMessage.class);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is rejected as {1}")
    @CsvSource(delimiter = ';', value = {
            "'';EMPTY_LINE",
            "abc|B;BAD_SEQUENCE",
            "-5|B;BAD_SEQUENCE",
            "0|B;BAD_SEQUENCE",
            "9223372036854775808|B;BAD_SEQUENCE",
            "'1 |B';BAD_SEQUENCE",
            "12;MISSING_FIELD",
            "12|;UNKNOWN_TYPE",
            "12|X|1|2;UNKNOWN_TYPE",
            "12|FF|1|2;UNKNOWN_TYPE",
            "12|f|1|2;UNKNOWN_TYPE",
            "12|F|1;MISSING_FIELD",
            "12|F;MISSING_FIELD",
            "12|S;MISSING_FIELD",
            "12|F|1|2|3;EXTRA_FIELD",
            "12|B|1;EXTRA_FIELD",
            "12|S|1|2;EXTRA_FIELD",
            "12|F|a|2;BAD_USER_ID",
            "12|F|1|-2;BAD_USER_ID",
            "12|F|1|;BAD_USER_ID",
            "12|F||2;BAD_USER_ID",
            "12|S|2147483648;BAD_USER_ID",
            "12|S|99999999999999999999;BAD_USER_ID",
            "'12|S|1 ';BAD_USER_ID",
            "'12|S|1\r';BAD_USER_ID",
    })
    void rejectsMalformedLinesWithAPreciseReason(String line, Reason reason) {
        ParseResult result = EventParser.parse(line);
        assertThat(result).isInstanceOf(Rejection.class);
        assertThat(((Rejection) result).reason()).isEqualTo(reason);
    }

    @Test
    void aRejectionNamesTheOffendingValue() {
        Rejection rejection = (Rejection) EventParser.parse("12|F|bob|2");
        assertThat(rejection.detail()).isEqualTo("from user id \"bob\" is not a non-negative integer");
        assertThat(rejection.message()).isEqualTo("from user id \"bob\" is not a non-negative integer in line \"12|F|bob|2\"");
    }

    @Test
    void binaryJunkIsRejectedWithAnEscapedExcerpt() {
        byte[] junk = {(byte) 0xFF, 0x00, '|', 'B'};
        Rejection rejection = (Rejection) EventParser.parse(junk, 0, junk.length);
        assertThat(rejection.reason()).isEqualTo(Reason.BAD_SEQUENCE);
        assertThat(rejection.excerpt()).isEqualTo("\\xff\\x00|B");
    }

    @Test
    void invalidUtf8InAnIdIsRejected() {
        byte[] line = {'1', '|', 'S', '|', (byte) 0xC3, (byte) 0x28};
        assertThat(EventParser.parse(line, 0, line.length)).isInstanceOf(Rejection.class);
    }
}
