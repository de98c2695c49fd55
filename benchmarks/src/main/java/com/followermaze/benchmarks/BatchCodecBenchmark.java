package com.followermaze.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import com.followermaze.common.batch.BatchBuilder;
import com.followermaze.common.batch.BatchFormat;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.event.ParseResult;

/**
 * The batch codec on a full batch of {@value #EVENTS} events (the default {@code --batch-size}),
 * per event: the listener's {@link BatchBuilder#add} of each line and {@link BatchBuilder#cut},
 * and the processor's {@link BatchFormat#decode} of such a body (which re-parses every line).
 *
 * <p>The lines are the first {@value #EVENTS} of a load generator run, in wire order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BatchCodecBenchmark {

    static final int EVENTS = 1000;

    @Param("default")
    public String scenario;

    private byte[][] lines;
    private BatchBuilder builder;
    private byte[] body;
    private Consumer<ParseResult> sink;

    @Setup
    public void generate(Blackhole blackhole) {
        lines = GeneratedStream.of(scenario, EVENTS).wireLines;
        // The listener's initial capacity (64 KiB at the default --batch-bytes): no growth here.
        builder = new BatchBuilder("benchmark", 64 * 1024);
        for (byte[] line : lines) {
            builder.add(line, 0, line.length);
        }
        body = builder.cut().body();
        sink = blackhole::consume;
    }

    /** Appends {@value #EVENTS} lines and cuts them into a batch; the score is per event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public EventBatch buildAndCut() {
        for (byte[] line : lines) {
            builder.add(line, 0, line.length);
        }
        return builder.cut();
    }

    /** Decodes a body of {@value #EVENTS} lines into events; the score is per event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void decode() {
        BatchFormat.decode(body, sink);
    }
}
