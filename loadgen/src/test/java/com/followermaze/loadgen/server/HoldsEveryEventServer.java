package com.followermaze.loadgen.server;

import com.followermaze.loadgen.reference.ReferenceServer;

/**
 * Correct, but it delivers nothing until it has read the whole stream of {@code totalEvents}
 * events: a client then receives nothing while the event source sends, so a load generator that
 * waits for its clients before sending more (an in-flight window) never finishes sending.
 */
public final class HoldsEveryEventServer extends ReferenceServer {

    private final long totalEvents;
    private long held;

    public HoldsEveryEventServer(long totalEvents) {
        this.totalEvents = totalEvents;
    }

    @Override
    protected void onEvent(ParsedEvent event) {
        hold(event);
        held++;
        if (held == totalEvents) {
            release();
        }
    }
}
