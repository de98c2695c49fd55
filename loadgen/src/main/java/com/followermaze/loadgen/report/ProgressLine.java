package com.followermaze.loadgen.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The live progress line: events sent of the total, notifications received, the send rate and
 * the ETA. The rate is taken over a sliding rate window of the last few seconds of samples, not
 * between the last two: the feed sends in bursts (batches, a broker confirm window, a paced rate), so
 * the instant rate is 0 in many one-second intervals and tells nothing.
 *
 * <p>Fed by one thread (the sampler's); not thread-safe. The clock is the samples' own
 * {@link Sample#elapsedSeconds()}, so the computation is testable without waiting.
 */
final class ProgressLine {

    /** The rate window the rate and the ETA are taken over, in seconds. */
    static final double RATE_WINDOW_SECONDS = 3;

    private final long totalEvents;
    private final double rateWindowSeconds;
    private final Deque<Sample> recent = new ArrayDeque<>();

    ProgressLine(long totalEvents, double rateWindowSeconds) {
        if (totalEvents < 0) {
            throw new IllegalArgumentException("totalEvents: " + totalEvents + " (expected >= 0)");
        }
        if (!(rateWindowSeconds > 0)) {
            throw new IllegalArgumentException("rateWindowSeconds: " + rateWindowSeconds + " (expected > 0)");
        }
        this.totalEvents = totalEvents;
        this.rateWindowSeconds = rateWindowSeconds;
    }

    /**
     * Takes the next sample (samples come in time order) and returns the line as of it: the rate
     * is over the rate window ending at this sample (over all the samples so far while the run is
     * younger than the rate window).
     */
    String update(Sample current) {
        recent.addLast(current);
        double rateWindowStart = current.elapsedSeconds() - rateWindowSeconds;
        // Keep the newest sample at or before the rate window's start as the base, so the rate spans
        // at least the rate window once there is enough history.
        while (recent.size() > 2 && second().elapsedSeconds() <= rateWindowStart) {
            recent.removeFirst();
        }
        return format(current, eventsPerSecond(recent.peekFirst(), current));
    }

    private Sample second() {
        var iterator = recent.iterator();
        iterator.next();
        return iterator.next();
    }

    private static double eventsPerSecond(Sample base, Sample current) {
        double seconds = current.elapsedSeconds() - base.elapsedSeconds();
        return seconds <= 0 ? 0 : (current.eventsSent() - base.eventsSent()) / seconds;
    }

    private String format(Sample current, double rate) {
        long remaining = totalEvents - current.eventsSent();
        String eta = remaining <= 0 ? "0:00" : rate <= 0 ? "?" : clock(Math.round(remaining / rate));
        double percent = totalEvents == 0 ? 100 : 100.0 * current.eventsSent() / totalEvents;
        return String.format(Locale.ROOT, "events %,d/%,d (%.0f%%)  notifications %,d  %,.0f events/s  ETA %s",
                current.eventsSent(), totalEvents, percent, current.notifications(), rate, eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
