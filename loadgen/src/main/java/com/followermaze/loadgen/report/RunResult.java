package com.followermaze.loadgen.report;

import java.time.Duration;
import java.util.List;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

import org.HdrHistogram.Histogram;

import com.followermaze.loadgen.verify.Failure;
import com.followermaze.loadgen.verify.ReconnectTotals;

/**
 * The outcome of a run: what was sent and received, how long it took, the latency from an
 * event's send to each notification's receipt (microseconds), and the failures.
 *
 * @param elapsed from the first event sent to the last expected notification received (or the
 *                first failure)
 * @param reconnections what the clients' reconnections did, {@link ReconnectTotals#OFF} without them
 * @param wire          the line terminator and the event source's connections
 * @param silences      the times of at least {@value SilenceRecorder#THRESHOLD_MILLIS} ms in which
 *                      no client received a notification, in the order they ended
 */
public record RunResult(
        boolean passed,
        String scenario,
        long seed,
        int clients,
        int users,
        long totalEvents,
        long eventsSent,
        long expectedNotifications,
        long notifications,
        Duration elapsed,
        Histogram latencyMicros,
        long failureCount,
        List<Failure> firstFailures,
        List<Sample> samples,
        ReconnectTotals reconnections,
        WireSettings wire,
        List<Silence> silences) {

    public RunResult {
        firstFailures = List.copyOf(firstFailures);
        samples = List.copyOf(samples);
        silences = List.copyOf(silences);
        Objects.requireNonNull(reconnections, "reconnections");
        Objects.requireNonNull(wire, "wire");
    }

    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : eventsSent / seconds;
    }

    /** A latency percentile in milliseconds; 0 when nothing was received. */
    public double latencyMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
    }

    public double maxLatencyMillis() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1_000.0;
    }

    /** The longest time in which no client received a notification, if one reached the recorder's threshold. */
    public Optional<Silence> longestSilence() {
        return silences.stream().max(Comparator.comparingLong(silence -> silence.toNanos() - silence.fromNanos()));
    }
}
