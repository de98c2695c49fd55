package com.followermaze.common.event;

import java.nio.charset.StandardCharsets;

/**
 * Makes network input safe and short enough to log: printable ASCII is kept, every other
 * byte is written as {@code \xNN}, and text past a limit is cut with a note of how much was
 * left out.
 */
public final class Excerpt {

    /** How many bytes of a line an excerpt keeps by default. */
    public static final int DEFAULT_MAX_BYTES = 64;

    private Excerpt() {
    }

    public static String of(byte[] bytes, int offset, int length) {
        return of(bytes, offset, length, DEFAULT_MAX_BYTES);
    }

    public static String of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return of(bytes, 0, bytes.length, DEFAULT_MAX_BYTES);
    }

    public static String of(byte[] bytes, int offset, int length, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected > 0)");
        }
        int shown = Math.min(length, maxBytes);
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = offset; i < offset + shown; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\\') {
                out.append((char) b);
            } else if (b == '\\') {
                out.append("\\\\");
            } else {
                out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
        if (length > shown) {
            out.append("...(+").append(length - shown).append(" bytes)");
        }
        return out.toString();
    }
}
