package com.followermaze.listener.source;

import java.time.Duration;
import java.util.Objects;

/**
 * How the event port frames and batches lines; made from the listener's configuration, which
 * validates the values.
 *
 * @param maxLineLength the longest line accepted, in bytes, terminator excluded
 * @param batchSize     the most events in one batch
 * @param batchBytes    the most bytes in one batch body (every line plus its terminator)
 * @param batchLinger   how long the first event of a batch waits for the batch to fill; 0: a batch
 *                      is cut at the end of each read from the source
 * @param sessionDeadline how long after a session's first line its DEADLINE batch is cut
 */
public record SourceSettings(int maxLineLength, int batchSize, int batchBytes, Duration batchLinger,
                             Duration sessionDeadline) {

    public SourceSettings {
        Objects.requireNonNull(batchLinger, "batchLinger");
        Objects.requireNonNull(sessionDeadline, "sessionDeadline");
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected > 0)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: " + batchSize + " (expected > 0)");
        }
        if (batchBytes <= maxLineLength) {
            throw new IllegalArgumentException("batchBytes: " + batchBytes + " (expected > maxLineLength " + maxLineLength + ")");
        }
        if (batchLinger.isNegative()) {
            throw new IllegalArgumentException("batchLinger: " + batchLinger + " (expected >= 0)");
        }
        if (sessionDeadline.isNegative() || sessionDeadline.isZero()) {
            throw new IllegalArgumentException("sessionDeadline: " + sessionDeadline + " (expected > 0)");
        }
    }
}
