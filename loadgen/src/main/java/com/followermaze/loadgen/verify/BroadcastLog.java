package com.followermaze.loadgen.verify;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The seqs of the broadcasts in flight, in order, shared by every client: a broadcast is added
 * once, where a queue per client took one append per connected client (10,000 for each
 * broadcast of the many-clients scenario). Each client reads it at a cursor of its own, in
 * {@link ExpectedLines}.
 *
 * <p>A ring of as many entries as the in-flight window has events ({@link InFlightEvents}): a broadcast
 * that some client has not taken is unverified, which holds the in-flight window, so fewer than that
 * many broadcasts can follow it before the feeding thread must wait; no entry is overwritten
 * while a client still needs it.
 *
 * <p>Threading: {@link #add} belongs to the feeding thread; the rest may be called by anyone.
 */
public final class BroadcastLog {

    private final long[] seqs;
    private final int mask;
    private final AtomicLong count = new AtomicLong();

    /** @param capacity a power of two, the in-flight window's size in events */
    BroadcastLog(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected a power of two)");
        }
        this.seqs = new long[capacity];
        this.mask = capacity - 1;
    }

    /** Feeding thread: every client must receive {@code seq}, after everything expected so far. */
    public void add(long seq) {
        long n = count.get();
        seqs[(int) (n & mask)] = seq;
        // The ordered writes publish the seq before the count shows it.
        count.lazySet(n + 1);
    }

    /** How many broadcasts were added so far. */
    long count() {
        return count.get();
    }

    /** The seq of the {@code index}-th broadcast (from 0); {@code index} must be below {@link #count()} and in flight. */
    long seqAt(long index) {
        return seqs[(int) (index & mask)];
    }

    /** The last seq added, or {@link ExpectedLines#NONE}. (The newest entry is never overwritten.) */
    long last() {
        long n = count.get();
        return n == 0 ? ExpectedLines.NONE : seqAt(n - 1);
    }
}
