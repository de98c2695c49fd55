package com.followermaze.listener.source;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Admits one event source at a time and names each admitted connection.
 *
 * <p>A source is <em>open</em> from {@link #tryOpen} until {@link #closed}: while one is open,
 * {@link #tryOpen} refuses every other. Its session is <em>finished</em> once its last batch has
 * been handed over ({@link #finished}), which may be after it closed, when the in-flight window
 * was full; {@link #awaitFinished} waits for that.
 *
 * <p>Session ids are {@code <bootId>-<n>}: {@code bootId} is chosen at random once per listener
 * instance, {@code n} counts the accepted connections from 1, so ids are unique across
 * restarts. Thread-safe (a monitor: it is touched once per connection, never per line).
 */
public final class SourceGate {

    private final String bootId;
    private long connections;
    private String openSession;
    private String openRemote;
    private long unfinished;
    private long finishedCount;

    public SourceGate(String bootId) {
        this.bootId = Objects.requireNonNull(bootId, "bootId");
    }

    /**
     * Admits the source at {@code remote} if none is open.
     *
     * @return the new session's id, or {@code null} when another source is open
     */
    public synchronized String tryOpen(String remote) {
        if (openSession != null) {
            return null;
        }
        openSession = bootId + "-" + ++connections;
        openRemote = remote;
        unfinished++;
        return openSession;
    }

    /** The remote address of the open source, or {@code null}. */
    public synchronized String openRemote() {
        return openRemote;
    }

    /** The source of {@code sessionId} disconnected: another may now be admitted. */
    public synchronized void closed(String sessionId) {
        if (sessionId.equals(openSession)) {
            openSession = null;
            openRemote = null;
        }
    }

    /** The session handed over its last batch. */
    public synchronized void finished(String sessionId) {
        unfinished--;
        finishedCount++;
        notifyAll();
    }

    /** How many sessions have finished since this gate was made. */
    public synchronized long finishedCount() {
        return finishedCount;
    }

    /**
     * Waits until at least {@code count} sessions have finished and none is unfinished, or the
     * timeout passes.
     *
     * @return whether that happened in time
     */
    public synchronized boolean awaitFinished(long count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (finishedCount < count || unfinished > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
