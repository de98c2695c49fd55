package com.followermaze.loadgen.verify;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The seqs one client must still receive, in order: a single-producer single-consumer queue
 * of longs in linked chunks, so an idle client costs one small chunk and a busy one grows only
 * with what is in flight (bounded by the window). The feeding thread {@link #add}s; the
 * client's thread {@link #peek}s and {@link #pop}s; {@link #size} may be read by anyone.
 */
public final class ExpectedLines {

    /** What {@link #peek} returns when nothing is expected. */
    public static final long NONE = -1;

    private static final int CHUNK = 64;

    private static final class Chunk {
        final long[] seqs = new long[CHUNK];
        volatile Chunk next;
    }

    // Producer side.
    private Chunk tail = new Chunk();
    private int tailIndex;
    private final AtomicLong added = new AtomicLong();
    private volatile long lastAdded = NONE;

    // Consumer side.
    private Chunk head = tail;
    private int headIndex;
    private final AtomicLong taken = new AtomicLong();

    /** Feeding thread: {@code seq} must be received after every seq added before it. */
    public void add(long seq) {
        if (tailIndex == CHUNK) {
            Chunk next = new Chunk();
            tail.next = next;
            tail = next;
            tailIndex = 0;
        }
        tail.seqs[tailIndex++] = seq;
        // The ordered write publishes the seq (and the chunk link) before the count shows it.
        added.lazySet(added.get() + 1);
        lastAdded = seq;
    }

    /** The last seq added, or {@link #NONE}; any thread. */
    public long lastAdded() {
        return lastAdded;
    }

    /** Client thread: the next expected seq, or {@link #NONE}. */
    public long peek() {
        if (taken.get() == added.get()) {
            return NONE;
        }
        if (headIndex == CHUNK) {
            head = head.next;
            headIndex = 0;
        }
        return head.seqs[headIndex];
    }

    /** Client thread: the seq returned by {@link #peek} was received. */
    public void pop() {
        if (peek() == NONE) {
            throw new IllegalStateException("pop of an empty queue");
        }
        headIndex++;
        taken.lazySet(taken.get() + 1);
    }

    /** Client thread: whether {@code seq} is expected after the head. Walks the queue: for explaining a failure only. */
    public boolean containsLater(long seq) {
        long remaining = added.get() - taken.get();
        Chunk chunk = head;
        int index = headIndex;
        for (long i = 0; i < remaining; i++) {
            if (index == CHUNK) {
                chunk = chunk.next;
                index = 0;
            }
            if (i > 0 && chunk.seqs[index] == seq) {
                return true;
            }
            index++;
        }
        return false;
    }

    /**
     * Client thread: whether {@code seq} is in the queue, the head included. Seqs are added in
     * increasing order, so the walk stops at the first larger one.
     */
    public boolean contains(long seq) {
        long remaining = added.get() - taken.get();
        Chunk chunk = head;
        int index = headIndex;
        for (long i = 0; i < remaining; i++) {
            if (index == CHUNK) {
                chunk = chunk.next;
                index = 0;
            }
            long queued = chunk.seqs[index++];
            if (queued >= seq) {
                return queued == seq;
            }
        }
        return false;
    }

    /** How many seqs are expected and not yet received; any thread, a snapshot. */
    public long size() {
        return added.get() - taken.get();
    }
}
