package com.followermaze.listener.source;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.followermaze.common.batch.BatchBuilder;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.followermaze.listener.publish.BatchSink;
import com.followermaze.listener.publish.RejectedLine;
import com.followermaze.listener.publish.InflightWindow;

/**
 * Collects the valid lines of one source session into batches and hands each to a {@link
 * BatchSink}.
 *
 * <p>A batch is cut when it holds {@code batchSize} events; before a line that would take its
 * body past {@code batchBytes}; with a {@code linger} of 0, as soon as the event loop has done
 * with the read that brought its first event (a task queued behind that read: what the socket
 * held goes at once, so a batch is as large as the source's backlog and an event waits for no
 * timer), or, with a positive one, when {@code linger} has passed since its first event (so a
 * slow trickle is not held back); once, {@code sessionDeadline} after the session's first line (valid
 * or rejected) if the
 * session is still open, marked {@link SessionMark#DEADLINE} (possibly empty); and, for the
 * remainder, when the session {@link #finish finishes}: that last batch is marked {@link
 * SessionMark#END}, even when it is empty. A deadline cut still put off when the session finishes
 * is folded into the END batch (the processor reads "by its deadline or its end" alike).
 *
 * <p>Each cut first reserves a slot in the {@link InflightWindow}. If the window is full, the cut
 * is put off, the events stay here, and {@link #retryDeferred()} (called when the window has
 * drained) cuts them: nothing is dropped, and the window bound always holds. Since the source
 * stops reading when the window is full, a put-off cut is the rule only for linger, deadline and
 * finish; should a line arrive anyway, the batch grows past its limits rather than lose the line.
 * {@code onFinished} runs once, after the END batch was handed to the sink.
 *
 * <p>Not thread-safe: it belongs to the session's event loop, which is also the {@code timer}
 * the linger and the deadline run on.
 */
public final class EventBatcher {

    private final BatchBuilder builder;
    private final int batchSize;
    private final int batchBytes;
    private final long lingerNanos;
    private final long deadlineNanos;
    private final ScheduledExecutorService timer;
    private final InflightWindow window;
    private final BatchSink sink;
    private final Runnable onFinished;

    /** With no linger: cuts what the read that queued it brought (one instance, queued once a batch). */
    private final Runnable afterRead = this::lingerExpired;
    private ScheduledFuture<?> linger;
    private ScheduledFuture<?> deadline;
    private boolean deadlineStarted;
    /** The mark the next cut owes: DEADLINE once the deadline passed, END once finishing. */
    private SessionMark owedMark = SessionMark.NONE;
    private boolean cutDue;
    /** Guards against a cut re-entered from a window notification raised by the cut itself. */
    private boolean cutting;
    private boolean finishing;
    /** The END batch was cut: nothing more is. */
    private boolean endCut;
    private boolean endHandedOver;
    private boolean finished;

    /**
     * @param session       the source session's id, in every batch
     * @param deadlineNanos how long after the session's first line the DEADLINE batch is cut
     * @param onFinished    run once, after the END batch was handed over following {@link #finish()}
     */
    public EventBatcher(String session, int batchSize, int batchBytes, long lingerNanos, long deadlineNanos,
                        ScheduledExecutorService timer, InflightWindow window, BatchSink sink, Runnable onFinished) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: " + batchSize + " (expected > 0)");
        }
        if (batchBytes < 2) {
            throw new IllegalArgumentException("batchBytes: " + batchBytes + " (expected > 1)");
        }
        if (lingerNanos < 0) {
            throw new IllegalArgumentException("lingerNanos: " + lingerNanos + " (expected >= 0)");
        }
        if (deadlineNanos < 1) {
            throw new IllegalArgumentException("deadlineNanos: " + deadlineNanos + " (expected > 0)");
        }
        this.builder = new BatchBuilder(session, Math.min(batchBytes, 64 * 1024));
        this.batchSize = batchSize;
        this.batchBytes = batchBytes;
        this.lingerNanos = lingerNanos;
        this.deadlineNanos = deadlineNanos;
        this.timer = Objects.requireNonNull(timer, "timer");
        this.window = Objects.requireNonNull(window, "window");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.onFinished = Objects.requireNonNull(onFinished, "onFinished");
    }

    /** Appends one valid event line, given without its terminator; {@code crlf} when it ended in {@code \r\n}. */
    public void add(byte[] line, int offset, int length, boolean crlf) {
        if (finishing) {
            throw new IllegalStateException("add after finish (session " + builder.session() + ")");
        }
        if (!builder.isEmpty() && builder.byteCount() + length + (crlf ? 2 : 1) > batchBytes) {
            tryCut();
        }
        startDeadline();
        boolean first = builder.isEmpty();
        builder.add(line, offset, length, crlf);
        if (first) {
            if (lingerNanos > 0) {
                linger = timer.schedule(this::lingerExpired, lingerNanos, TimeUnit.NANOSECONDS);
            } else {
                timer.execute(afterRead);
            }
        }
        if (builder.eventCount() >= batchSize) {
            tryCut();
        }
    }

    /** Passes a rejected line on to the sink, which keeps it for inspection if it can; it starts the deadline too. */
    public void rejected(RejectedLine line) {
        startDeadline();
        sink.rejected(line);
    }

    /** The deadline counts from the session's first line, valid or not (not from its connection). */
    private void startDeadline() {
        if (!deadlineStarted && !finishing) {
            deadlineStarted = true;
            deadline = timer.schedule(this::deadlinePassed, deadlineNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The source disconnected: cut the remainder as the END batch, now or as soon as the window has room. */
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        owedMark = SessionMark.END;
        retryDeferred();
    }

    /** Cuts what was put off for want of a window slot, if there is one now. */
    public void retryDeferred() {
        if (cutDue || owedMark != SessionMark.NONE) {
            tryCut();
        }
        finishIfDone();
    }

    private void lingerExpired() {
        linger = null;
        tryCut();
        finishIfDone();
    }

    private void deadlinePassed() {
        deadline = null;
        if (!finishing) {
            owedMark = SessionMark.DEADLINE;
            tryCut();
        }
    }

    private void tryCut() {
        if (cutting || endCut || (builder.isEmpty() && owedMark == SessionMark.NONE)) {
            return;
        }
        EventBatch batch;
        cutting = true;
        try {
            if (!window.tryAcquire()) {
                cutDue = true;
                return;
            }
            cutDue = false;
            if (linger != null) {
                linger.cancel(false);
                linger = null;
            }
            batch = builder.cut(owedMark);
            owedMark = SessionMark.NONE;
            endCut = batch.mark() == SessionMark.END;
        } finally {
            cutting = false;
        }
        sink.accept(batch);
        if (endCut) {
            endHandedOver = true;
            finishIfDone();
        }
    }

    private void finishIfDone() {
        if (endHandedOver && !finished) {
            finished = true;
            onFinished.run();
        }
    }

    @Override
    public String toString() {
        return "EventBatcher[session=" + builder.session() + ", pending=" + builder.eventCount() + ", cutDue=" + cutDue
                + ", owedMark=" + owedMark + ", finishing=" + finishing + "]";
    }
}
