package com.followermaze.loadgen.report;

import java.util.Locale;

/** The live progress line: events sent of the total, notifications received, current rate and ETA. */
public final class ProgressLine {

    private ProgressLine() {
    }

    static String format(Sample previous, Sample current, long totalEvents) {
        double seconds = current.elapsedSeconds() - previous.elapsedSeconds();
        double rate = seconds <= 0 ? 0 : (current.eventsSent() - previous.eventsSent()) / seconds;
        long remaining = totalEvents - current.eventsSent();
        String eta = remaining <= 0 ? "0:00" : rate <= 0 ? "?" : clock((long) (remaining / rate));
        return String.format(Locale.ROOT, "events %,d/%,d (%.0f%%)  notifications %,d  %,.0f events/s  ETA %s",
                current.eventsSent(), totalEvents, 100.0 * current.eventsSent() / totalEvents,
                current.notifications(), rate, eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
