package com.followermaze.listener.publish;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded set of batches that were cut but are not yet confirmed by the broker, and the
 * pause / resume signal the event source follows.
 *
 * <p>Guarantees: {@link #inflight()} never exceeds {@link #capacity()}, because a slot is only
 * handed out by {@link #tryAcquire()}. The window is <em>paused</em> from the moment it is full,
 * the broker blocks publishing or the broker is unreachable, until it has drained to the low
 * water mark (half the capacity, rounded down) with the broker connected and not blocking. The
 * gap between the two marks keeps the source from flapping between reading and not reading.
 * Every change of the paused state, and every release, is announced to the {@link
 * FlowListener}s.
 *
 * <p>A window may also bound the batches a consumer downstream has not finished with (the
 * processor in the same process, whose broker queue has no bound of its own): every batch cut
 * counts as unfinished until {@link #downstreamFinished(int)} gives it back, and the window is
 * paused, too, from the moment {@code downstreamLimit} batches are unfinished until half of them
 * are finished. Only the sum is kept, so a batch the consumer finishes twice (one the listener
 * published again after a reconnect) makes the bound looser by one until the count falls to 0,
 * where it stops.
 *
 * <p>Threading: {@link #tryAcquire()} is called by the sources' event loops, {@link
 * #release(int)} by the publisher, the broker flags by the publisher and the broker
 * connection's thread, {@link #downstreamFinished(int)} by the consumer's thread; all methods
 * are lock-free and safe from any thread.
 */
public final class InflightWindow {

    private final int capacity;
    private final int lowWater;
    private final int downstreamLimit;
    private final int downstreamLowWater;
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final LongAdder timesPaused = new LongAdder();
    private final CopyOnWriteArrayList<FlowListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean brokerBlocked;
    private volatile boolean brokerConnected = true;

    /** A window of {@code capacity} batches, open, with nothing in flight and the broker assumed reachable. */
    public InflightWindow(int capacity) {
        this(capacity, 0);
    }

    /**
     * A window of {@code capacity} batches that also pauses while {@code downstreamLimit}
     * batches are not finished downstream (see the class comment); 0 for no such bound.
     */
    public InflightWindow(int capacity, int downstreamLimit) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected > 0)");
        }
        if (downstreamLimit < 0) {
            throw new IllegalArgumentException("downstreamLimit: " + downstreamLimit + " (expected >= 0, 0 = none)");
        }
        this.capacity = capacity;
        this.lowWater = capacity / 2;
        this.downstreamLimit = downstreamLimit;
        this.downstreamLowWater = downstreamLimit / 2;
    }

    public int capacity() {
        return capacity;
    }

    /** Batches cut and not yet confirmed. */
    public int inflight() {
        return inflight.get();
    }

    /** The most batches that may be unfinished downstream before the window pauses; 0: no such bound. */
    public int downstreamLimit() {
        return downstreamLimit;
    }

    /** Batches cut that the consumer downstream has not finished with; 0 without a {@link #downstreamLimit()}. */
    public int unfinishedDownstream() {
        return unfinished.get();
    }

    /**
     * Whether the consumer downstream is one reason the window is paused: it is, and more than
     * half of {@link #downstreamLimit()} batches are unfinished.
     */
    public boolean isDownstreamBehind() {
        return downstreamLimit > 0 && isPaused() && unfinished.get() > downstreamLowWater;
    }

    /** The highest {@link #inflight()} ever reached. */
    public int peakInflight() {
        return peak.get();
    }

    /** How many times the window went from open to paused. */
    public long timesPaused() {
        return timesPaused.sum();
    }

    public boolean isPaused() {
        return paused.get();
    }

    /** Whether the publisher has a broker connection, as it last said. */
    public boolean isBrokerConnected() {
        return brokerConnected;
    }

    /** Whether the broker blocks publishing on the connection (a resource alarm), as it last said. */
    public boolean isBrokerBlocked() {
        return brokerBlocked;
    }

    /** Whether {@link #tryAcquire()} would succeed now. */
    public boolean hasRoom() {
        return inflight.get() < capacity;
    }

    /**
     * Reserves a slot for a batch about to be cut.
     *
     * @return false, reserving nothing, when the window is full
     */
    public boolean tryAcquire() {
        int now;
        do {
            now = inflight.get();
            if (now >= capacity) {
                return false;
            }
        } while (!inflight.compareAndSet(now, now + 1));
        peak.accumulateAndGet(now + 1, Math::max);
        boolean downstreamFull = downstreamLimit > 0 && unfinished.incrementAndGet() >= downstreamLimit;
        if (now + 1 >= capacity || downstreamFull) {
            evaluate(false);
        }
        return true;
    }

    /** Gives back {@code batches} slots, for batches the broker confirmed. */
    public void release(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("batches: " + batches + " (expected > 0)");
        }
        int now = inflight.addAndGet(-batches);
        if (now < 0) {
            throw new IllegalStateException("released " + batches + " batches, leaving " + now + " in flight (expected >= 0)");
        }
        evaluate(true);
    }

    /**
     * Gives back {@code batches} batches the consumer downstream has finished with; the count
     * stops at 0. Does nothing without a {@link #downstreamLimit()}.
     */
    public void downstreamFinished(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("batches: " + batches + " (expected > 0)");
        }
        if (downstreamLimit == 0) {
            return;
        }
        int now = unfinished.updateAndGet(count -> Math.max(0, count - batches));
        if (now <= downstreamLowWater) {
            evaluate(false);
        }
    }

    /** The broker blocked (or unblocked) publishing on the connection, e.g. on a memory alarm. */
    public void setBrokerBlocked(boolean blocked) {
        brokerBlocked = blocked;
        evaluate(false);
    }

    /** The publisher lost (or regained) its broker connection. */
    public void setBrokerConnected(boolean connected) {
        brokerConnected = connected;
        evaluate(false);
    }

    public void addListener(FlowListener listener) {
        listeners.add(listener);
    }

    public void removeListener(FlowListener listener) {
        listeners.remove(listener);
    }

    /**
     * Brings the paused flag in line with the state, re-checking after every transition: the
     * state may change under us, and a transition that raced with an opposite change must not
     * leave the window paused while it is empty (or open while it is full).
     */
    private void evaluate(boolean slotsFreed) {
        boolean changed = false;
        while (true) {
            boolean isPaused = paused.get();
            if (!isPaused && shouldPause()) {
                if (paused.compareAndSet(false, true)) {
                    timesPaused.increment();
                    changed = true;
                }
            } else if (isPaused && shouldResume()) {
                if (paused.compareAndSet(true, false)) {
                    changed = true;
                }
            } else {
                break;
            }
        }
        if (changed || slotsFreed) {
            for (FlowListener listener : listeners) {
                listener.flowChanged();
            }
        }
    }

    private boolean shouldPause() {
        return inflight.get() >= capacity || brokerBlocked || !brokerConnected
                || (downstreamLimit > 0 && unfinished.get() >= downstreamLimit);
    }

    private boolean shouldResume() {
        return inflight.get() <= lowWater && !brokerBlocked && brokerConnected
                && (downstreamLimit == 0 || unfinished.get() <= downstreamLowWater);
    }

    @Override
    public String toString() {
        return "InflightWindow[inflight=" + inflight() + "/" + capacity + ", lowWater=" + lowWater
                + (downstreamLimit > 0 ? ", unfinishedDownstream=" + unfinished.get() + "/" + downstreamLimit : "")
                + ", paused=" + isPaused() + ", brokerBlocked=" + brokerBlocked + ", brokerConnected=" + brokerConnected + "]";
    }
}
