/**
 * {@code bin/bench}: starts the servers to measure (the pipeline as {@code bin/follower-maze}
 * on the embedded broker or on RabbitMQ, a scale-out of {@code bin/listener-service} and
 * {@code bin/processor-service}, or the in-process reference server), waits for each process's
 * {@code /health/ready}, runs the load generator against them in this JVM, and prints the runs,
 * the median of each scenario and rate, and the ratios between the targets' medians.
 *
 * <pre>
 *  BenchMain -- BenchOptions -> BenchConfig
 *      |
 *  BenchRunner: for each target, scenario, rate: warm-ups, runs (LoadRun)
 *      |            \__ ServerUnderTest: PipelineProcesses (ProcessBuilder, /health/ready)
 *      |                                 or InProcessReference (ReferenceServer)
 *  ResultTable: rows, medians (Medians), ratios
 * </pre>
 */
package com.followermaze.loadgen.bench;
