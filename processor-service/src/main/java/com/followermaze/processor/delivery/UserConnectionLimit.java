package com.followermaze.processor.delivery;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open user connections, registered or not, and admits a new one only while fewer
 * than the limit are open. Lock-free; touched once when a connection opens and once when it
 * closes, from any I/O thread.
 */
public final class UserConnectionLimit {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    /** @param max the most connections open at once */
    public UserConnectionLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxUserConnections: " + max + " (expected > 0)");
        }
        this.max = max;
    }

    /**
     * Admits one more connection if fewer than the limit are open.
     *
     * @return whether it was admitted; if so, {@link #release()} must follow when it closes
     */
    public boolean tryAcquire() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** An admitted connection closed. */
    public void release() {
        open.decrementAndGet();
    }

    /** The connections open now. */
    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }
}
