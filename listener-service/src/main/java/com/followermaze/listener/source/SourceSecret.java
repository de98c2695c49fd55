package com.followermaze.listener.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret an event source must present in its first line, {@code AUTH <secret>}, or
 * none (the standard protocol, the default).
 *
 * <p>The secret never leaves this object: {@link #toString()} says only {@code (set)} or
 * {@code (not set)}, so configurations holding it can be logged. The comparison is constant-time
 * in the content ({@link MessageDigest#isEqual}); only a difference in length shows in the time
 * it takes. Immutable and thread-safe.
 */
public final class SourceSecret {

    /** No secret: sources speak the standard protocol. */
    public static final SourceSecret NONE = new SourceSecret(new byte[0]);

    private static final byte[] PREFIX = "AUTH ".getBytes(StandardCharsets.US_ASCII);

    /** The whole expected first line, {@code AUTH <secret>}; empty when there is no secret. */
    private final byte[] expectedLine;

    private SourceSecret(byte[] expectedLine) {
        this.expectedLine = expectedLine;
    }

    /**
     * The secret {@code secret}, or {@link #NONE} when it is {@code null} or empty.
     *
     * @throws IllegalArgumentException when it holds a line break or is not printable ASCII
     *                                  (it must fit on one line of the event port)
     */
    public static SourceSecret of(String secret) {
        if (secret == null || secret.isEmpty()) {
            return NONE;
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c <= ' ' || c > '~') {
                // The value is not echoed: it is a secret.
                throw new IllegalArgumentException("eventSecret: character " + (i + 1)
                        + " is not printable ASCII (expected printable ASCII, no spaces)");
            }
        }
        byte[] bytes = secret.getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[PREFIX.length + bytes.length];
        System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
        System.arraycopy(bytes, 0, line, PREFIX.length, bytes.length);
        return new SourceSecret(line);
    }

    /** Whether sources must authenticate. */
    public boolean isSet() {
        return expectedLine.length > 0;
    }

    /** The length of the expected line, {@code AUTH } included; for framing it. */
    public int lineLength() {
        return expectedLine.length;
    }

    /** Whether {@code line} (terminator stripped) is exactly {@code AUTH <secret>}; constant-time in content. */
    public boolean matches(byte[] line) {
        return isSet() && MessageDigest.isEqual(expectedLine, line);
    }

    @Override
    public String toString() {
        return isSet() ? "(set)" : "(not set)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceSecret that && MessageDigest.isEqual(expectedLine, that.expectedLine);
    }

    @Override
    public int hashCode() {
        return expectedLine.length;
    }
}
