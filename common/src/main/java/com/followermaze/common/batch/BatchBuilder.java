package com.followermaze.common.batch;

import java.util.Arrays;

/**
 * Accumulates event lines into a body of {@link BatchFormat} and cuts it into an
 * {@link EventBatch}. Its buffer is reused from batch to batch.
 *
 * <p>Not thread-safe: it belongs to the one thread that reads the source connection.
 */
public final class BatchBuilder {

    private final String source;
    private byte[] buffer;
    private int size;
    private int eventCount;
    private long nextNumber = 1;

    public BatchBuilder(String source, int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity: " + initialCapacity + " (expected > 0)");
        }
        this.source = source;
        this.buffer = new byte[initialCapacity];
    }

    /** Appends one line, given without its terminator. */
    public void add(byte[] line, int offset, int length) {
        int needed = size + length + 1;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
        System.arraycopy(line, offset, buffer, size, length);
        size += length;
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
    public String source() {
        return source;
    }

    /** Cuts what was added into a batch and starts the next one empty. */
    public EventBatch cut() {
        if (eventCount == 0) {
            throw new IllegalStateException("cut: the batch is empty");
        }
        EventBatch batch = new EventBatch(source, nextNumber++, eventCount, Arrays.copyOf(buffer, size));
        size = 0;
        eventCount = 0;
        return batch;
    }
}
