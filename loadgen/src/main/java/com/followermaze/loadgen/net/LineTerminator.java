package com.followermaze.loadgen.net;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The terminator the load generator sends after each event line and each user id, and the
 * one its clients then require at the end of every notification, byte for byte: the server
 * forwards each line with the terminator it arrived with.
 */
public enum LineTerminator {
    LF("\n"),
    CRLF("\r\n");

    private final String text;

    LineTerminator(String text) {
        this.text = text;
    }

    /** The terminator's characters. */
    public String text() {
        return text;
    }

    /** A fresh copy of the terminator's bytes. */
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The terminator named {@code LF} or {@code CRLF}, in any case. */
    public static LineTerminator ofLabel(String label) {
        try {
            return valueOf(label.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--line-terminator: '" + label + "' (expected LF or CRLF)", e);
        }
    }
}
