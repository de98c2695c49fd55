package com.followermaze.processor.engine;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.log.RateLimitedLog;

/**
 * The consumed batches not yet acknowledged, oldest first, each with its {@link Receipt}, and
 * their acknowledgement: in order, once a batch is done with, or early, when every batch of the
 * prefetch window waits.
 *
 * <p>A batch is done with once none of its events waits for its session's stream decision, its
 * events were released (they lie below the next expected number, or their stream was replaced)
 * and the {@link SnapshotSchedule} says the last snapshot covers them. Batches are acknowledged
 * in the order they came, so a batch that is not done holds back the younger ones; a run of
 * done batches of one settler takes one acknowledgement.
 *
 * <p>Not thread-safe: it belongs to the engine thread.
 */
final class AckLedger {

    private static final Logger log = LoggerFactory.getLogger(AckLedger.class);

    private final int prefetch;
    private final SnapshotSchedule snapshots;
    private final EngineStats stats;
    private final ArrayDeque<Receipt> receipts = new ArrayDeque<>();
    private final RateLimitedLog earlyAcks = new RateLimitedLog(log, 5, TimeUnit.SECONDS);
    private IntConsumer acknowledged = batches -> { };

    /** @param prefetch how many batches the broker lets the processor hold unacknowledged (the prefetch window) */
    AckLedger(int prefetch, SnapshotSchedule snapshots, EngineStats stats) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch: " + prefetch + " (expected > 0)");
        }
        this.prefetch = prefetch;
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Tells {@code listener} how many batches each call that acknowledges settled. */
    void onAcknowledged(IntConsumer listener) {
        this.acknowledged = Objects.requireNonNull(listener, "listener");
    }

    /** Enters a batch just consumed, whose events go to stream {@code stream}; the receipt tracks what it waits for. */
    Receipt open(ConsumedBatch batch, int stream) {
        Receipt receipt = new Receipt(batch.deliveryTag(), batch.settler(), stream);
        receipts.addLast(receipt);
        return receipt;
    }

    /** How many batches are not yet acknowledged. */
    int unsettled() {
        return receipts.size();
    }

    /** Whether the batches not yet acknowledged fill the prefetch window: the broker sends no more. */
    boolean isPrefetchWindowFull() {
        return receipts.size() >= prefetch;
    }

    /**
     * Acknowledges, oldest first, every batch done with while the current stream is {@code
     * stream} and waits for {@code nextExpected}; stops at the first that is not.
     */
    void settleDone(int stream, long nextExpected) {
        Receipt last = null;
        int settled = 0;
        while (!receipts.isEmpty() && isDone(receipts.peekFirst(), stream, nextExpected)) {
            Receipt next = receipts.pollFirst();
            if (last != null && last.settler != next.settler) {
                last.settler.settleUpTo(last.deliveryTag);
            }
            last = next;
            settled++;
        }
        if (last != null) {
            last.settler.settleUpTo(last.deliveryTag);
            acknowledged.accept(settled);
        }
    }

    /**
     * Acknowledges the oldest batch before it is done with, so that the broker sends one more:
     * counted, and warned of, as its events (waiting for {@code nextExpected}, with {@code held}
     * events held) are lost if the processor crashes before their release.
     */
    void settleOldestEarly(long nextExpected, int held) {
        Receipt oldest = receipts.pollFirst();
        if (oldest == null) {
            return;
        }
        oldest.settler.settleUpTo(oldest.deliveryTag);
        acknowledged.accept(1);
        stats.earlyAck();
        earlyAcks.warn("waiting for event {} with {} events held: every batch of the prefetch window ({}) "
                + "waits for it, so batch {} is acknowledged before its events are released "
                + "(from a queue, a crash before their release would lose them; a scale-out stream "
                + "keeps them); raise --prefetch if this recurs",
                nextExpected, held, prefetch, oldest.deliveryTag);
    }

    private boolean isDone(Receipt receipt, int stream, long nextExpected) {
        return receipt.undecided == 0 && (receipt.stream != stream || receipt.maxSeq < nextExpected)
                && snapshots.covers(receipt.stream, receipt.maxSeq);
    }
}
