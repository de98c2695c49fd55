package com.followermaze.common.batch;

import java.util.Arrays;

/**
 * Accumulates event lines into a body of {@link BatchFormat} and cuts it into an
 * {@link EventBatch}. Its buffer is reused from batch to batch.
 *
 * <p>Not thread-safe: it belongs to the one thread that reads the source connection.
 */
public final class BatchBuilder {

    private final String session;
    private byte[] buffer;
    private int size;
    private int eventCount;
    private long nextNumber = 1;

    public BatchBuilder(String session, int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity: " + initialCapacity + " (expected > 0)");
        }
        this.session = session;
        this.buffer = new byte[initialCapacity];
    }

    /** Appends one line, given without its terminator, followed by {@code \n}. */
    public void add(byte[] line, int offset, int length) {
        add(line, offset, length, false);
    }

    /** Appends one line, given without its terminator, followed by {@code \r\n} if {@code crlf}, else {@code \n}. */
    public void add(byte[] line, int offset, int length, boolean crlf) {
        int needed = size + length + 2;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
        System.arraycopy(line, offset, buffer, size, length);
        size += length;
        if (crlf) {
            buffer[size++] = '\r';
        }
        buffer[size++] = BatchFormat.LINE_END;
        eventCount++;
    }

    public int eventCount() {
        return eventCount;
    }

    public int byteCount() {
        return size;
    }

    public boolean isEmpty() {
        return eventCount == 0;
    }

    /** The session this builder numbers batches for. */
    public String session() {
        return session;
    }

    /** Cuts what was added into a batch and starts the next one empty. */
    public EventBatch cut() {
        return cut(SessionMark.NONE);
    }

    /**
     * Cuts what was added, possibly nothing, into a batch with {@code mark} and starts the next
     * one empty.
     *
     * @throws IllegalStateException for an unmarked batch with nothing in it
     */
    public EventBatch cut(SessionMark mark) {
        if (eventCount == 0 && mark == SessionMark.NONE) {
            throw new IllegalStateException("cut: the batch is empty");
        }
        EventBatch batch = new EventBatch(session, nextNumber++, eventCount, Arrays.copyOf(buffer, size), mark);
        size = 0;
        eventCount = 0;
        return batch;
    }
}
