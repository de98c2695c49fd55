package com.followermaze.listener.source;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who may be the event source: an allow-list of addresses and CIDR blocks (empty: everyone) and
 * an optional shared secret, presented as the first line within {@code authTimeout}. Made from
 * the listener's configuration; validated here.
 *
 * @param allow       IP addresses and CIDR blocks, IPv4 or IPv6; empty admits every address
 * @param secret      the shared secret, or {@link SourceSecret#NONE} (the standard protocol)
 * @param authTimeout how long a connection may take to send its {@code AUTH} line
 */
public record SourceAccess(List<String> allow, SourceSecret secret, Duration authTimeout) {

    /** Default timeout for the {@code AUTH} line. */
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(10);

    /** Everyone, no handshake: the standard protocol. */
    public static final SourceAccess OPEN = new SourceAccess(List.of(), SourceSecret.NONE, DEFAULT_AUTH_TIMEOUT);

    public SourceAccess {
        allow = List.copyOf(allow);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(authTimeout, "authTimeout");
        SourceAllowList.validate(allow);
        if (authTimeout.isNegative() || authTimeout.isZero()) {
            throw new IllegalArgumentException("eventAuthTimeoutMs: " + authTimeout.toMillis() + " (expected > 0)");
        }
    }
}
