package com.followermaze.listener.publish;

import java.time.Duration;

/**
 * How long the publisher waits, after the broker nacked a batch, before it publishes anything
 * again: a bounded event queue refuses publishes while it is full (see {@code Topology}), and
 * publishing the refused batch again at once would only be refused again, as fast as the
 * broker can answer.
 *
 * <p>The first nack after an ack pauses {@code initial}; each nack that arrives after the
 * pause has ended (the batch published again was refused again, say) doubles the pause, up to
 * {@code max}; nacks during a pause (of other batches in flight) do not lengthen it. An ack
 * means the queue took a batch: the next nack starts from {@code initial} again.
 *
 * <p>Threading: not thread-safe; it belongs to the publisher thread. Times are
 * {@link System#nanoTime()} readings passed in.
 */
final class NackPause {

    /** The first pause: about a batch's time through the processor at full speed. */
    static final Duration DEFAULT_INITIAL = Duration.ofMillis(1);
    /** The longest pause. */
    static final Duration DEFAULT_MAX = Duration.ofMillis(64);

    private final long initialNanos;
    private final long maxNanos;
    /** The pause the last nack started; 0 when none since the last ack. */
    private long pauseNanos;
    private long untilNanos;

    NackPause(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: " + initial + " (expected > 0)");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected >= initial " + initial + ")");
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    NackPause() {
        this(DEFAULT_INITIAL, DEFAULT_MAX);
    }

    /** The broker nacked a batch at {@code nowNanos}. */
    void nacked(long nowNanos) {
        if (pauseNanos > 0 && nowNanos - untilNanos < 0) {
            return; // one refusal of several in flight: the pause already running covers it
        }
        pauseNanos = pauseNanos == 0 ? initialNanos : Math.min(pauseNanos * 2, maxNanos);
        untilNanos = nowNanos + pauseNanos;
    }

    /** The broker acked a batch: the queue had room. */
    void acked() {
        pauseNanos = 0;
    }

    /** How much longer the publisher waits at {@code nowNanos}; 0 when it may publish. */
    long remainingNanos(long nowNanos) {
        if (pauseNanos == 0) {
            return 0;
        }
        return Math.max(0, untilNanos - nowNanos);
    }
}
