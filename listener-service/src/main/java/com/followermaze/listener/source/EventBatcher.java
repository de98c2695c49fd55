package com.followermaze.listener.source;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.followermaze.common.batch.BatchBuilder;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.listener.publish.BatchSink;
import com.followermaze.listener.publish.RejectedLine;
import com.followermaze.listener.publish.InflightWindow;

/**
 * Collects the valid lines of one source session into batches and hands each to a {@link
 * BatchSink}.
 *
 * <p>A batch is cut when it holds {@code batchSize} events; before a line that would take its
 * body past {@code batchBytes}; when {@code linger} has passed since its first event (so a slow
 * trickle is not held back); and, for the remainder, when the session {@link #finish finishes}.
 * Each cut first reserves a slot in the {@link InflightWindow}. If the window is full, the cut
 * is put off, the events stay here, and {@link #retryDeferred()} (called when the window has
 * drained) cuts them: nothing is dropped, and the window bound always holds. Since the source
 * stops reading when the window is full, a put-off cut is the rule only for linger and finish;
 * should a line arrive anyway, the batch grows past its limits rather than lose the line.
 *
 * <p>Not thread-safe: it belongs to the session's event loop, which is also the {@code timer}
 * the linger runs on.
 */
public final class EventBatcher {

    private final BatchBuilder builder;
    private final int batchSize;
    private final int batchBytes;
    private final long lingerNanos;
    private final ScheduledExecutorService timer;
    private final InflightWindow window;
    private final BatchSink sink;
    private final Runnable onFinished;

    private ScheduledFuture<?> linger;
    private boolean cutDue;
    /** Guards against a cut re-entered from a window notification raised by the cut itself. */
    private boolean cutting;
    private boolean finishing;
    private boolean finished;

    /**
     * @param source     the session id, the batches' source
     * @param onFinished run once, after the last batch was handed over following {@link #finish()}
     */
    public EventBatcher(String source, int batchSize, int batchBytes, long lingerNanos,
                        ScheduledExecutorService timer, InflightWindow window, BatchSink sink, Runnable onFinished) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: " + batchSize + " (expected > 0)");
        }
        if (batchBytes < 2) {
            throw new IllegalArgumentException("batchBytes: " + batchBytes + " (expected > 1)");
        }
        if (lingerNanos < 1) {
            throw new IllegalArgumentException("lingerNanos: " + lingerNanos + " (expected > 0)");
        }
        this.builder = new BatchBuilder(source, Math.min(batchBytes, 64 * 1024));
        this.batchSize = batchSize;
        this.batchBytes = batchBytes;
        this.lingerNanos = lingerNanos;
        this.timer = Objects.requireNonNull(timer, "timer");
        this.window = Objects.requireNonNull(window, "window");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.onFinished = Objects.requireNonNull(onFinished, "onFinished");
    }

    /** Appends one valid event line, given without its terminator. */
    public void add(byte[] line, int offset, int length) {
        if (finishing) {
            throw new IllegalStateException("add after finish (session " + builder.source() + ")");
        }
        if (!builder.isEmpty() && builder.byteCount() + length + 1 > batchBytes) {
            tryCut();
        }
        boolean first = builder.isEmpty();
        builder.add(line, offset, length);
        if (first) {
            linger = timer.schedule(this::lingerExpired, lingerNanos, TimeUnit.NANOSECONDS);
        }
        if (builder.eventCount() >= batchSize) {
            tryCut();
        }
    }

    /** Passes a rejected line on to the sink, which keeps it for inspection if it can. */
    public void rejected(RejectedLine line) {
        sink.rejected(line);
    }

    /** The source disconnected: cut the remainder, now or as soon as the window has room. */
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        retryDeferred();
    }

    /** Cuts what was put off for want of a window slot, if there is one now. */
    public void retryDeferred() {
        if (cutDue || (finishing && !builder.isEmpty())) {
            tryCut();
        }
        finishIfDone();
    }

    private void lingerExpired() {
        linger = null;
        tryCut();
        finishIfDone();
    }

    private void tryCut() {
        if (cutting || builder.isEmpty()) {
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
            batch = builder.cut();
        } finally {
            cutting = false;
        }
        sink.accept(batch);
    }

    private void finishIfDone() {
        if (finishing && builder.isEmpty() && !finished) {
            finished = true;
            onFinished.run();
        }
    }

    @Override
    public String toString() {
        return "EventBatcher[source=" + builder.source() + ", pending=" + builder.eventCount() + ", cutDue=" + cutDue
                + ", finishing=" + finishing + "]";
    }
}
