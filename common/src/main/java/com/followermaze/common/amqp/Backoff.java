package com.followermaze.common.amqp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for reconnect loops: the n-th wait is a random duration
 * between half and all of {@code min(initial * 2^n, max)}.
 */
public record Backoff(Duration initial, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: " + initial + " (expected > 0)");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected >= initial " + initial + ")");
        }
    }

    /** The wait before attempt {@code attempt + 1}, counting failed attempts from 0. */
    public Duration delay(int attempt) {
        long ceiling = initial.toMillis() << Math.min(attempt, 20);
        long capped = Math.min(Math.max(ceiling, initial.toMillis()), max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
