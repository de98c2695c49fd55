package com.followermaze.processor;

import com.followermaze.processor.consume.ConsumeStats;
import com.followermaze.processor.delivery.DeliveryStats;
import com.followermaze.processor.engine.EngineStats;
import com.followermaze.processor.engine.StreamDecision;

/**
 * The processor's counters and gauges, live: every read sees the current value. Plain Java,
 * readable from any thread (tests, the status line, a metrics exporter); the counts are kept
 * by the components that own them: the engine ({@link EngineStats}), the broker consumer
 * ({@link ConsumeStats}) and the user side ({@link DeliveryStats}).
 */
public final class ProcessorStats {

    private final EngineStats engine;
    private final ConsumeStats consume;
    private final DeliveryStats delivery;

    ProcessorStats(EngineStats engine, ConsumeStats consume, DeliveryStats delivery) {
        this.engine = engine;
        this.consume = consume;
        this.delivery = delivery;
    }

    public long batchesConsumed() {
        return engine.batchesConsumed();
    }

    public long eventsConsumed() {
        return engine.eventsConsumed();
    }

    public long eventsReleased() {
        return engine.eventsReleased();
    }

    /** Refused duplicates of events still held. */
    public long duplicatesHeld() {
        return engine.duplicatesHeld();
    }

    /** Refused events whose number was released already: redeliveries and replays. */
    public long duplicatesStale() {
        return engine.duplicatesStale();
    }

    public long tooFarAhead() {
        return engine.tooFarAhead();
    }

    public long retiredSessionEvents() {
        return engine.retiredSessionEvents();
    }

    public long streamsStarted() {
        return engine.streamsStarted();
    }

    public long discardedAtNewStream() {
        return engine.discardedAtNewStream();
    }

    /** How many new sessions were decided as {@code decision}. */
    public long streamDecisions(StreamDecision decision) {
        return engine.streamDecisions(decision);
    }

    /** Events of a new source session held until it is known whether it starts a new stream. */
    public long undecidedEvents() {
        return engine.undecidedEvents();
    }

    /** How long the current new source session has been undecided, in seconds at {@code nowNanos}; 0 when none is. */
    public double undecidedAgeSeconds(long nowNanos) {
        return engine.undecidedAgeSeconds(nowNanos);
    }

    public long gapsSkipped() {
        return engine.gapsSkipped();
    }

    /** Sequence numbers skipped by the gap timeout: events that never arrived. */
    public long numbersSkipped() {
        return engine.numbersSkipped();
    }

    public long earlyAcks() {
        return engine.earlyAcks();
    }

    public long snapshotsWritten() {
        return engine.snapshotsWritten();
    }

    public long held() {
        return engine.held();
    }

    public long nextExpected() {
        return engine.nextExpected();
    }

    /** Consumed batches the engine has not acknowledged yet. */
    public long unacknowledgedBatches() {
        return engine.unacknowledgedBatches();
    }

    /** The last sequence number released in the current stream; 0 before its first. */
    public long lastReleased() {
        return engine.lastReleased();
    }

    /**
     * How long the sequencer has waited for its next expected number with events held behind
     * it, in seconds, at {@code nowNanos}; 0 while nothing is held.
     */
    public double gapAgeSeconds(long nowNanos) {
        return engine.gapAgeSeconds(nowNanos);
    }

    public long rejectedLines() {
        return consume.rejectedLines();
    }

    /** Scale-out: snapshots written to the stream of snapshots by this instance. */
    public long streamSnapshotsWritten() {
        return consume.snapshotsWritten();
    }

    /** Scale-out: snapshots this instance could not write. */
    public long streamSnapshotFailures() {
        return consume.snapshotFailures();
    }

    /** Scale-out: the size of the last snapshot this instance wrote, in bytes. */
    public long lastStreamSnapshotBytes() {
        return consume.lastSnapshotBytes();
    }

    /** Scale-out: how long writing the last snapshot took, in milliseconds. */
    public long lastStreamSnapshotMillis() {
        return consume.lastSnapshotMillis();
    }

    /** Scale-out: snapshots passed over at start because they could not be read. */
    public long corruptStreamSnapshots() {
        return consume.corruptSnapshots();
    }

    /** Scale-out: the event stream offset the snapshot restored at start covers; -1 if none was. */
    public long restoredFromOffset() {
        return consume.restoredFrom();
    }

    public long badMessages() {
        return consume.badMessages();
    }

    /** Writes to user connections; each carries one or more notifications. */
    public long userWrites() {
        return delivery.userWrites();
    }

    public long notifications() {
        return delivery.notifications();
    }

    public long usersRejected() {
        return delivery.usersRejected();
    }

    public long usersReplaced() {
        return delivery.usersReplaced();
    }

    /** User connections closed at once because {@code --max-user-connections} were open. */
    public long userConnectionsRefused() {
        return delivery.userConnectionsRefused();
    }

    /** User connections closed because their TLS handshake failed (with {@code --user-tls}). */
    public long tlsHandshakesFailed() {
        return delivery.tlsHandshakesFailed();
    }

    public long slowClientDisconnects() {
        return delivery.slowClientDisconnects();
    }

    public long slowClientDrops() {
        return delivery.slowClientDrops();
    }
}
