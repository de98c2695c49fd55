package com.followermaze.processor.sequence;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.Arrays;

/**
 * Puts items numbered 1, 2, 3, ... back in order: it releases them strictly in sequence,
 * holds the ones that arrive early until the gap before them fills, and refuses duplicates.
 *
 * <p>Held items live in a ring indexed by sequence number, so offering and releasing are
 * constant time and allocate nothing. The ring's capacity bounds both memory and the reorder
 * distance: an item numbered {@code nextExpected() + capacity()} or beyond is refused as
 * {@link Outcome#TOO_FAR_AHEAD} and never held, however long the stream runs.
 *
 * <p>Not thread-safe: a sequencer belongs to one thread (the processor's engine thread).
 *
 * @param <T> the items, e.g. events
 */
public final class Sequencer<T> {

    /** What {@link #offer} did with an item. */
    public enum Outcome {
        /** Held, to be released by {@link #drain} once every earlier number has been. */
        ACCEPTED,
        /** Refused: an item with this number is already held. */
        DUPLICATE,
        /** Refused: this number was released already. */
        STALE,
        /** Refused: too far ahead of the next expected number to be held. */
        TOO_FAR_AHEAD
    }

    private final Object[] ring;
    private final int mask;
    private long nextExpected = 1;
    private int held;

    /**
     * @param capacity how far ahead of the next expected number an item may be; rounded up to
     *                 a power of two
     */
    public Sequencer(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected 1.." + (1 << 30) + ")");
        }
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) {
            size <<= 1;
        }
        this.ring = new Object[size];
        this.mask = size - 1;
    }

    /** Offers item number {@code seq}; {@link #drain} then releases what became contiguous. */
    public Outcome offer(long seq, T item) {
        if (item == null) {
            throw new IllegalArgumentException("item: null (expected an item)");
        }
        if (seq < nextExpected) {
            return Outcome.STALE;
        }
        if (seq - nextExpected >= ring.length) {
            return Outcome.TOO_FAR_AHEAD;
        }
        int slot = (int) (seq & mask);
        if (ring[slot] != null) {
            return Outcome.DUPLICATE;
        }
        ring[slot] = item;
        held++;
        return Outcome.ACCEPTED;
    }

    /**
     * Releases, in order, every held item from the next expected number up to the first gap.
     *
     * @return how many items were released
     */
    public int drain(Consumer<? super T> released) {
        int count = 0;
        int slot = (int) (nextExpected & mask);
        Object item;
        while ((item = ring[slot]) != null) {
            ring[slot] = null;
            held--;
            nextExpected++;
            count++;
            @SuppressWarnings("unchecked")
            T typed = (T) item;
            released.accept(typed);
            slot = (int) (nextExpected & mask);
        }
        return count;
    }

    /** Whether the item held as number {@code seq} is {@code item} (the same object). */
    public boolean holds(long seq, T item) {
        return item != null && seq >= nextExpected && seq - nextExpected < ring.length
                && ring[(int) (seq & mask)] == item;
    }

    /**
     * If the item held as number {@code seq} is {@code item} (the same object), puts what
     * {@code replacement} makes of it in its place, e.g. a compact copy.
     *
     * @return whether it did
     */
    public boolean replace(long seq, T item, UnaryOperator<T> replacement) {
        if (!holds(seq, item)) {
            return false;
        }
        int slot = (int) (seq & mask);
        T replaced = replacement.apply(item);
        if (replaced == null) {
            throw new IllegalArgumentException("replacement: null for item " + seq + " (expected an item)");
        }
        ring[slot] = replaced;
        return true;
    }

    /** Gives every held item to {@code action}, lowest number first; changes nothing. */
    public void forEachHeld(Consumer<? super T> action) {
        int found = 0;
        for (long seq = nextExpected; found < held; seq++) {
            @SuppressWarnings("unchecked")
            T item = (T) ring[(int) (seq & mask)];
            if (item != null) {
                action.accept(item);
                found++;
            }
        }
    }

    /** The number the sequencer waits for: every number below it has been released. */
    public long nextExpected() {
        return nextExpected;
    }

    /** How many items are held, waiting for a gap to fill. */
    public int held() {
        return held;
    }


    public int capacity() {
        return ring.length;
    }

    /**
     * Gives up on the gap: moves the next expected number to the lowest held one, as if every
     * number before it had been released. {@link #drain} then releases what follows.
     *
     * @return how many numbers were skipped; 0 when nothing is held
     */
    public long skipGap() {
        if (held == 0) {
            return 0;
        }
        long from = nextExpected;
        while (ring[(int) (nextExpected & mask)] == null) {
            nextExpected++;
        }
        return nextExpected - from;
    }

    /**
     * Resumes a stream whose numbers below {@code nextExpected} were released before (by an
     * earlier run): expects {@code nextExpected} next, refusing lower numbers as stale.
     *
     * @throws IllegalStateException if anything was offered already
     */
    public void resumeAt(long nextExpected) {
        if (nextExpected < 1) {
            throw new IllegalArgumentException("nextExpected: " + nextExpected + " (expected > 0)");
        }
        if (held > 0 || this.nextExpected != 1) {
            throw new IllegalStateException("resumeAt(" + nextExpected + "): the sequencer is in use (next expected "
                    + this.nextExpected + ", " + held + " held)");
        }
        this.nextExpected = nextExpected;
    }

    /** Forgets everything held and starts again, expecting number 1. */
    public void reset() {
        if (held > 0) {
            Arrays.fill(ring, null);
        }
        held = 0;
        nextExpected = 1;
    }
}
