package com.followermaze.processor.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Times the sequencer's current gap: since when it has waited for its next expected number
 * with later events held, and whether that wait has outlasted the gap timeout. A gap begins
 * when events are first held, or when the number waited for moves on while events are still
 * held (a new gap); it ends when nothing is held.
 *
 * <p>Not thread-safe: it belongs to the engine thread. The time comes from the engine's clock,
 * read only when a gap begins or its age is asked for.
 */
final class GapClock {

    /** {@link #sinceNanos()} while there is no gap (nothing is held). */
    static final long NO_GAP = Long.MIN_VALUE;

    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final EngineStats stats;
    /** The next expected number the current gap waits for. */
    private long gapAt;
    private long sinceNanos = NO_GAP;

    /**
     * @param gapTimeout how long a gap may hold events before {@link #hasExpired()}; zero never expires
     * @param nanoClock  the engine's clock, {@link System#nanoTime()} readings
     */
    GapClock(Duration gapTimeout, LongSupplier nanoClock, EngineStats stats) {
        if (gapTimeout == null || gapTimeout.isNegative()) {
            throw new IllegalArgumentException("gapTimeout: " + gapTimeout + " (expected >= 0)");
        }
        this.timeoutNanos = gapTimeout.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Takes note of the sequencer's state after a change: {@code held} events wait for {@code nextExpected}. */
    void track(int held, long nextExpected) {
        if (held == 0) {
            if (sinceNanos != NO_GAP) {
                sinceNanos = NO_GAP;
                stats.gapSince(sinceNanos);
            }
        } else if (sinceNanos == NO_GAP || gapAt != nextExpected) {
            gapAt = nextExpected;
            sinceNanos = nanoClock.getAsLong();
            stats.gapSince(sinceNanos);
        }
    }

    /** Since when (a clock reading) the current gap has held events; {@link #NO_GAP} when nothing is held. */
    long sinceNanos() {
        return sinceNanos;
    }

    /** How long the current gap has held events, in nanoseconds, now; 0 when nothing is held. */
    long ageNanos() {
        return sinceNanos == NO_GAP ? 0 : nanoClock.getAsLong() - sinceNanos;
    }

    /** Whether a gap timeout is set and the current gap has held events for that long. */
    boolean hasExpired() {
        return timeoutNanos != 0 && sinceNanos != NO_GAP && ageNanos() >= timeoutNanos;
    }
}
