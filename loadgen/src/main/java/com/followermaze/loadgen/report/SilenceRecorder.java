package com.followermaze.loadgen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Records the silences of a run: every time of at least {@link #THRESHOLD_MILLIS} in which the
 * count of notifications received (all clients together) did not change, polled every
 * millisecond on a daemon thread of its own, so that the clients' threads do no extra work. A
 * silence starts at the last poll that saw the count change and ends at the first poll that sees
 * it change again; a poll delayed by the scheduler makes a silence look longer, never shorter.
 * Keeps the first {@link #MAX_KEPT} silences. {@link #observe} holds the rule, for tests;
 * {@link #start} and {@link #stop} run it on the thread.
 */
public final class SilenceRecorder {

    public static final long THRESHOLD_MILLIS = 20;
    static final int MAX_KEPT = 1_000;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LongSupplier notifications;
    private final List<Silence> silences = new ArrayList<>();
    private long lastCount = -1;
    private long lastChangeNanos;
    private volatile boolean running;
    private Thread thread;

    public SilenceRecorder(LongSupplier notifications) {
        this.notifications = notifications;
    }

    /** One poll: the count of notifications at {@code nowNanos}. */
    synchronized void observe(long nowNanos, long count) {
        if (count == lastCount) {
            return;
        }
        if (lastCount >= 0 && nowNanos - lastChangeNanos >= TimeUnit.MILLISECONDS.toNanos(THRESHOLD_MILLIS)
                && silences.size() < MAX_KEPT) {
            silences.add(new Silence(lastChangeNanos, nowNanos));
        }
        lastCount = count;
        lastChangeNanos = nowNanos;
    }

    /** The silences that ended so far, in the order they ended. */
    public synchronized List<Silence> silences() {
        return List.copyOf(silences);
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                observe(System.nanoTime(), notifications.getAsLong());
                LockSupport.parkNanos(POLL_NANOS);
            }
        }, "loadgen-silences");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops polling after one last poll; returns the silences. */
    public List<Silence> stop() throws InterruptedException {
        running = false;
        Thread polling;
        synchronized (this) {
            polling = thread;
        }
        if (polling != null) {
            polling.join(TimeUnit.SECONDS.toMillis(2));
        }
        observe(System.nanoTime(), notifications.getAsLong());
        return silences();
    }
}
