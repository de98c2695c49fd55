package com.followermaze.loadgen.verify;

import java.util.Objects;

/**
 * One failed check: where (which client, or the event source), what kind, the expected line
 * and the line got ({@code "(nothing)"} where there was none), and a short explanation.
 */
public record Failure(FailureKind kind, String where, String expected, String got, String detail) {

    public static final String NOTHING = "(nothing)";

    private static final int EXCERPT_LENGTH = 80;

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(got, "got");
        Objects.requireNonNull(detail, "detail");
    }

    /** A printable excerpt of received bytes: ASCII as is, anything else as {@code \xNN}, truncated. */
    public static String excerpt(byte[] bytes, int length) {
        StringBuilder text = new StringBuilder(Math.min(length, EXCERPT_LENGTH) + 8);
        int i = 0;
        for (; i < length && text.length() < EXCERPT_LENGTH; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        if (i < length) { // bytes were left out (an escaped byte takes four characters)
            text.append("...");
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return kind + " at " + where + ": expected " + expected + ", got " + got + " (" + detail + ")";
    }
}
