package com.followermaze.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {

    @Test
    void keepsPrintableAsciiAndEscapesTheRest() {
        assertThat(Excerpt.of("a|b\t\\")).isEqualTo("a|b\\x09\\\\");
    }

    @Test
    void cutsLongTextAndSaysHowMuchWasLeftOut() {
        byte[] bytes = "x".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Excerpt.of(bytes, 0, 100, 10)).isEqualTo("xxxxxxxxxx...(+90 bytes)");
    }
}
