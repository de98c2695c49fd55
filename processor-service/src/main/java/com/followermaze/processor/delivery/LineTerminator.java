package com.followermaze.processor.delivery;

import java.util.Locale;

import com.followermaze.common.event.Event;

/** How notification lines end on the wire. */
public enum LineTerminator {
    /**
     * Each notification ends with the terminator its event line arrived with, {@code \n} or
     * {@code \r\n}: the event is forwarded exactly as read, so clients that send either and
     * compare the bytes they get back are all served. The default.
     */
    AS_READ,
    /** Always {@code \n}. */
    LF,
    /** Always {@code \r\n}, what the protocol text says. */
    CRLF;

    /** Whether {@code event}'s notification ends in {@code \r\n} (else {@code \n}). */
    boolean crlf(Event event) {
        return this == AS_READ ? event.endsWithCrlf() : this == CRLF;
    }

    /** The setting's value as users write it: {@code as-read}, {@code LF} or {@code CRLF}. */
    public String label() {
        return this == AS_READ ? "as-read" : name();
    }

    /**
     * The terminator {@code value} names, in any case: {@code as-read}, {@code LF} or {@code CRLF}.
     *
     * @throws IllegalArgumentException naming the setting and the values expected
     */
    public static LineTerminator parse(String value) {
        String upper = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "AS-READ", "AS_READ" -> AS_READ;
            case "LF" -> LF;
            case "CRLF" -> CRLF;
            default -> throw new IllegalArgumentException(
                    "--line-terminator: " + value + " (expected as-read, LF or CRLF)");
        };
    }
}
