package com.followermaze.processor.rules;

import com.followermaze.common.event.Event;

/**
 * Where the rules send notifications. An implementation skips users that are not connected,
 * silently: the rules do not know who is. It may buffer notifications until {@link #flush()},
 * which the engine calls when its inbox is empty, or after 16 batches.
 */
public interface Notifier {

    /** {@code userId} must be sent {@code event}. */
    void notifyUser(int userId, Event event);

    /** Every connected user must be sent {@code event}. */
    void notifyAllUsers(Event event);

    /** Sends what was buffered since the last flush. */
    default void flush() {
    }
}
