package com.followermaze.processor.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters and gauges: batches and events taken in, released, refused and
 * dropped, streams and their decisions, the gap, acknowledgements and snapshots. Written by
 * the engine thread only; every value is safe to read from any thread at any time.
 */
public final class EngineStats {

    private final LongAdder batchesConsumed = new LongAdder();
    private final LongAdder eventsConsumed = new LongAdder();
    private final LongAdder eventsReleased = new LongAdder();
    private final LongAdder duplicatesHeld = new LongAdder();
    private final LongAdder duplicatesStale = new LongAdder();
    private final LongAdder tooFarAhead = new LongAdder();
    private final LongAdder retiredSessionEvents = new LongAdder();
    private final LongAdder streamsStarted = new LongAdder();
    private final LongAdder discardedAtNewStream = new LongAdder();
    private final LongAdder earlyAcks = new LongAdder();
    private final LongAdder snapshotsWritten = new LongAdder();
    private final LongAdder gapsSkipped = new LongAdder();
    private final LongAdder numbersSkipped = new LongAdder();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong nextExpected = new AtomicLong(1);
    private final AtomicLong unacknowledged = new AtomicLong();
    private final AtomicLong gapSinceNanos = new AtomicLong(GapClock.NO_GAP);
    private final LongAdder[] streamDecisions = adders(StreamDecision.values().length);
    private final AtomicLong undecidedEvents = new AtomicLong();
    private final AtomicLong undecidedSinceNanos = new AtomicLong(StreamSwitch.NO_UNDECIDED_SESSION);

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    void batchConsumed(int events) {
        batchesConsumed.increment();
        eventsConsumed.add(events);
    }

    void released(int count) {
        eventsReleased.add(count);
    }

    /** A refused duplicate: {@code stale} if its number was released already, else it was held. */
    void duplicate(boolean stale) {
        (stale ? duplicatesStale : duplicatesHeld).increment();
    }

    void refusedTooFarAhead() {
        tooFarAhead.increment();
    }

    void eventsFromRetiredSession(int count) {
        retiredSessionEvents.add(count);
    }

    void streamStarted(int discardedHeld) {
        streamsStarted.increment();
        discardedAtNewStream.add(discardedHeld);
    }

    /** A new source session was decided: see {@link StreamDecision}. */
    void streamDecided(StreamDecision decision) {
        streamDecisions[decision.ordinal()].increment();
    }

    /**
     * The undecided session after a batch: how many of its events are held, and since when (a
     * clock reading) it has been undecided, or {@link StreamSwitch#NO_UNDECIDED_SESSION} when no
     * session is.
     */
    void undecided(int events, long sinceNanos) {
        undecidedEvents.lazySet(events);
        undecidedSinceNanos.lazySet(sinceNanos);
    }

    /** A gap of {@code numbers} missing sequence numbers was given up on (the gap timeout). */
    void gapSkipped(long numbers) {
        gapsSkipped.increment();
        numbersSkipped.add(numbers);
    }

    void earlyAck() {
        earlyAcks.increment();
    }

    /** The engine wrote a state snapshot (recovery on). */
    void snapshotWritten() {
        snapshotsWritten.increment();
    }

    /** The engine's state after a batch: events held, the next expected number, batches unacknowledged. */
    void held(int heldNow, long nextExpectedNow, int unacknowledgedNow) {
        held.lazySet(heldNow);
        nextExpected.lazySet(nextExpectedNow);
        unacknowledged.lazySet(unacknowledgedNow);
    }

    /** Since when (a clock reading) the sequencer has held events behind its next expected number, or {@link GapClock#NO_GAP}. */
    void gapSince(long nanos) {
        gapSinceNanos.lazySet(nanos);
    }

    public long batchesConsumed() {
        return batchesConsumed.sum();
    }

    public long eventsConsumed() {
        return eventsConsumed.sum();
    }

    public long eventsReleased() {
        return eventsReleased.sum();
    }

    /** Refused duplicates of events still held. */
    public long duplicatesHeld() {
        return duplicatesHeld.sum();
    }

    /** Refused events whose number was released already: redeliveries and replays. */
    public long duplicatesStale() {
        return duplicatesStale.sum();
    }

    public long tooFarAhead() {
        return tooFarAhead.sum();
    }

    public long retiredSessionEvents() {
        return retiredSessionEvents.sum();
    }

    public long streamsStarted() {
        return streamsStarted.sum();
    }

    public long discardedAtNewStream() {
        return discardedAtNewStream.sum();
    }

    /** How many new sessions were decided as {@code decision}. */
    public long streamDecisions(StreamDecision decision) {
        return streamDecisions[decision.ordinal()].sum();
    }

    /** Events of a new source session held until it is known whether it starts a new stream. */
    public long undecidedEvents() {
        return undecidedEvents.get();
    }

    /** How long the current new source session has been undecided, in seconds at {@code nowNanos}; 0 when none is. */
    public double undecidedAgeSeconds(long nowNanos) {
        long since = undecidedSinceNanos.get();
        return since == StreamSwitch.NO_UNDECIDED_SESSION ? 0 : Math.max(0, nowNanos - since) / 1e9;
    }

    public long gapsSkipped() {
        return gapsSkipped.sum();
    }

    /** Sequence numbers skipped by the gap timeout: events that never arrived. */
    public long numbersSkipped() {
        return numbersSkipped.sum();
    }

    public long earlyAcks() {
        return earlyAcks.sum();
    }

    public long snapshotsWritten() {
        return snapshotsWritten.sum();
    }

    public long held() {
        return held.get();
    }

    public long nextExpected() {
        return nextExpected.get();
    }

    /** Consumed batches the engine has not acknowledged yet. */
    public long unacknowledgedBatches() {
        return unacknowledged.get();
    }

    /** The last sequence number released in the current stream; 0 before its first. */
    public long lastReleased() {
        return nextExpected.get() - 1;
    }

    /** Since when (a {@link System#nanoTime()} reading) the sequencer has held events behind its next expected number; see {@link #gapAgeSeconds}. */
    public long gapSinceNanos() {
        return gapSinceNanos.get();
    }

    /**
     * How long the sequencer has waited for its next expected number with events held behind
     * it, in seconds, at {@code nowNanos}; 0 while nothing is held.
     */
    public double gapAgeSeconds(long nowNanos) {
        long since = gapSinceNanos.get();
        return since == GapClock.NO_GAP ? 0 : Math.max(0, nowNanos - since) / 1e9;
    }
}
