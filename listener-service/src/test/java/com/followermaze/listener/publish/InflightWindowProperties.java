package com.followermaze.listener.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link InflightWindow} against a model of its two bounds and their low-water marks, on random
 * interleavings of cuts (only while it has room), confirms, batches finished downstream (more than
 * were cut, too, as after a republished batch), and the broker blocking or going away.
 */
class InflightWindowProperties {

    enum Kind { CUT, CONFIRM, FINISH, BLOCK, UNBLOCK, DISCONNECT, CONNECT }

    /** One step; {@code count} is how many batches a confirm or a finish gives back (at least one). */
    record Step(Kind kind, int count) {
    }

    @Property(tries = 500)
    void pausesExactlyWhenAnyBoundIsReachedAndResumesOnlyOnceAllAreAtTheirLowWaterMarks(
            @ForAll @IntRange(min = 1, max = 8) int capacity, @ForAll @IntRange(min = 0, max = 12) int downstreamLimit,
            @ForAll("steps") @Size(max = 300) List<Step> steps) {
        InflightWindow window = new InflightWindow(capacity, downstreamLimit);
        int inflight = 0;
        int unfinished = 0;
        boolean blocked = false;
        boolean connected = true;
        boolean paused = false;
        for (Step step : steps) {
            switch (step.kind()) {
                case CUT -> {
                    boolean room = inflight < capacity;
                    assertThat(window.tryAcquire()).as("a slot with %d of %d in flight", inflight, capacity).isEqualTo(room);
                    if (room) {
                        inflight++;
                        unfinished += downstreamLimit > 0 ? 1 : 0;
                    }
                }
                case CONFIRM -> {
                    int confirmed = Math.min(step.count(), inflight);
                    if (confirmed > 0) {
                        window.release(confirmed);
                        inflight -= confirmed;
                    }
                }
                case FINISH -> {
                    window.downstreamFinished(step.count());
                    unfinished = Math.max(0, unfinished - (downstreamLimit > 0 ? step.count() : 0));
                }
                case BLOCK -> {
                    window.setBrokerBlocked(true);
                    blocked = true;
                }
                case UNBLOCK -> {
                    window.setBrokerBlocked(false);
                    blocked = false;
                }
                case DISCONNECT -> {
                    window.setBrokerConnected(false);
                    connected = false;
                }
                case CONNECT -> {
                    window.setBrokerConnected(true);
                    connected = true;
                }
            }
            boolean downstreamFull = downstreamLimit > 0 && unfinished >= downstreamLimit;
            boolean downstreamLow = downstreamLimit == 0 || unfinished <= downstreamLimit / 2;
            if (inflight >= capacity || blocked || !connected || downstreamFull) {
                paused = true;
            } else if (inflight <= capacity / 2 && downstreamLow) {
                paused = false;
            }
            assertThat(window.inflight()).isEqualTo(inflight);
            assertThat(window.unfinishedDownstream()).isEqualTo(unfinished);
            assertThat(window.isPaused()).as("paused after %s (inflight %d/%d, unfinished %d/%d, blocked %s, connected %s)",
                    step, inflight, capacity, unfinished, downstreamLimit, blocked, connected).isEqualTo(paused);
            assertThat(window.isDownstreamBehind()).isEqualTo(paused && downstreamLimit > 0 && !downstreamLow);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(6, Kind.CUT), Tuple.of(2, Kind.CONFIRM),
                Tuple.of(3, Kind.FINISH), Tuple.of(1, Kind.BLOCK), Tuple.of(1, Kind.UNBLOCK),
                Tuple.of(1, Kind.DISCONNECT), Tuple.of(1, Kind.CONNECT));
        return Combinators.combine(kinds, Arbitraries.integers().between(1, 4)).as(Step::new).list();
    }
}
