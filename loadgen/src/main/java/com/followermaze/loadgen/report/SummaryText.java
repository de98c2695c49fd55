package com.followermaze.loadgen.report;

import java.util.Locale;

import com.followermaze.loadgen.verify.Failure;

/** The human summary printed at the end of a run. */
public final class SummaryText {

    /** The official test program's success banner. */
    public static final String SUCCESS_BANNER = "\\o/ ALL NOTIFICATIONS RECEIVED \\o/";

    private SummaryText() {
    }

    public static String format(RunResult result) {
        StringBuilder text = new StringBuilder();
        text.append(result.passed() ? SUCCESS_BANNER : "FAILED: " + result.failureCount() + " failure(s)").append('\n');
        text.append(String.format(Locale.ROOT, "scenario       %s, seed %d, %,d clients of %,d users%n",
                result.scenario(), result.seed(), result.clients(), result.users()));
        text.append("wire           ").append(result.wire().describe()).append('\n');
        text.append(String.format(Locale.ROOT, "events         %,d of %,d%n", result.eventsSent(), result.totalEvents()));
        text.append(String.format(Locale.ROOT, "notifications  %,d received, %,d expected%n",
                result.notifications(), result.expectedNotifications()));
        if (result.reconnections().enabled()) {
            var r = result.reconnections();
            text.append(String.format(Locale.ROOT,
                    "reconnections  %,d disconnected, %,d reconnected; %,d lines missed while away, %,d received again%n",
                    r.disconnects(), r.reconnects(), r.missed(), r.repeated()));
        }
        text.append(String.format(Locale.ROOT, "elapsed        %.3f s%n", result.elapsed().toNanos() / 1e9));
        text.append(String.format(Locale.ROOT, "events/s       %,.0f%n", result.eventsPerSecond()));
        text.append(String.format(Locale.ROOT, "latency (ms)   p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (%,d notifications)%n",
                result.latencyMillis(50), result.latencyMillis(99), result.latencyMillis(99.9), result.maxLatencyMillis(),
                result.latencyMicros().getTotalCount()));
        result.longestSilence().ifPresent(silence -> text.append(String.format(Locale.ROOT,
                "silences       %,d of at least %d ms without a notification, the longest %,d ms%n",
                result.silences().size(), SilenceRecorder.THRESHOLD_MILLIS, silence.millis())));
        text.append(String.format(Locale.ROOT, "failures       %,d%n", result.failureCount()));
        for (Failure failure : result.firstFailures()) {
            text.append("  ").append(failure.kind()).append(" at ").append(failure.where()).append('\n')
                    .append("    expected: ").append(failure.expected()).append('\n')
                    .append("    got:      ").append(failure.got()).append('\n')
                    .append("    ").append(failure.detail()).append('\n');
        }
        return text.toString();
    }
}
