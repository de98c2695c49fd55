package com.followermaze.processor.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.event.Event;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.recovery.StateSnapshot;
import com.followermaze.processor.rules.FollowerGraph;
import com.followermaze.processor.rules.NotificationRules;
import com.followermaze.processor.rules.Notifier;
import com.followermaze.processor.sequence.Sequencer;

/**
 * The processor's logic, driven one batch at a time: it hands each batch to the {@link
 * StreamSwitch}, the events of the current stream to the sequencer and what it releases to the
 * rules, and tells its collaborators what changed: the {@link AckLedger} (which batches may be
 * acknowledged, and when one goes early), the {@link SnapshotSchedule} (when a snapshot is
 * written, what it covers) and the {@link GapClock} (how long the current gap has held events).
 * The acknowledgement policy is described in the package summary.
 *
 * <p><b>Recovery.</b> Given a snapshot writer, the engine writes its durable state (a {@link
 * StateSnapshot}: the stream's session, its next expected number, the retired sessions, the follow
 * pairs) at most every snapshot interval when it changed, when the prefetch window is full of
 * batches that wait only for a snapshot, and in {@link #finish}. A batch is then acknowledged
 * only once a written snapshot covers it: its events were released before the snapshot, or its
 * stream was replaced in it. So after a crash the broker redelivers every batch the snapshot does
 * not cover, and an engine {@link #restore restored} from it refuses as stale what it already
 * applied and replays the rest. The one exception is an early acknowledgement (see {@link
 * #settle}): the events held for the gap are not in the snapshot, so a crash before they are
 * released loses them. A snapshot that cannot be written is an error that stops the engine.
 *
 * <p><b>Scale-out snapshots.</b> Reading a RabbitMQ stream, the engine instead offers a {@link
 * StreamSnapshotSink} a snapshot of its whole state ({@link #captureAt}: the held events too,
 * and the stream offset) every so many events released ({@link #snapshotStreamEvery}); the sink
 * writes it on a thread of its own. Acknowledgements do not wait for these: a stream is read
 * from an offset, not redelivered.
 *
 * <p>Time comes from one clock, given at construction ({@link System#nanoTime()} by default),
 * so that tests can set it. Not thread-safe, by design: {@link EngineLoop} runs it on the one
 * engine thread. Tests drive it directly.
 */
public final class EventEngine {

    private static final Logger log = LoggerFactory.getLogger(EventEngine.class);
    /** How long a clean shutdown waits for the users' event loops to take the last notifications. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

    private final Sequencer<Event> sequencer;
    private final NotificationRules rules;
    private final Notifier notifier;
    private final EngineStats stats;
    private final Consumer<Event> release;
    private final FollowerGraph graph = new FollowerGraph();
    private final StreamSwitch streamSwitch;
    private final SnapshotSchedule snapshots;
    private final AckLedger ledger;
    private final GapClock gap;
    private final RateLimitedLog refusals = new RateLimitedLog(log, 5, TimeUnit.SECONDS);

    /** The current stream, counted from 0: a new stream makes the batches of the older ones done with. */
    private int stream;

    /** In scale-out mode, where snapshots of the whole state go (see {@link #snapshotStreamEvery}); else {@code null}. */
    private StreamSnapshotSink streamSnapshots;
    private long streamSnapshotEvery;
    private long releasedAtStreamSnapshot;

    /** An engine without recovery: a batch is acknowledged as soon as its events are released. */
    public EventEngine(EngineSettings settings, Notifier notifier, EngineStats stats) {
        this(settings, notifier, stats, null, Duration.ZERO);
    }

    /**
     * An engine that writes snapshots to {@code snapshots} (on the engine thread) and
     * acknowledges a batch only once a snapshot covers it; see the class comment.
     *
     * @param snapshotInterval the least time between two snapshots while batches flow
     */
    public EventEngine(EngineSettings settings, Notifier notifier, EngineStats stats,
                       Consumer<StateSnapshot> snapshots, Duration snapshotInterval) {
        this(settings, notifier, stats, snapshots, snapshotInterval, System::nanoTime);
    }

    /**
     * An engine that reads the time from {@code nanoClock}.
     *
     * @param snapshots        where snapshots go; {@code null} for an engine without recovery
     * @param snapshotInterval the least time between two snapshots while batches flow
     * @param nanoClock        {@link System#nanoTime()} or a stand-in for it: read on the engine
     *                         thread, when a gap or an undecided session begins and when the
     *                         engine settles
     */
    public EventEngine(EngineSettings settings, Notifier notifier, EngineStats stats,
                       Consumer<StateSnapshot> snapshots, Duration snapshotInterval, LongSupplier nanoClock) {
        this.sequencer = new Sequencer<>(settings.maxReorder());
        this.rules = new NotificationRules(graph, notifier);
        this.notifier = notifier;
        this.stats = stats;
        this.release = event -> rules.apply(event);
        this.snapshots = new SnapshotSchedule(snapshots, snapshotInterval, nanoClock, stats);
        this.ledger = new AckLedger(settings.prefetch(), this.snapshots, stats);
        this.gap = new GapClock(settings.gapTimeout(), nanoClock, stats);
        this.streamSwitch = new StreamSwitch(settings.newStreamWindow(), new StreamSwitch.Stream() {
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
                stream++;
                sequencer.reset();
                rules.reset();
            }
        }, nanoClock, stats);
    }

    /**
     * Resumes from a snapshot an earlier run wrote: the follow pairs, the stream's session (its
     * batches continue the stream), the retired sessions, and the next expected number (lower
     * ones are refused as stale). Call before the first batch.
     *
     * @throws IllegalStateException if the engine has taken in batches already
     */
    public void restore(StateSnapshot snapshot) {
        if (streamSwitch.currentSession() != null || ledger.unsettled() != 0 || stream != 0) {
            throw new IllegalStateException("restore: the engine has taken in batches already");
        }
        sequencer.resumeAt(snapshot.nextExpected());
        for (long pair : snapshot.follows()) {
            graph.follow(StateSnapshot.follower(pair), StateSnapshot.followed(pair));
        }
        streamSwitch.restore(snapshot.session(), snapshot.retiredSessions());
        // What a stream's snapshot holds came in messages before its offset, which are not read
        // again: nothing is acknowledged for it.
        Receipt restored = new Receipt(-1, tag -> { }, stream);
        for (Event event : snapshot.held()) {
            feed(event, restored);
        }
        streamSwitch.restoreUndecided(snapshot.undecidedSession(), snapshot.undecided(), restored);
        snapshots.restored(stream, snapshot);
        releasedAtStreamSnapshot = stats.eventsReleased();
        publishState();
    }

    /** Tells {@code listener}, on the engine thread, how many batches each acknowledgement settled. Call before the first batch. */
    public void onBatchesAcknowledged(IntConsumer listener) {
        ledger.onAcknowledged(listener);
    }

    /**
     * Scale-out mode: after a message of the RabbitMQ stream has been taken in and {@code
     * events} more events were released since the last snapshot, offers {@code sink} a snapshot
     * of the whole state ({@link #captureAt}) if it wants one. Call before the first batch.
     */
    public void snapshotStreamEvery(long events, StreamSnapshotSink sink) {
        if (events < 1) {
            throw new IllegalArgumentException("snapshot-every-events: " + events + " (expected > 0)");
        }
        this.streamSnapshotEvery = events;
        this.streamSnapshots = sink;
    }

    /**
     * The whole state after the message at {@code streamOffset} ({@code lastMessage}, see {@link
     * StateSnapshot#messageId}): the durable state, the events held for a gap and those held for
     * a session's decision. An engine {@link #restore restored} from it and fed the messages after
     * that offset ends as this one does fed them.
     */
    public StateSnapshot captureAt(long streamOffset, String lastMessage) {
        List<Event> held = new ArrayList<>(sequencer.held());
        sequencer.forEachHeld(event -> held.add(event.withOwnLine()));
        List<Event> undecided = streamSwitch.undecidedEvents();
        return new StateSnapshot(streamSwitch.currentSession(), sequencer.nextExpected(),
                streamSwitch.retiredSessions(), followPairs(), streamOffset, lastMessage, held,
                streamSwitch.undecidedSession(), undecided);
    }

    /** Takes in one consumed batch: releases what it can and notifies. Call {@link #settle} after. */
    public void accept(ConsumedBatch batch) {
        Receipt receipt = ledger.open(batch, stream);
        stats.batchConsumed(batch.events().size());
        streamSwitch.accept(batch, receipt);
        if (receipt.maxSeq >= sequencer.nextExpected()) {
            detachHeld(batch.events()); // some of its events may still be held
        }
        publishState();
        gap.track(sequencer.held(), sequencer.nextExpected());
        if (streamSnapshots != null && batch.streamOffset() >= 0
                && stats.eventsReleased() - releasedAtStreamSnapshot >= streamSnapshotEvery && streamSnapshots.wants()) {
            releasedAtStreamSnapshot = stats.eventsReleased();
            streamSnapshots.offer(captureAt(batch.streamOffset(), StateSnapshot.messageId(batch.session(), batch.number())));
        }
    }

    /**
     * Skips the missing sequence number the stream waits for if it has held later events for
     * longer than the gap timeout (when one is set), with a warning; what follows the gap is
     * then released. Call it now and then, e.g. when the input is idle.
     *
     * @return how many sequence numbers were skipped
     */
    public long skipExpiredGap() {
        if (!gap.hasExpired()) {
            return 0;
        }
        long missingFrom = sequencer.nextExpected();
        int held = sequencer.held();
        long skipped = sequencer.skipGap();
        log.warn("skipping events {}..{}: missing for {} ms while {} later events waited (--gap-timeout-ms)",
                missingFrom, missingFrom + skipped - 1, TimeUnit.NANOSECONDS.toMillis(gap.ageNanos()), held);
        stats.gapSkipped(skipped);
        stats.released(sequencer.drain(release));
        publishState();
        gap.track(sequencer.held(), sequencer.nextExpected());
        return skipped;
    }

    /** Sends the notifications gathered since the last flush. */
    public void flush() {
        notifier.flush();
    }

    /** How long the current gap has held events, in nanoseconds, now; 0 when nothing is held. */
    public long gapAgeNanos() {
        return gap.ageNanos();
    }

    /**
     * Ends a run of batches: flushes notifications, acknowledges every batch that is done
     * and, when {@code inputIdle} and the prefetch window is full of waiting batches,
     * acknowledges the oldest early so the broker sends the batch that fills the gap.
     */
    public void settle(boolean inputIdle) {
        notifier.flush();
        snapshotIfDue(false);
        settleDone();
        if (inputIdle) {
            if (ledger.isPrefetchWindowFull()) {
                // The prefetch window may be full of released batches that wait only for a snapshot:
                // write it now rather than acknowledge a batch early.
                snapshotIfDue(true);
                settleDone();
            }
            while (ledger.isPrefetchWindowFull()) {
                ledger.settleOldestEarly(sequencer.nextExpected(), sequencer.held());
                settleDone();
            }
            publishState();
        }
    }

    /**
     * Ends the run on a clean shutdown: hands the last notifications to the users' connections
     * (waiting a few seconds at most for busy event loops), writes a snapshot if anything
     * changed since the last one, and acknowledges every batch that is done with.
     */
    public void finish() {
        notifier.finish(DELIVERY_TIMEOUT);
        snapshotIfDue(true);
        settleDone();
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
        return ledger.unsettled();
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
                receipt.stream = stream;
                receipt.maxSeq = Math.max(receipt.maxSeq, event.seq());
                if (event.seq() == sequencer.nextExpected()) {
                    stats.released(sequencer.drain(release));
                }
            }
            case DUPLICATE -> {
                // The event is held, not yet released: this batch may be the broker's only copy
                // of it (a redelivery after a lost channel), so it must wait for the release too.
                receipt.stream = stream;
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

    /** Acknowledges what is done with, and shows the state it leaves. */
    private void settleDone() {
        ledger.settleDone(stream, sequencer.nextExpected());
        publishState();
    }

    private void publishState() {
        stats.held(sequencer.held(), sequencer.nextExpected(), ledger.unsettled());
    }

    /** Writes a snapshot if the state changed since the last one and the interval has passed (or {@code force}). */
    private void snapshotIfDue(boolean force) {
        if (!snapshots.isDue(stream, sequencer.nextExpected(), streamSwitch.currentSession(), force)) {
            return;
        }
        snapshots.write(stream, new StateSnapshot(streamSwitch.currentSession(), sequencer.nextExpected(),
                streamSwitch.retiredSessions(), followPairs()));
    }

    private long[] followPairs() {
        long[] follows = new long[graph.pairCount()];
        int[] next = {0};
        graph.forEachPair((follower, followed) -> follows[next[0]++] = StateSnapshot.pair(follower, followed));
        return follows;
    }
}
