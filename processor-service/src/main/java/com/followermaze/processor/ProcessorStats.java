package com.followermaze.processor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.followermaze.processor.engine.StreamDecision;

/**
 * The processor's counters and gauges. Written by the engine, consumer and I/O threads,
 * read by anyone (tests, the status line, a metrics exporter); every field is safe to read
 * from any thread at any time.
 */
public final class ProcessorStats {

    private final LongAdder batchesConsumed = new LongAdder();
    private final LongAdder eventsConsumed = new LongAdder();
    private final LongAdder eventsReleased = new LongAdder();
    private final LongAdder duplicatesHeld = new LongAdder();
    private final LongAdder duplicatesStale = new LongAdder();
    private final LongAdder tooFarAhead = new LongAdder();
    private final LongAdder retiredSourceEvents = new LongAdder();
    private final LongAdder streamsStarted = new LongAdder();
    private final LongAdder discardedAtNewStream = new LongAdder();
    private final LongAdder earlyAcks = new LongAdder();
    private final LongAdder snapshotsWritten = new LongAdder();
    private final LongAdder gapsSkipped = new LongAdder();
    private final LongAdder numbersSkipped = new LongAdder();
    private final LongAdder rejectedLines = new LongAdder();
    private final LongAdder badMessages = new LongAdder();
    private final LongAdder notifications = new LongAdder();
    private final LongAdder userWrites = new LongAdder();
    private final LongAdder usersRejected = new LongAdder();
    private final LongAdder usersReplaced = new LongAdder();
    private final LongAdder userConnectionsRefused = new LongAdder();
    private final LongAdder tlsHandshakesFailed = new LongAdder();
    private final LongAdder slowClientDisconnects = new LongAdder();
    private final LongAdder slowClientDrops = new LongAdder();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong nextExpected = new AtomicLong(1);
    private final AtomicLong unacknowledged = new AtomicLong();
    private final AtomicLong gapSinceNanos = new AtomicLong(NO_GAP);
    private final LongAdder[] streamDecisions = adders(StreamDecision.values().length);
    private final AtomicLong undecidedEvents = new AtomicLong();
    private final AtomicLong undecidedSinceNanos = new AtomicLong(NO_GAP);

    /** {@link #gapSinceNanos()} when the sequencer holds nothing; the undecided session's "since" when there is none. */
    public static final long NO_GAP = Long.MIN_VALUE;

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    public void batchConsumed(int events) {
        batchesConsumed.increment();
        eventsConsumed.add(events);
    }

    public void released(int count) {
        eventsReleased.add(count);
    }

    /** A refused duplicate: {@code stale} if its number was released already, else it was held. */
    public void duplicate(boolean stale) {
        (stale ? duplicatesStale : duplicatesHeld).increment();
    }

    public void refusedTooFarAhead() {
        tooFarAhead.increment();
    }

    public void eventsFromRetiredSource(int count) {
        retiredSourceEvents.add(count);
    }

    public void streamStarted(int discardedHeld) {
        streamsStarted.increment();
        discardedAtNewStream.add(discardedHeld);
    }

    /** A new source session was decided: see {@link StreamDecision}. */
    public void streamDecided(StreamDecision decision) {
        streamDecisions[decision.ordinal()].increment();
    }

    /** How many new sessions were decided as {@code decision}. */
    public long streamDecisions(StreamDecision decision) {
        return streamDecisions[decision.ordinal()].sum();
    }

    /**
     * The undecided session after a batch: how many of its events are held, and since when (a
     * {@link System#nanoTime()} reading) it has been undecided, or {@link #NO_GAP} when no session
     * is; set by the engine thread.
     */
    public void undecided(int events, long sinceNanos) {
        undecidedEvents.lazySet(events);
        undecidedSinceNanos.lazySet(sinceNanos);
    }

    /** Events of a new source session held until it is known whether it starts a new stream. */
    public long undecidedEvents() {
        return undecidedEvents.get();
    }

    /** How long the current new source session has been undecided, in seconds at {@code nowNanos}; 0 when none is. */
    public double undecidedAgeSeconds(long nowNanos) {
        long since = undecidedSinceNanos.get();
        return since == NO_GAP ? 0 : Math.max(0, nowNanos - since) / 1e9;
    }

    /** A gap of {@code numbers} missing sequence numbers was given up on (the gap timeout). */
    public void gapSkipped(long numbers) {
        gapsSkipped.increment();
        numbersSkipped.add(numbers);
    }

    public long gapsSkipped() {
        return gapsSkipped.sum();
    }

    /** Sequence numbers skipped by the gap timeout: events that never arrived. */
    public long numbersSkipped() {
        return numbersSkipped.sum();
    }

    public void earlyAck() {
        earlyAcks.increment();
    }

    /** The engine wrote a state snapshot (recovery on). */
    public void snapshotWritten() {
        snapshotsWritten.increment();
    }

    public long snapshotsWritten() {
        return snapshotsWritten.sum();
    }

    /** The engine's state after a batch: events held, the next expected number, batches unacknowledged. */
    public void held(int heldNow, long nextExpectedNow, int unacknowledgedNow) {
        held.lazySet(heldNow);
        nextExpected.lazySet(nextExpectedNow);
        unacknowledged.lazySet(unacknowledgedNow);
    }

    /**
     * Since when (a {@link System#nanoTime()} reading) the sequencer has held events behind
     * its next expected number, or {@link #NO_GAP}; set by the engine thread.
     */
    public void gapSince(long nanos) {
        gapSinceNanos.lazySet(nanos);
    }

    public void rejectedLine() {
        rejectedLines.increment();
    }

    public void badMessage() {
        badMessages.increment();
    }

    /** {@code count} notifications handed to user connections in {@code writes} writes (one per user per round). */
    public void notificationsWritten(int count, int writes) {
        notifications.add(count);
        userWrites.add(writes);
    }

    public void userRejected() {
        usersRejected.increment();
    }

    public void userReplaced() {
        usersReplaced.increment();
    }

    /** A user connection closed at once: the connection limit was reached. */
    public void userConnectionRefused() {
        userConnectionsRefused.increment();
    }

    public void tlsHandshakeFailed() {
        tlsHandshakesFailed.increment();
    }

    public void slowClientDisconnected() {
        slowClientDisconnects.increment();
    }

    public void slowClientDropped(int notificationsDropped) {
        slowClientDrops.add(notificationsDropped);
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

    public long retiredSourceEvents() {
        return retiredSourceEvents.sum();
    }

    public long streamsStarted() {
        return streamsStarted.sum();
    }

    public long discardedAtNewStream() {
        return discardedAtNewStream.sum();
    }

    public long earlyAcks() {
        return earlyAcks.sum();
    }

    public long rejectedLines() {
        return rejectedLines.sum();
    }

    public long badMessages() {
        return badMessages.sum();
    }

    /** Writes to user connections; each carries one or more notifications. */
    public long userWrites() {
        return userWrites.sum();
    }

    public long notifications() {
        return notifications.sum();
    }

    public long usersRejected() {
        return usersRejected.sum();
    }

    public long usersReplaced() {
        return usersReplaced.sum();
    }

    /** User connections closed at once because {@code --max-user-connections} were open. */
    public long userConnectionsRefused() {
        return userConnectionsRefused.sum();
    }

    /** User connections closed because their TLS handshake failed (with {@code --user-tls}). */
    public long tlsHandshakesFailed() {
        return tlsHandshakesFailed.sum();
    }

    public long slowClientDisconnects() {
        return slowClientDisconnects.sum();
    }

    public long slowClientDrops() {
        return slowClientDrops.sum();
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

    /** See {@link #gapSince}. */
    public long gapSinceNanos() {
        return gapSinceNanos.get();
    }

    /**
     * How long the sequencer has waited for its next expected number with events held behind
     * it, in seconds, at {@code nowNanos}; 0 while nothing is held.
     */
    public double gapAgeSeconds(long nowNanos) {
        long since = gapSinceNanos.get();
        return since == NO_GAP ? 0 : Math.max(0, nowNanos - since) / 1e9;
    }
}
