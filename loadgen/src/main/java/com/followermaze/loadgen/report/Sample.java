package com.followermaze.loadgen.report;

/**
 * The run's counters at one moment, and the latency of the notifications received since the
 * previous sample (0 when there were none).
 */
public record Sample(double elapsedSeconds, long eventsSent, long notifications,
                     double latencyP50Millis, double latencyP99Millis, double latencyMaxMillis) {
}
