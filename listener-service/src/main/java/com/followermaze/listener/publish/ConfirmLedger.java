package com.followermaze.listener.publish;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.followermaze.common.batch.EventBatch;

/**
 * The publisher's account of every batch handed over and not yet confirmed by the broker: the
 * batches published on the current channel, by publish sequence number, and the batches waiting
 * to be published again.
 *
 * <p>Ordering rules, which this class owns: each batch gets an ordinal in the order it was
 * handed over. A batch waiting to be published again (it was nacked, its publish failed, or its
 * channel was lost before the confirm) is always published before any new batch, and those
 * waiting go in ordinal order, so after a lost channel every unconfirmed batch is published
 * again in the order the batches were first handed over. A nacked batch therefore goes out again
 * after the batches already published, and before those not yet published.
 *
 * <p><b>Sessions do not overtake each other.</b> The first batch of another source session is
 * held until every batch of the session before it is confirmed. Without this, a batch of the
 * old session nacked by a full queue, or lost with its channel, would reach the broker again
 * after the new session's first batches; the processor, having moved on to the new session,
 * would drop it as a retired session's. The cost is one confirm round trip per session.
 *
 * <p>Guarantees: a batch's {@link InflightWindow} slot is released exactly once, when the broker
 * acks it; a nack, a failed publish or a lost channel keeps the slot. {@link Outcomes} hears of
 * every ack and nack, batch by batch, before the window is released. A confirm for a sequence
 * number not outstanding (a repeat, or one of an earlier channel) changes nothing. Sequence
 * numbers must increase on a channel and start afresh after {@link #channelLost()}.
 *
 * <p>Threading: not thread-safe. It belongs to the publisher thread, which alone calls it; the
 * caller hands it confirms and channel losses after moving them onto that thread, and tells
 * apart the signals of an earlier channel, which this class cannot see.
 */
final class ConfirmLedger {

    /** What the broker said about settled batches; called on the ledger's thread. */
    interface Outcomes {

        /** The broker acked {@code batch}, {@code latencyNanos} after its last publish. */
        void confirmed(EventBatch batch, long latencyNanos);

        /** The broker nacked {@code batch}; it waits to be published again. */
        void nacked(EventBatch batch);
    }

    /**
     * A batch to publish, handed out by {@link #next}: its ordinal in hand-over order and whether
     * it was handed out before.
     */
    record Publication(long ordinal, EventBatch batch, boolean again) {

        Publication {
            Objects.requireNonNull(batch, "batch");
        }
    }

    private final InflightWindow window;
    private final Outcomes outcomes;
    private final TreeMap<Long, Published> unconfirmed = new TreeMap<>();
    private final TreeMap<Long, Publication> toPublishAgain = new TreeMap<>();
    private EventBatch heldForItsSession;
    private long nextOrdinal;
    private long lastSeqNo;

    ConfirmLedger(InflightWindow window, Outcomes outcomes) {
        this.window = Objects.requireNonNull(window, "window");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /**
     * The batch to publish next: the earliest one waiting to be published again, or else the
     * next one {@code handedOver} gives (asked only when none is held), or null when neither has
     * one or the next is another session's and the last session's batches are not all confirmed
     * (it is held until they are). The caller reports what became of it with {@link #published}
     * or {@link #notPublished}.
     */
    Publication next(Supplier<EventBatch> handedOver) {
        Map.Entry<Long, Publication> again = toPublishAgain.pollFirstEntry();
        if (again != null) {
            return again.getValue();
        }
        EventBatch batch = heldForItsSession != null ? heldForItsSession : handedOver.get();
        if (batch == null) {
            return null;
        }
        if (!unconfirmed.isEmpty() && !unconfirmed.lastEntry().getValue().publication().batch().session().equals(batch.session())) {
            heldForItsSession = batch;
            return null;
        }
        heldForItsSession = null;
        return new Publication(nextOrdinal++, batch, false);
    }

    /**
     * {@code publication} went out on the current channel as {@code seqNo} at {@code nowNanos}.
     *
     * @throws IllegalArgumentException if {@code seqNo} is not above the last one on this channel
     */
    void published(Publication publication, long seqNo, long nowNanos) {
        Objects.requireNonNull(publication, "publication");
        if (seqNo <= lastSeqNo) {
            throw new IllegalArgumentException("seqNo: " + seqNo + " (expected > " + lastSeqNo
                    + ", the last on this channel)");
        }
        lastSeqNo = seqNo;
        unconfirmed.put(seqNo, new Published(publication.again() ? publication
                : new Publication(publication.ordinal(), publication.batch(), true), nowNanos));
    }

    /** {@code publication} could not be published; it waits to be published again. */
    void notPublished(Publication publication) {
        Objects.requireNonNull(publication, "publication");
        toPublishAgain.put(publication.ordinal(), new Publication(publication.ordinal(), publication.batch(), true));
    }

    /**
     * The broker acked {@code seqNo} (and, if {@code multiple}, every earlier one on the
     * channel) at {@code nowNanos}: each batch is reported, then their slots released at once.
     */
    void acked(long seqNo, boolean multiple, long nowNanos) {
        NavigableMap<Long, Published> settled = settled(seqNo, multiple);
        int acked = 0;
        for (Published published : settled.values()) {
            acked++;
            outcomes.confirmed(published.publication().batch(), nowNanos - published.atNanos());
        }
        settled.clear();
        if (acked > 0) {
            window.release(acked);
        }
    }

    /** The broker nacked {@code seqNo} (and, if {@code multiple}, every earlier one on the channel). */
    void nacked(long seqNo, boolean multiple) {
        NavigableMap<Long, Published> settled = settled(seqNo, multiple);
        for (Published published : settled.values()) {
            Publication publication = published.publication();
            toPublishAgain.put(publication.ordinal(), publication);
            outcomes.nacked(publication.batch());
        }
        settled.clear();
    }

    /**
     * The current channel is gone: every batch published on it and not confirmed waits to be
     * published again, and sequence numbers start afresh on the next channel.
     *
     * @return how many batches were unconfirmed on the channel
     */
    int channelLost() {
        int lost = unconfirmed.size();
        for (Published published : unconfirmed.values()) {
            toPublishAgain.put(published.publication().ordinal(), published.publication());
        }
        unconfirmed.clear();
        lastSeqNo = 0;
        return lost;
    }

    /** Batches published on the current channel and not yet confirmed. */
    int unconfirmed() {
        return unconfirmed.size();
    }

    /** Batches waiting to be published again. */
    int toPublishAgain() {
        return toPublishAgain.size();
    }

    /** Batches handed over and not yet published: 1 while a new session's first batch is held, else 0. */
    int held() {
        return heldForItsSession == null ? 0 : 1;
    }

    private NavigableMap<Long, Published> settled(long seqNo, boolean multiple) {
        return multiple ? unconfirmed.headMap(seqNo, true) : unconfirmed.subMap(seqNo, true, seqNo, true);
    }

    private record Published(Publication publication, long atNanos) {
    }
}
