package com.followermaze.loadgen.bench;

import com.followermaze.loadgen.report.RunResult;

/**
 * The figures of one run that the table shows.
 *
 * @param eventsPerSecond        events sent per second, from the first event to the last notification
 * @param notificationsPerSecond notifications received per second, over the same time
 * @param p50Millis              latency percentiles, event sent to notification received
 * @param passed                 whether the run passed its checks
 * @param failures               how many failures it had
 */
record RunFigures(double eventsPerSecond, double notificationsPerSecond, double p50Millis, double p99Millis,
                  double p999Millis, boolean passed, long failures) {

    static RunFigures of(RunResult result) {
        double seconds = result.elapsed().toNanos() / 1e9;
        return new RunFigures(result.eventsPerSecond(), seconds > 0 ? result.notifications() / seconds : 0,
                result.latencyMillis(50), result.latencyMillis(99), result.latencyMillis(99.9), result.passed(),
                result.failureCount());
    }
}
