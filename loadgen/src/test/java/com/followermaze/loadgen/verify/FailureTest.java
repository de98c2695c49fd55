package com.followermaze.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void aShortLineIsShownWhole() {
        byte[] line = "12|P|3|4".getBytes(StandardCharsets.US_ASCII);
        assertThat(Failure.excerpt(line, line.length)).isEqualTo("12|P|3|4");
    }

    @Test
    void aLineCutBecauseItsEscapesFillTheExcerptSaysSo() {
        byte[] line = new byte[30];
        java.util.Arrays.fill(line, (byte) 0xFF); // 30 bytes, each shown as four characters
        String excerpt = Failure.excerpt(line, line.length);
        assertThat(excerpt.endsWith("...")).as(excerpt).isTrue();
    }
}
