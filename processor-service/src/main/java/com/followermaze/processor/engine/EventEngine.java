package com.followermaze.processor.engine;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.event.Event;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.ProcessorStats;
import com.followermaze.processor.recovery.StateSnapshot;
import com.followermaze.processor.rules.FollowerGraph;
import com.followermaze.processor.rules.NotificationRules;
import com.followermaze.processor.rules.Notifier;
import com.followermaze.processor.sequence.Sequencer;

/**
 * The processor's logic, driven one batch at a time: the {@link StreamSwitch}, the sequencer,
 * the rules and the acknowledgement policy described in the package summary.
 *
 * <p><b>Recovery.</b> Given a snapshot writer, the engine writes its durable state (a {@link
 * StateSnapshot}: the stream's source, its next expected number, the retired sources, the follow
 * pairs) at most every snapshot interval when it changed, when the prefetch window is full of
 * batches that wait only for a snapshot, and in {@link #finish}. A batch is then acknowledged
 * only once a written snapshot covers it: its events were released before the snapshot, or its
 * stream was replaced in it. So after a crash the broker redelivers every batch the snapshot does
 * not cover, and an engine {@link #restore restored} from it refuses as stale what it already
 * applied and replays the rest. The one exception is an early acknowledgement (see {@link
 * #settle}): the events held for the gap are not in the snapshot, so a crash before they are
 * released loses them. A snapshot that cannot be written is an error that stops the engine.
 *
 * <p>Not thread-safe, by design: {@link EngineLoop} runs it on the one engine thread. Tests
 * drive it directly.
 */
public final class EventEngine {

    private static final Logger log = LoggerFactory.getLogger(EventEngine.class);
    /** How long a clean shutdown waits for the users' event loops to take the last notifications. */
    private static final java.time.Duration DELIVERY_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final EngineSettings settings;
    private final Sequencer<Event> sequencer;
    private final NotificationRules rules;
    private final Notifier notifier;
    private final ProcessorStats stats;
    private final Consumer<Event> release;
    private final FollowerGraph graph = new FollowerGraph();
    /** Where snapshots go; {@code null} when recovery is off (batches are acknowledged once released). */
    private final Consumer<StateSnapshot> snapshots;
    private final long snapshotIntervalNanos;
    private final ArrayDeque<Receipt> receipts = new ArrayDeque<>();
    private final StreamSwitch streams;
    private final RateLimitedLog refusals = new RateLimitedLog(log, 5, TimeUnit.SECONDS);
    private final RateLimitedLog earlyAcks = new RateLimitedLog(log, 5, TimeUnit.SECONDS);

    private int epoch;
    /** The next expected number the current gap waits for, and since when; see {@link #trackGap()}. */
    private long gapAt;
    private long gapSinceNanos = ProcessorStats.NO_GAP;
    /** What the last snapshot written holds; a receipt is acknowledged only once it is covered. */
    private int snapshotEpoch = -1;
    private long snapshotNextExpected;
    private String snapshotSource;
    private long lastSnapshotNanos;

    /** An engine without recovery: a batch is acknowledged as soon as its events are released. */
    public EventEngine(EngineSettings settings, Notifier notifier, ProcessorStats stats) {
        this(settings, notifier, stats, null, java.time.Duration.ZERO);
    }

    /**
     * An engine that writes snapshots to {@code snapshots} (on the engine thread) and
     * acknowledges a batch only once a snapshot covers it; see the class comment.
     *
     * @param snapshotInterval the least time between two snapshots while batches flow
     */
    public EventEngine(EngineSettings settings, Notifier notifier, ProcessorStats stats,
                       Consumer<StateSnapshot> snapshots, java.time.Duration snapshotInterval) {
        if (snapshotInterval == null || snapshotInterval.isNegative()) {
            throw new IllegalArgumentException("snapshotInterval: " + snapshotInterval + " (expected >= 0)");
        }
        this.settings = settings;
        this.sequencer = new Sequencer<>(settings.maxReorder());
        this.rules = new NotificationRules(graph, notifier);
        this.notifier = notifier;
        this.stats = stats;
        this.release = event -> rules.apply(event);
        this.snapshots = snapshots;
        this.snapshotIntervalNanos = snapshotInterval.toNanos();
        this.lastSnapshotNanos = System.nanoTime();
        this.streams = new StreamSwitch(settings.newStreamWindow(), new StreamSwitch.Stream() {
            @Override
            public long nextExpected() {
                return sequencer.nextExpected();
            }

            @Override
            public int held() {
                return sequencer.held();
            }

            @Override
            public void feed(Event event, Receipt receipt) {
                EventEngine.this.feed(event, receipt);
            }

            @Override
            public void restart() {
                epoch++;
                sequencer.reset();
                rules.reset();
            }
        }, stats);
    }

    /**
     * Resumes from a snapshot an earlier run wrote: the follow pairs, the stream's source (its
     * batches continue the stream), the retired sources, and the next expected number (lower
     * ones are refused as stale). Call before the first batch.
     *
     * @throws IllegalStateException if the engine has taken in batches already
     */
    public void restore(StateSnapshot snapshot) {
        if (streams.currentSource() != null || !receipts.isEmpty() || epoch != 0) {
            throw new IllegalStateException("restore: the engine has taken in batches already");
        }
        sequencer.resumeAt(snapshot.nextExpected());
        for (long pair : snapshot.follows()) {
            graph.follow(StateSnapshot.follower(pair), StateSnapshot.followed(pair));
        }
        streams.restore(snapshot.source(), snapshot.retiredSources());
        snapshotEpoch = epoch;
        snapshotNextExpected = snapshot.nextExpected();
        snapshotSource = snapshot.source();
        stats.held(sequencer.held(), sequencer.nextExpected(), receipts.size());
    }

    /** Takes in one consumed batch: releases what it can and notifies. Call {@link #settle} after. */
    public void accept(ConsumedBatch batch) {
        Receipt receipt = new Receipt(batch.deliveryTag(), batch.settler(), epoch);
        receipts.addLast(receipt);
        stats.batchConsumed(batch.events().size());
        streams.accept(batch, receipt);
        if (receipt.maxSeq >= sequencer.nextExpected()) {
            detachHeld(batch.events()); // some of its events may still be held
        }
        stats.held(sequencer.held(), sequencer.nextExpected(), receipts.size());
        trackGap();
    }

    /**
     * Skips the missing sequence number the stream waits for if it has held later events for
     * longer than the gap timeout (when one is set), with a warning; what follows the gap is
     * then released. Call it now and then, e.g. when the input is idle.
     *
     * @return how many sequence numbers were skipped
     */
    public long skipExpiredGap(long nowNanos) {
        long timeout = settings.gapTimeout().toNanos();
        if (timeout == 0 || gapSinceNanos == ProcessorStats.NO_GAP || nowNanos - gapSinceNanos < timeout) {
            return 0;
        }
        long missingFrom = sequencer.nextExpected();
        int held = sequencer.held();
        long skipped = sequencer.skipGap();
        log.warn("skipping events {}..{}: missing for {} ms while {} later events waited (--gap-timeout-ms)",
                missingFrom, missingFrom + skipped - 1, (nowNanos - gapSinceNanos) / 1_000_000, held);
        stats.gapSkipped(skipped);
        stats.released(sequencer.drain(release));
        stats.held(sequencer.held(), sequencer.nextExpected(), receipts.size());
        trackGap();
        return skipped;
    }

    /** Sends the notifications gathered since the last flush. */
    public void flush() {
        notifier.flush();
    }

    /**
     * Since when the sequencer has waited for its next expected number with events held: set
     * when a gap appears (or the number it waits for changes with events still held, which is
     * a new gap), cleared when nothing is held.
     */
    private void trackGap() {
        if (sequencer.held() == 0) {
            if (gapSinceNanos != ProcessorStats.NO_GAP) {
                gapSinceNanos = ProcessorStats.NO_GAP;
                stats.gapSince(gapSinceNanos);
            }
        } else if (gapSinceNanos == ProcessorStats.NO_GAP || gapAt != sequencer.nextExpected()) {
            gapAt = sequencer.nextExpected();
            gapSinceNanos = System.nanoTime();
            stats.gapSince(gapSinceNanos);
        }
    }

    /** How long the current gap has held events, in nanoseconds at {@code nowNanos}; 0 when nothing is held. */
    public long gapAgeNanos(long nowNanos) {
        return gapSinceNanos == ProcessorStats.NO_GAP ? 0 : nowNanos - gapSinceNanos;
    }

    /**
     * Ends a run of batches: flushes notifications, acknowledges every batch that is done
     * and, when {@code inputIdle} and the prefetch window is full of waiting batches,
     * acknowledges the oldest early so the broker sends the batch that fills the gap.
     */
    public void settle(boolean inputIdle) {
        notifier.flush();
        long now = System.nanoTime();
        snapshotIfChanged(now, false);
        settleCompleted();
        stats.held(sequencer.held(), sequencer.nextExpected(), receipts.size());
        if (inputIdle) {
            if (receipts.size() >= settings.prefetch()) {
                // The window may be full of released batches that wait only for a snapshot:
                // write it now rather than acknowledge a batch early.
                snapshotIfChanged(now, true);
                settleCompleted();
            }
            while (receipts.size() >= settings.prefetch()) {
                Receipt oldest = receipts.pollFirst();
                oldest.settler.settleUpTo(oldest.deliveryTag);
                stats.earlyAck();
                earlyAcks.warn("waiting for event {} with {} events held: every batch of the prefetch window ({}) "
                        + "waits for it, so batch {} is acknowledged before its events are released "
                        + "(from a queue, a crash before their release would lose them; a scale-out stream "
                        + "keeps them); raise --prefetch if this recurs",
                        sequencer.nextExpected(), sequencer.held(), settings.prefetch(), oldest.deliveryTag);
                settleCompleted();
            }
            stats.held(sequencer.held(), sequencer.nextExpected(), receipts.size());
        }
    }

    /**
     * Ends the run on a clean shutdown: hands the last notifications to the users' connections
     * (waiting a few seconds at most for busy event loops), writes a snapshot if anything
     * changed since the last one, and acknowledges every batch that is done with.
     */
    public void finish() {
        notifier.finish(DELIVERY_TIMEOUT);
        snapshotIfChanged(System.nanoTime(), true);
        settleCompleted();
        stats.held(sequencer.held(), sequencer.nextExpected(), receipts.size());
    }

    /** Ends the run after a failure: releases the notifications not yet sent, sends nothing more. */
    public void discard() {
        notifier.discard();
    }

    /** The sequence number the current stream waits for. */
    public long nextExpected() {
        return sequencer.nextExpected();
    }

    /** How many events wait for a gap to fill. */
    public int held() {
        return sequencer.held();
    }

    /** How many consumed batches are not yet acknowledged. */
    public int unsettled() {
        return receipts.size();
    }

    /**
     * An event's line is a slice of its batch's body, which stays in memory as long as one of
     * them is held. When less than half of the batch is still held, those events get a copy of
     * their own line, so that a few events waiting for a gap do not keep whole bodies alive;
     * when most of it is held (a batch behind a gap), the body is mostly theirs, and copying
     * would cost more than it frees. Either way the held events keep about twice their lines'
     * bytes in memory at most.
     */
    private void detachHeld(List<Event> events) {
        int held = 0;
        for (Event event : events) {
            if (sequencer.holds(event.seq(), event)) {
                held++;
            }
        }
        if (held == 0 || 2 * held >= events.size()) {
            return;
        }
        for (Event event : events) {
            sequencer.replace(event.seq(), event, Event::withOwnLine);
        }
    }

    private void feed(Event event, Receipt receipt) {
        switch (sequencer.offer(event.seq(), event)) {
            case ACCEPTED -> {
                receipt.epoch = epoch;
                receipt.maxSeq = Math.max(receipt.maxSeq, event.seq());
                if (event.seq() == sequencer.nextExpected()) {
                    stats.released(sequencer.drain(release));
                }
            }
            case DUPLICATE -> {
                // The event is held, not yet released: this batch may be the broker's only copy
                // of it (a redelivery after a lost channel), so it must wait for the release too.
                receipt.epoch = epoch;
                receipt.maxSeq = Math.max(receipt.maxSeq, event.seq());
                stats.duplicate(false);
            }
            case STALE -> stats.duplicate(true);
            case TOO_FAR_AHEAD -> {
                stats.refusedTooFarAhead();
                refusals.warn("refused event {}: more than {} ahead of the next expected event {} (see --max-reorder)",
                        event.seq(), sequencer.capacity(), sequencer.nextExpected());
            }
        }
    }

    private void settleCompleted() {
        Receipt last = null;
        while (!receipts.isEmpty() && isDone(receipts.peekFirst())) {
            Receipt next = receipts.pollFirst();
            if (last != null && last.settler != next.settler) {
                last.settler.settleUpTo(last.deliveryTag);
            }
            last = next;
        }
        if (last != null) {
            last.settler.settleUpTo(last.deliveryTag);
        }
    }

    private boolean isDone(Receipt receipt) {
        return receipt.undecided == 0 && (receipt.epoch != epoch || receipt.maxSeq < sequencer.nextExpected())
                && isCovered(receipt);
    }

    /** Whether the last snapshot written takes the receipt's events into account; always, without recovery. */
    private boolean isCovered(Receipt receipt) {
        return snapshots == null || receipt.epoch < snapshotEpoch
                || (receipt.epoch == snapshotEpoch && receipt.maxSeq < snapshotNextExpected);
    }

    /** Writes a snapshot if the state changed since the last one and the interval has passed (or {@code force}). */
    private void snapshotIfChanged(long nowNanos, boolean force) {
        if (snapshots == null) {
            return;
        }
        // The follow graph changes only when events are released, which moves the next expected number.
        boolean changed = epoch != snapshotEpoch || sequencer.nextExpected() != snapshotNextExpected
                || !Objects.equals(streams.currentSource(), snapshotSource);
        if (!changed || (!force && nowNanos - lastSnapshotNanos < snapshotIntervalNanos)) {
            return;
        }
        long[] follows = new long[graph.pairCount()];
        int[] next = {0};
        graph.forEachPair((follower, followed) -> follows[next[0]++] = StateSnapshot.pair(follower, followed));
        snapshots.accept(new StateSnapshot(streams.currentSource(), sequencer.nextExpected(), streams.retiredSources(),
                follows));
        snapshotEpoch = epoch;
        snapshotNextExpected = sequencer.nextExpected();
        snapshotSource = streams.currentSource();
        lastSnapshotNanos = nowNanos;
        stats.snapshotWritten();
    }
}
