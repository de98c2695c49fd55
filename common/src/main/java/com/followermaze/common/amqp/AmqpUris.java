package com.followermaze.common.amqp;

import java.util.regex.Pattern;

/** Keeps broker credentials out of logs. */
public final class AmqpUris {

    private static final Pattern PASSWORD = Pattern.compile("^(\\s*[a-zA-Z][a-zA-Z0-9+.-]*://[^:@/]*):[^@/]*@");

    private AmqpUris() {
    }

    /**
     * {@code amqp://user:secret@host} becomes {@code amqp://user:****@host}, every URI of a
     * comma-separated list masked; other text is unchanged.
     */
    public static String mask(String uri) {
        if (uri == null) {
            return null;
        }
        String[] parts = uri.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = PASSWORD.matcher(parts[i]).replaceFirst("$1:****@");
        }
        return String.join(",", parts);
    }
}
