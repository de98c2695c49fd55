package com.followermaze.loadgen.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every failure of a run, counted, with the first few kept for the report. Thread-safe: any
 * client thread, the feeding thread and the watchdog record here.
 */
public final class Failures {

    private final int kept;
    private final AtomicLong count = new AtomicLong();
    private final List<Failure> first = new ArrayList<>();
    private final CountDownLatch any = new CountDownLatch(1);

    /** @param kept how many of the first failures to keep */
    public Failures(int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("kept: " + kept + " (expected >= 1)");
        }
        this.kept = kept;
    }

    public void record(Failure failure) {
        count.incrementAndGet();
        synchronized (first) {
            if (first.size() < kept) {
                first.add(failure);
            }
        }
        any.countDown();
    }

    public long count() {
        return count.get();
    }

    public boolean any() {
        return count.get() > 0;
    }

    /** Waits up to the given time for a first failure; returns whether there is one. */
    public boolean awaitAny(long time, TimeUnit unit) throws InterruptedException {
        return any.await(time, unit);
    }

    /** The first failures, in the order they were recorded. */
    public List<Failure> first() {
        synchronized (first) {
            return List.copyOf(first);
        }
    }
}
