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
 * @param targetCpuSeconds       the CPU time (user + system) the target's own processes used during
 *                               the run; NaN where unknown (the reference server runs in this JVM)
 * @param benchCpuSeconds        this JVM's CPU time during the run: the load generator's, and the
 *                               reference server's when it is the target; NaN where unknown
 */
record RunFigures(double eventsPerSecond, double notificationsPerSecond, double p50Millis, double p99Millis,
                  double p999Millis, boolean passed, long failures, double targetCpuSeconds, double benchCpuSeconds) {

    static RunFigures of(RunResult result, double targetCpuSeconds, double benchCpuSeconds) {
        double seconds = result.elapsed().toNanos() / 1e9;
        return new RunFigures(result.eventsPerSecond(), seconds > 0 ? result.notifications() / seconds : 0,
                result.latencyMillis(50), result.latencyMillis(99), result.latencyMillis(99.9), result.passed(),
                result.failureCount(), targetCpuSeconds, benchCpuSeconds);
    }
}
