package com.followermaze.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class EventParserProperties {

    @Property
    void neverThrowsOnArbitraryBytes(@ForAll byte[] line) {
        ParseResult result = EventParser.parse(line, 0, line.length);
        assertThat(result).isNotNull();
        if (result instanceof Event event) {
            assertThat(event.payload().getBytes(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(line);
        }
    }

    @Property
    void everyWellFormedLineParsesBackToItsFields(@ForAll @LongRange(min = 1) long seq,
                                                  @ForAll @IntRange(min = 0) int from,
                                                  @ForAll @IntRange(min = 0) int to) {
        assertThat(EventParser.parse(seq + "|F|" + from + "|" + to)).isEqualTo(new Follow(seq, from, to, seq + "|F|" + from + "|" + to));
        assertThat(EventParser.parse(seq + "|S|" + from)).isEqualTo(new StatusUpdate(seq, from, seq + "|S|" + from));
    }

    @Property
    void validatingAgreesWithParsingOnArbitraryLines(@ForAll byte[] junk, @ForAll @LongRange(min = 1) long seq,
                                                      @ForAll @IntRange(min = 0) int from) {
        for (byte[] line : new byte[][] {junk, (seq + "|S|" + from).getBytes(java.nio.charset.StandardCharsets.US_ASCII)}) {
            ParseResult parsed = EventParser.parse(line, 0, line.length);
            Rejection validated = EventParser.validate(line, 0, line.length);
            if (parsed instanceof Event) {
                assertThat(validated).isNull();
            } else {
                assertThat(validated).isEqualTo(parsed);
            }
        }
    }
}
