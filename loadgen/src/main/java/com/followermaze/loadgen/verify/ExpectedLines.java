package com.followermaze.loadgen.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The seqs one client must still receive, in order: the seqs added for this client alone, in
 * a single-producer single-consumer queue of longs in linked chunks (so an idle client costs
 * one small chunk and a busy one grows only with what is in flight, bounded by the in-flight window),
 * merged with the broadcasts of a {@link BroadcastLog} shared by every client. The feeding
 * thread {@link #add}s (and adds to the log); the client's thread {@link #peek}s and
 * {@link #pop}s; {@link #size} may be read by anyone.
 *
 * <p>Both sources are in increasing seq order and never hold the same seq, so the next
 * expected seq is the smaller of their heads, read from one consistent snapshot of the two
 * (see {@link #peek}).
 */
public final class ExpectedLines {

    /** What {@link #peek} returns when nothing is expected. */
    public static final long NONE = -1;

    private static final int CHUNK = 64;

    private static final class Chunk {
        final long[] seqs = new long[CHUNK];
        volatile Chunk next;
    }

    // The counters are fields of this object, read and written through VarHandles, rather than
    // AtomicLongs: with 10,000 clients every other object to reach is another cache miss.
    private static final VarHandle ADDED;
    private static final VarHandle LAST_ADDED;
    private static final VarHandle TAKEN;
    private static final VarHandle BROADCASTS_TAKEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ADDED = lookup.findVarHandle(ExpectedLines.class, "added", long.class);
            LAST_ADDED = lookup.findVarHandle(ExpectedLines.class, "lastAdded", long.class);
            TAKEN = lookup.findVarHandle(ExpectedLines.class, "taken", long.class);
            BROADCASTS_TAKEN = lookup.findVarHandle(ExpectedLines.class, "broadcastsTaken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BroadcastLog broadcasts;

    // Producer side. The tail chunk's array is kept here too: one object less to reach per add.
    private Chunk tail = new Chunk();
    private long[] tailSeqs = tail.seqs;
    private int tailIndex;
    private long added;
    private long lastAdded = NONE;

    // Consumer side.
    private Chunk head = tail;
    private int headIndex;
    private long taken;
    /** How many of the log's broadcasts this client has taken: its cursor in the log. */
    private long broadcastsTaken;

    /** A queue with no broadcasts but its own. */
    public ExpectedLines() {
        this(new BroadcastLog(1));
    }

    /** @param broadcasts the broadcasts every client expects, besides what is added here */
    public ExpectedLines(BroadcastLog broadcasts) {
        this.broadcasts = broadcasts;
    }

    /** Feeding thread: {@code seq} must be received after every seq added (here or to the log) before it. */
    public void add(long seq) {
        if (tailIndex == CHUNK) {
            Chunk next = new Chunk();
            tail.next = next;
            tail = next;
            tailSeqs = next.seqs;
            tailIndex = 0;
        }
        tailSeqs[tailIndex++] = seq;
        // The ordered write publishes the seq (and the chunk link) before the count shows it.
        ADDED.setRelease(this, added + 1);
        LAST_ADDED.setRelease(this, seq);
    }

    /** The last seq expected (added here or to the log), or {@link #NONE}; any thread. */
    public long lastAdded() {
        return Math.max((long) LAST_ADDED.getAcquire(this), broadcasts.last());
    }

    /**
     * Client thread: the next expected seq, or {@link #NONE}. The two sources are read as one
     * snapshot: the log's count, the own count, the log's count again, until the log did not
     * change in between. Then nothing in one source can have been added after something the
     * other does not show yet, so the smaller head is the next seq even while the feeding
     * thread adds (a client away from its server drops what it is owed while that goes on).
     */
    public long peek() {
        long count;
        long added;
        do {
            count = broadcasts.count();
            added = (long) ADDED.getAcquire(this);
        } while (broadcasts.count() != count);
        long own = taken == added ? NONE : ownHead();
        long broadcast = broadcastsTaken < count ? broadcasts.seqAt(broadcastsTaken) : NONE;
        if (broadcast == NONE || (own != NONE && own < broadcast)) {
            return own;
        }
        return broadcast;
    }

    /** The head of the own queue, which must not be empty. */
    private long ownHead() {
        if (headIndex == CHUNK) {
            head = head.next;
            headIndex = 0;
        }
        return head.seqs[headIndex];
    }

    /**
     * Client thread: {@code seq}, which {@link #peek} returned, was received (or given up on).
     * It is taken from the source whose head it is. (What the feeding thread adds after that
     * peek comes after {@code seq}, so the other source's head is still a later seq.)
     *
     * @throws IllegalStateException if {@code seq} is not the next seq expected
     */
    public void pop(long seq) {
        long own = taken == (long) ADDED.getAcquire(this) ? NONE : ownHead();
        long broadcast = broadcastsTaken < broadcasts.count() ? broadcasts.seqAt(broadcastsTaken) : NONE;
        if (own == seq && (broadcast == NONE || broadcast > seq)) {
            headIndex++;
            TAKEN.setRelease(this, taken + 1);
        } else if (broadcast == seq && (own == NONE || own > seq)) {
            BROADCASTS_TAKEN.setRelease(this, broadcastsTaken + 1);
        } else {
            throw new IllegalStateException("pop of seq " + seq + ", which is not the next one expected");
        }
    }

    /** Client thread: whether {@code seq} is expected after the head. Walks the queue: for explaining a failure only. */
    public boolean containsLater(long seq) {
        return contains(seq) && peek() != seq;
    }

    /**
     * Client thread: whether {@code seq} is expected, the head included. Seqs are added in
     * increasing order, so each walk stops at the first larger one.
     */
    public boolean contains(long seq) {
        long remaining = (long) ADDED.getAcquire(this) - taken;
        Chunk chunk = head;
        int index = headIndex;
        for (long i = 0; i < remaining; i++) {
            if (index == CHUNK) {
                chunk = chunk.next;
                index = 0;
            }
            long queued = chunk.seqs[index++];
            if (queued >= seq) {
                if (queued == seq) {
                    return true;
                }
                break;
            }
        }
        long count = broadcasts.count();
        for (long i = broadcastsTaken; i < count; i++) {
            long broadcast = broadcasts.seqAt(i);
            if (broadcast >= seq) {
                return broadcast == seq;
            }
        }
        return false;
    }

    /** How many seqs are expected and not yet received; any thread, a snapshot. */
    public long size() {
        return (long) ADDED.getAcquire(this) - (long) TAKEN.getAcquire(this)
                + broadcasts.count() - (long) BROADCASTS_TAKEN.getAcquire(this);
    }
}
