/**
 * What a run tells its user: the live progress line, the final summary (text or one JSON
 * line), and the HTML or PNG report with the run's origin ({@link com.followermaze.loadgen.report.RunInfo}),
 * events and notifications over time and the latency distribution.
 *
 * <p>{@link com.followermaze.loadgen.report.RunSampler} samples the run's counters and latency
 * once a second on its own thread; everything else formats a finished
 * {@link com.followermaze.loadgen.report.RunResult}.
 */
package com.followermaze.loadgen.report;
