package com.followermaze.loadgen.verify;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import com.followermaze.loadgen.generate.EventLines;
import com.followermaze.loadgen.generate.EventType;
import com.followermaze.loadgen.generate.GeneratedEvent;

/**
 * The events generated but not yet fully verified, in a ring indexed by seq: for each, its
 * line as bytes (encoded once, when recorded, and compared in place by every client that must
 * receive it; a line longer than {@value #LINE_STRIDE} bytes is rebuilt from the event's fields
 * instead), when it was sent, and how many clients still have to receive it. This ring is the
 * in-flight window: the feeding thread may not generate seq {@code s} while
 * {@code s - oldestUnverified >= capacity}, so memory stays constant whatever the number of
 * events, and no slot is reused while a client still needs it.
 *
 * <p>Threading: {@link #record}, {@link #markSent} and {@link #oldestUnverified} belong to the
 * feeding thread (after it ended, to whoever joined it); {@link #appendLine}, {@link #sentAtNanos}
 * and {@link #verified} are called by client threads for seqs they have been told to expect,
 * which were recorded before they were published to them. {@link #appendLineIfHeld} may be
 * called for any seq: it is how a client that reconnected checks a line it had already been
 * told about, whose slot the feeding thread may be reusing at that very moment.
 */
public final class InFlightEvents {

    /** The largest in-flight window: about 70 bytes per event in flight, so over 1 GiB. */
    public static final int MAX_WINDOW = 1 << 24;

    /** Bytes per slot in {@link #lines}: every line of the official defaults' ranges fits. */
    static final int LINE_STRIDE = 32;
    private static final int LINE_SHIFT = 5;

    private final int capacity;
    private final int mask;
    private final byte[] types;
    private final int[] froms;
    private final int[] tos;
    /** The encoded line of each slot at {@code slot * LINE_STRIDE}, its length in {@link #lineLengths}, 0 if not cached. */
    private final byte[] lines;
    private final byte[] lineLengths;
    private final AtomicIntegerArray pending;
    private final AtomicLongArray sentAtNanos;
    /** The seq each slot holds, 0 while the slot is being rewritten: a seqlock for {@link #appendLineIfHeld}. */
    private final AtomicLongArray heldSeq;
    private final BroadcastLog broadcasts;
    /** Written by the feeding thread only, once per chunk sent. */
    private volatile long lastSentSeq;
    /** The feeding thread's buffer for encoding a line. */
    private final byte[] scratch = new byte[EventLines.MAX_LENGTH];
    private long oldestUnverified = 1;

    /**
     * @param held how many events to hold: the in-flight window (the most events in flight), or
     *             every event of a run without one; rounded up to a power of two
     */
    public InFlightEvents(int held) {
        if (held < 1 || held > MAX_WINDOW) {
            throw new IllegalArgumentException("held: " + held + " (expected 1.." + MAX_WINDOW + " events)");
        }
        this.capacity = held == 1 ? 1 : Integer.highestOneBit(held - 1) << 1;
        this.mask = capacity - 1;
        this.types = new byte[capacity];
        this.froms = new int[capacity];
        this.tos = new int[capacity];
        this.lines = new byte[capacity << LINE_SHIFT];
        this.lineLengths = new byte[capacity];
        this.pending = new AtomicIntegerArray(capacity);
        this.sentAtNanos = new AtomicLongArray(capacity);
        this.heldSeq = new AtomicLongArray(capacity);
        this.broadcasts = new BroadcastLog(capacity);
    }

    /**
     * The broadcasts, in order: every client verifier of these events expects each one added
     * there, besides what is added to it alone. It lives here because the in-flight window keeps it safe.
     */
    public BroadcastLog broadcasts() {
        return broadcasts;
    }

    /**
     * Records a generated event that {@code recipients} clients must receive. {@code nowNanos}
     * stands for its send time until {@link #markSent} gives the real one.
     */
    public void record(GeneratedEvent event, int recipients, long nowNanos) {
        int slot = slot(event.seq());
        // Ordered (release) writes throughout, not volatile ones: this runs for every event on
        // the feeding thread, and nothing here needs a full fence. The fields below must not be
        // written before the slot is marked as being rewritten.
        heldSeq.lazySet(slot, 0);
        VarHandle.storeStoreFence();
        int length = EventLines.encode(event.seq(), event.type(), event.from(), event.to(), scratch, 0);
        if (length <= LINE_STRIDE) {
            System.arraycopy(scratch, 0, lines, slot << LINE_SHIFT, length);
            lineLengths[slot] = (byte) length;
        } else {
            // Too long for a slot (huge ids or seqs): rebuilt from the fields when needed.
            lineLengths[slot] = 0;
            types[slot] = (byte) event.type().ordinal();
            froms[slot] = event.from();
            tos[slot] = event.to();
        }
        sentAtNanos.lazySet(slot, nowNanos);
        // The ordered writes publish the plain writes above to any thread that reads them.
        pending.lazySet(slot, recipients);
        heldSeq.lazySet(slot, event.seq());
    }

    /** Records that the events {@code fromSeq..toSeq} (inclusive) were handed to the socket at {@code nanos}. */
    public void markSent(long fromSeq, long toSeq, long nanos) {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            sentAtNanos.lazySet(slot(seq), nanos);
        }
        lastSentSeq = Math.max(lastSentSeq, toSeq);
    }

    /** The highest seq handed to the socket so far, 0 before the first; any thread. */
    public long lastSentSeq() {
        return lastSentSeq;
    }

    /** When the event was sent (or generated, if not sent yet). */
    public long sentAtNanos(long seq) {
        return sentAtNanos.get(slot(seq));
    }

    /** Appends the line of an in-flight event to {@code out} from {@code offset}; returns the end offset. */
    public int appendLine(long seq, byte[] out, int offset) {
        return copyLine(seq, slot(seq), out, offset);
    }

    /**
     * Whether {@code line[offset..offset+length)} is, byte for byte, the line of the in-flight
     * event {@code seq}. A line too long to be kept as bytes is rebuilt in {@code scratch}, of at
     * least {@link EventLines#MAX_LENGTH} bytes.
     */
    public boolean isLineOf(long seq, byte[] line, int offset, int length, byte[] scratch) {
        int slot = slot(seq);
        int cached = lineLengths[slot];
        if (cached > 0) {
            int at = slot << LINE_SHIFT;
            return Arrays.equals(lines, at, at + cached, line, offset, offset + length);
        }
        int expectedLength = copyLine(seq, slot, scratch, 0);
        return Arrays.equals(scratch, 0, expectedLength, line, offset, offset + length);
    }

    private int copyLine(long seq, int slot, byte[] out, int offset) {
        int cached = lineLengths[slot];
        if (cached > 0) {
            System.arraycopy(lines, slot << LINE_SHIFT, out, offset, cached);
            return offset + cached;
        }
        return EventLines.encode(seq, EventType.ofOrdinal(types[slot]), froms[slot], tos[slot], out, offset);
    }

    /**
     * Appends the line of {@code seq} like {@link #appendLine}, if its slot still holds it;
     * returns -1 if the feeding thread has reused the slot (the event left the in-flight window).
     */
    public int appendLineIfHeld(long seq, byte[] out, int offset) {
        int slot = slot(seq);
        if (heldSeq.get(slot) != seq) {
            return -1;
        }
        int end = copyLine(seq, slot, out, offset);
        // The fields just read were those of seq only if the slot still holds it now.
        VarHandle.loadLoadFence();
        return heldSeq.get(slot) == seq ? end : -1;
    }

    /** One client received the event. */
    public void verified(long seq) {
        pending.decrementAndGet(slot(seq));
    }

    /**
     * The oldest seq below {@code nextSeq} that some client has not received yet, or
     * {@code nextSeq} when all have been received. Feeding thread only.
     */
    public long oldestUnverified(long nextSeq) {
        long oldest = oldestUnverified;
        while (oldest < nextSeq && pending.get(slot(oldest)) <= 0) {
            oldest++;
        }
        oldestUnverified = oldest;
        return oldest;
    }

    /** Whether the events up to {@code lastSeq} fit in the in-flight window now. Feeding thread only. */
    public boolean hasRoomFor(long lastSeq, long nextSeq) {
        if (lastSeq - oldestUnverified < capacity) {
            return true;
        }
        return lastSeq - oldestUnverified(nextSeq) < capacity;
    }

    private int slot(long seq) {
        return (int) (seq & mask);
    }
}
