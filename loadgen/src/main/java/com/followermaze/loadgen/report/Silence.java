package com.followermaze.loadgen.report;

/**
 * A time in which no user client received a notification: from the last one before it to the
 * first one after it, as {@link System#nanoTime()} saw them (to within {@link SilenceRecorder}'s
 * poll).
 */
public record Silence(long fromNanos, long toNanos) {

    public Silence {
        if (toNanos < fromNanos) {
            throw new IllegalArgumentException("toNanos: " + toNanos + " (expected >= fromNanos " + fromNanos + ")");
        }
    }

    public long millis() {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
