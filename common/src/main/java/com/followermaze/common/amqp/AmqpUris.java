package com.followermaze.common.amqp;

import java.util.regex.Pattern;

/** Keeps broker credentials out of logs. */
public final class AmqpUris {

    private static final Pattern PASSWORD = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/]*):[^@/]*@");

    private AmqpUris() {
    }

    /** {@code amqp://user:secret@host} becomes {@code amqp://user:****@host}; other text is unchanged. */
    public static String mask(String uri) {
        return uri == null ? null : PASSWORD.matcher(uri).replaceFirst("$1:****@");
    }
}
