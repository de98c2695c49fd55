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

import com.followermaze.common.event.Event;
import com.followermaze.processor.sequence.Sequencer;

/**
 * The {@link Sequencer}, per event: {@link Sequencer#offer} of every event of a stream in wire
 * order (batches of 1..100, each shuffled, as the load generator sends them) and a
 * {@link Sequencer#drain} whenever the offered event is the next expected one, as the
 * processor's engine does. Every event is released exactly once.
 *
 * <p>The capacity is the processor's default {@code --max-reorder}, 1,048,576; the stream is
 * {@value #EVENTS} events, and the sequencer is reset (empty, nothing held) before each pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SequencerBenchmark {

    static final int EVENTS = 1 << 18;

    @Param("default")
    public String scenario;

    @Param("1048576")
    public int capacity;

    private Event[] wireOrder;
    private Sequencer<Event> sequencer;
    private Consumer<Event> release;

    @Setup
    public void generate(Blackhole blackhole) {
        wireOrder = GeneratedStream.of(scenario, EVENTS).wireEvents;
        sequencer = new Sequencer<>(capacity);
        release = blackhole::consume;
    }

    /** Offers the whole stream and drains as it goes; the score is per event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int offerAndDrain() {
        sequencer.reset();
        int released = 0;
        for (Event event : wireOrder) {
            if (sequencer.offer(event.seq(), event) == Sequencer.Outcome.ACCEPTED
                    && event.seq() == sequencer.nextExpected()) {
                released += sequencer.drain(release);
            }
        }
        if (released != EVENTS) {
            throw new IllegalStateException("released " + released + " of " + EVENTS + " events");
        }
        return released;
    }
}
