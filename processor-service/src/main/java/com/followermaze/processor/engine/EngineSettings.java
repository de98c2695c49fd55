package com.followermaze.processor.engine;

import java.time.Duration;

/**
 * The engine's bounds.
 *
 * @param maxReorder      how far ahead of the next expected sequence number an event may
 *                        arrive and still be held (the sequencer's capacity, rounded up to a
 *                        power of two)
 * @param newStreamWindow a new source session continues the current stream as soon as it sends
 *                        an event numbered above this, or this-many events without a 1 (so at
 *                        most this-many events are held undecided); see {@link StreamSwitch}
 * @param prefetch        how many batches the broker lets the processor hold unacknowledged
 * @param gapTimeout      how long a missing sequence number may hold later events before it
 *                        is skipped; zero never skips (the default)
 */
public record EngineSettings(int maxReorder, int newStreamWindow, int prefetch, Duration gapTimeout) {

    /** Settings with no gap timeout. */
    public EngineSettings(int maxReorder, int newStreamWindow, int prefetch) {
        this(maxReorder, newStreamWindow, prefetch, Duration.ZERO);
    }

    public EngineSettings {
        if (maxReorder < 1) {
            throw new IllegalArgumentException("maxReorder: " + maxReorder + " (expected > 0)");
        }
        if (newStreamWindow < 1) {
            throw new IllegalArgumentException("newStreamWindow: " + newStreamWindow + " (expected > 0)");
        }
        if (gapTimeout == null || gapTimeout.isNegative()) {
            throw new IllegalArgumentException("gapTimeout: " + gapTimeout + " (expected >= 0)");
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch: " + prefetch + " (expected > 0)");
        }
    }
}
