package com.followermaze.processor.rules;

import java.time.Duration;

import com.followermaze.common.event.Event;

/**
 * Where the rules send notifications. An implementation skips users that are not connected,
 * silently: the rules do not know who is. It may buffer notifications until {@link #flush()},
 * which the engine calls when its inbox is empty, or after 16 batches, and may keep buffering
 * past a flush while the connections are busy (it then asks the engine for another flush).
 */
public interface Notifier {

    /** {@code userId} must be sent {@code event}. */
    void notifyUser(int userId, Event event);

    /** Every connected user must be sent {@code event}. */
    void notifyAllUsers(Event event);

    /** Sends what was buffered since the last flush, or as much of it as the connections take now. */
    default void flush() {
    }

    /**
     * Sends everything buffered, waiting at most {@code timeout} for the connections to take
     * it, and releases what they did not: the end of a clean shutdown. Nothing is sent after.
     */
    default void finish(Duration timeout) {
        flush();
    }

    /** Releases everything buffered, unsent: the end after a failure. Nothing is sent after. */
    default void discard() {
    }
}
