package com.followermaze.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class EventTest {

    private static final byte[] BODY = "1|F|2|3\n2|B\n3|S|2\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aParsedEventRefersToTheCallersArrayInsteadOfCopyingItsLine() {
        Event event = (Event) EventParser.parse(BODY, 8, 3);
        assertThat(event).isEqualTo(new Broadcast(2, "2|B"));
        assertThat(event.line()).isSameAs(BODY);
        assertThat(event.lineOffset()).isEqualTo(8);
        assertThat(event.lineLength()).isEqualTo(3);
        assertThat(event.payload()).isEqualTo("2|B");
    }

    @Test
    void eventsAreEqualWhenTheirFieldsAndLineBytesAreWhereverTheLinesAre() {
        Event inBody = (Event) EventParser.parse(BODY, 12, 5);
        Event alone = new StatusUpdate(3, 2, "3|S|2");
        assertThat(inBody).isEqualTo(alone).hasSameHashCodeAs(alone).hasToString("StatusUpdate[3|S|2]");
        assertThat(inBody).isNotEqualTo(new StatusUpdate(3, 2, "3|S|02"))
                .isNotEqualTo(new StatusUpdate(3, 4, "3|S|2"))
                .isNotEqualTo(new StatusUpdate(4, 2, "3|S|2"))
                .isNotEqualTo(new PrivateMessage(3, 2, 0, "3|S|2"));
        assertThat(new Follow(1, 2, 3, "1|F|2|3")).isNotEqualTo(new Unfollow(1, 2, 3, "1|F|2|3"));
    }

    @Test
    void withOwnLineCopiesJustTheLineAndKeepsEverythingElse() {
        for (int[] slice : new int[][] {{0, 7}, {8, 3}, {12, 5}}) {
            Event inBody = (Event) EventParser.parse(BODY, slice[0], slice[1]);
            Event own = inBody.withOwnLine();
            assertThat(own).isEqualTo(inBody).isInstanceOf(inBody.getClass());
            assertThat(own.line()).isNotSameAs(BODY).hasSize(slice[1]);
            assertThat(own.lineOffset()).isZero();
            assertThat(own.withOwnLine()).isSameAs(own);
        }
    }

    @Test
    void anEventKnowsTheTerminatorItsLineWasReadWithAndKeepsItInItsOwnLine() {
        byte[] body = "1|F|2|3\r\n2|B\n3|S|2\r\n".getBytes(StandardCharsets.US_ASCII);
        Event crlf = (Event) EventParser.parse(body, 0, 7);
        Event lf = (Event) EventParser.parse(body, 9, 3);
        Event lastCrlf = (Event) EventParser.parse(body, 13, 5);
        assertThat(crlf.endsWithCrlf()).isTrue();
        assertThat(lf.endsWithCrlf()).isFalse();
        assertThat(lastCrlf.endsWithCrlf()).isTrue();
        assertThat(new Broadcast(2, "2|B").endsWithCrlf()).isFalse();
        Event own = crlf.withOwnLine();
        assertThat(own.endsWithCrlf()).isTrue();
        assertThat(own.payload()).isEqualTo("1|F|2|3");
        assertThat(own).isEqualTo(crlf);
        assertThat(own.withOwnLine()).isSameAs(own);
        assertThat(lf.withOwnLine().endsWithCrlf()).isFalse();
    }

    @Test
    void anEventRefusesALineSliceOutsideItsArrayNamingTheValues() {
        assertThatThrownBy(() -> new Broadcast(1, BODY, BODY.length - 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lineOffset, lineLength: " + (BODY.length - 2) + ", 3");
        assertThatThrownBy(() -> new Broadcast(1, BODY, -1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Broadcast(1, BODY, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Broadcast(1, null, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line: null");
        assertThatThrownBy(() -> new Broadcast(1, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload: \"\"");
    }

    @Test
    void aPayloadGivenAsTextMustBeAsciiLikeEveryValidLine() {
        assertThatThrownBy(() -> new Broadcast(1, "1|B\u00e9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected ASCII");
        assertThatThrownBy(() -> new StatusUpdate(1, 2, "1|S|2\uD83D\uDE00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected ASCII");
    }
}
