package com.followermaze.common.batch;

import java.util.Objects;

/**
 * A cut batch of events on its way from the listener to the processor.
 *
 * @param session    the source session that produced the events: one per event-source
 *                   connection, unique across listener restarts
 * @param number     the batch's position in its session, from 1
 * @param eventCount how many lines {@code body} holds; 0 only in a marked batch
 * @param body       the lines in the format of {@link BatchFormat}; owned by the batch, never
 *                   modified after it is cut
 * @param mark       what the batch says about its session: {@link SessionMark#NONE} for an
 *                   ordinary batch
 */
public record EventBatch(String session, long number, int eventCount, byte[] body, SessionMark mark) {

    public EventBatch {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(mark, "mark");
        if (number < 1) {
            throw new IllegalArgumentException("number: " + number + " (expected >= 1)");
        }
        if (eventCount < (mark == SessionMark.NONE ? 1 : 0)) {
            throw new IllegalArgumentException("eventCount: " + eventCount + " (expected >= "
                    + (mark == SessionMark.NONE ? "1 in an unmarked batch)" : "0)"));
        }
    }

    /** An ordinary batch of at least one event. */
    public EventBatch(String session, long number, int eventCount, byte[] body) {
        this(session, number, eventCount, body, SessionMark.NONE);
    }

    @Override
    public String toString() {
        return "EventBatch[session=" + session + ", number=" + number + ", events=" + eventCount
                + ", bytes=" + body.length + (mark == SessionMark.NONE ? "" : ", mark=" + mark) + "]";
    }
}
