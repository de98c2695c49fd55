package com.followermaze.listener;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongConsumer;

import com.followermaze.common.amqp.BrokerNode;
import com.followermaze.common.event.Rejection.Reason;
import com.followermaze.listener.publish.InflightWindow;
import com.followermaze.listener.publish.PublishStats;
import com.followermaze.listener.source.SourceGate;
import com.followermaze.listener.source.SourceStats;

/**
 * The listener's counters, live: every read sees the current value. Plain Java, readable from
 * any thread (tests, a metrics exporter); the counts are kept by the components that own them.
 */
public final class ListenerStats {

    private final SourceStats source;
    private final PublishStats publish;
    private final InflightWindow window;
    private final SourceGate gate;
    private final BrokerNode brokerNode = new BrokerNode();

    ListenerStats(SourceStats source, PublishStats publish, InflightWindow window, SourceGate gate) {
        this.source = source;
        this.publish = publish;
        this.window = window;
        this.gate = gate;
    }

    /** The broker node the publisher is connected to, and its failovers. */
    public BrokerNode brokerNode() {
        return brokerNode;
    }

    /** Lines read from event sources, valid or not. */
    public long linesRead() {
        return source.linesRead();
    }

    /** Valid lines, each added to a batch. */
    public long eventsAccepted() {
        return source.eventsAccepted();
    }

    public long linesRejected(Reason reason) {
        return source.rejected(reason);
    }

    public long linesRejected() {
        return source.rejectedTotal();
    }

    /** Rejected lines by reason, every reason present. */
    public Map<Reason, Long> linesRejectedByReason() {
        Map<Reason, Long> byReason = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            byReason.put(reason, source.rejected(reason));
        }
        return byReason;
    }

    public long sourcesAccepted() {
        return source.sourcesAccepted();
    }

    public long sourcesRefused() {
        return source.sourcesRefused();
    }

    /** Event-source connections waiting, unread, for the current source to end, now. */
    public int sourcesWaiting() {
        return gate.waitingCount();
    }

    /** How long the longest-waiting event-source connection has waited, now, in seconds; 0 when none waits. */
    public double longestSourceWaitSeconds() {
        return gate.longestWaitNanos() / 1e9;
    }

    /** Current sources closed as half-open: silent for {@code --source-takeover-ms} while another waited. */
    public long sourcesTakenOver() {
        return gate.takenOverCount();
    }

    /** Event-source connections closed for an address outside the allow-list. */
    public long sourcesDisallowed() {
        return source.sourcesDisallowed();
    }

    /** Event-source connections closed for a wrong or missing secret. */
    public long sourcesUnauthenticated() {
        return source.sourcesUnauthenticated();
    }

    /** Connections to the event port closed because their TLS handshake failed. */
    public long tlsHandshakesFailed() {
        return source.tlsHandshakesFailed();
    }

    /** Events in batches published (first publishes only). */
    public long eventsPublished() {
        return publish.eventsPublished();
    }

    /** Batches published (first publishes only). */
    public long batchesPublished() {
        return publish.batchesPublished();
    }

    /** Batches the broker confirmed. */
    public long batchesConfirmed() {
        return publish.batchesConfirmed();
    }

    /** Events in batches the broker confirmed. */
    public long eventsConfirmed() {
        return publish.eventsConfirmed();
    }

    /** Extra publishes of a batch, after a nack or a lost connection. */
    public long batchesRepublished() {
        return publish.batchesRepublished();
    }

    public long batchesNacked() {
        return publish.batchesNacked();
    }

    /** Rejected lines published to the rejected-lines queue. */
    public long rejectedLinesKept() {
        return publish.rejectedLinesKept();
    }

    /** Rejected lines not kept: more came at once than the publisher holds. */
    public long rejectedLinesDropped() {
        return publish.rejectedLinesDropped();
    }

    public long brokerConnectionsLost() {
        return publish.connectionsLost();
    }

    /** Batches cut and not yet confirmed, now. */
    public int inflightBatches() {
        return window.inflight();
    }

    /** The most batches ever in flight at once; never more than the configured maximum. */
    public int peakInflightBatches() {
        return window.peakInflight();
    }

    /** The most batches that may be in flight ({@code --max-inflight-batches}). */
    public int inflightLimit() {
        return window.capacity();
    }

    /** How many times reading from the event source was paused. */
    public long timesPaused() {
        return window.timesPaused();
    }

    /** Whether reading from the event source is paused now. */
    public boolean paused() {
        return window.isPaused();
    }

    /** Batches cut that the processor in this process has not acknowledged yet; 0 without {@link #unacknowledgedLimit()}. */
    public int unacknowledgedBatches() {
        return window.unfinishedDownstream();
    }

    /** How many unacknowledged batches pause the source (the one-JVM pipeline on its embedded broker); 0: no such bound. */
    public int unacknowledgedLimit() {
        return window.downstreamLimit();
    }

    /** Whether reading is paused now, at least because the processor in this process is behind (see {@link #unacknowledgedLimit()}). */
    public boolean processorBehind() {
        return window.isDownstreamBehind();
    }

    /** Whether the publisher is connected to the broker now. */
    public boolean brokerConnected() {
        return window.isBrokerConnected();
    }

    /** Whether the broker blocks publishing now (a memory or disk alarm). */
    public boolean brokerBlocked() {
        return window.isBrokerBlocked();
    }

    /** See {@link PublishStats#recordConfirmLatencyWith}. */
    public void recordConfirmLatencyWith(LongConsumer recorder) {
        publish.recordConfirmLatencyWith(recorder);
    }

    @Override
    public String toString() {
        return "lines read " + linesRead() + ", rejected " + linesRejected() + " " + linesRejectedByReason()
                + ", events published " + eventsPublished() + ", batches published " + batchesPublished()
                + ", confirmed " + batchesConfirmed() + ", republished " + batchesRepublished()
                + ", in flight " + inflightBatches() + " (peak " + peakInflightBatches() + ")"
                + ", times paused " + timesPaused();
    }
}
