/**
 * JMH microbenchmarks of the per-event hot paths, one class per component:
 * {@link com.followermaze.benchmarks.EventParserBenchmark} (listener and processor),
 * {@link com.followermaze.benchmarks.BatchCodecBenchmark} (listener builds, processor decodes),
 * {@link com.followermaze.benchmarks.SequencerBenchmark} and
 * {@link com.followermaze.benchmarks.NotificationRulesBenchmark} (the processor's engine thread).
 *
 * <p>Every input is the load generator's own event stream ({@link
 * com.followermaze.benchmarks.GeneratedStream}: same scenario, seed, mix and batch shuffling as
 * {@code bin/loadgen}), generated in a {@code @Setup} method, never in a measured one. Methods that
 * process many events declare {@code @OperationsPerInvocation}, so every score, time and
 * {@code gc.alloc.rate.norm} alike, reads <em>per event</em>. Run them from
 * {@code benchmarks/target/benchmarks.jar}; BENCHMARKS.md has the command and the figures.
 */
package com.followermaze.benchmarks;
