package com.followermaze.common.batch;

import java.util.Objects;

/**
 * A cut batch of events on its way from the listener to the processor.
 *
 * @param source     the source session that produced the events: one per event-source
 *                   connection, unique across listener restarts
 * @param number     the batch's position in its session, from 1
 * @param eventCount how many lines {@code body} holds
 * @param body       the lines in the format of {@link BatchFormat}; owned by the batch, never
 *                   modified after it is cut
 */
public record EventBatch(String source, long number, int eventCount, byte[] body) {

    public EventBatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(body, "body");
        if (number < 1) {
            throw new IllegalArgumentException("number: " + number + " (expected >= 1)");
        }
        if (eventCount < 1) {
            throw new IllegalArgumentException("eventCount: " + eventCount + " (expected >= 1)");
        }
    }

    @Override
    public String toString() {
        return "EventBatch[source=" + source + ", number=" + number + ", events=" + eventCount
                + ", bytes=" + body.length + "]";
    }
}
