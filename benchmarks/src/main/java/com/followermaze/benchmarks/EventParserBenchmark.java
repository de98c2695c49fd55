package com.followermaze.benchmarks;

import java.util.concurrent.TimeUnit;

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

import com.followermaze.common.event.EventParser;

/**
 * The strict line parser, {@link EventParser#parse(byte[], int, int)}, per line: the listener
 * runs it on every line it reads, the processor again on every line it decodes.
 *
 * <p>The input is {@value #LINES} valid lines of a load generator run (default mix: about
 * 55% Status, 15% each of Follow, Unfollow and Private, a few Broadcasts), in wire order,
 * packed into one array and parsed in place from their offsets, as the processor does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventParserBenchmark {

    static final int LINES = 1 << 16;

    @Param("default")
    public String scenario;

    private byte[] text;
    private int[] offsets;
    private int[] lengths;

    @Setup
    public void generate() {
        byte[][] lines = GeneratedStream.of(scenario, LINES).wireLines;
        int total = 0;
        for (byte[] line : lines) {
            total += line.length;
        }
        text = new byte[total];
        offsets = new int[LINES];
        lengths = new int[LINES];
        int at = 0;
        for (int i = 0; i < LINES; i++) {
            System.arraycopy(lines[i], 0, text, at, lines[i].length);
            offsets[i] = at;
            lengths[i] = lines[i].length;
            at += lines[i].length;
        }
    }

    /** Parses every line once; the score is per line. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(Blackhole blackhole) {
        for (int i = 0; i < LINES; i++) {
            blackhole.consume(EventParser.parse(text, offsets[i], lengths[i]));
        }
    }

    /** Validates every line once without building events, as the listener does; per line. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void validate(Blackhole blackhole) {
        for (int i = 0; i < LINES; i++) {
            blackhole.consume(EventParser.validate(text, offsets[i], lengths[i]));
        }
    }
}
