package com.followermaze.loadgen.server;

import com.followermaze.loadgen.reference.ReferenceServer;

/** Broken: reads every event-source connection after the first, and drops their events. */
public final class DropsReconnectedSourceServer extends ReferenceServer {

    @Override
    protected void onEvent(ParsedEvent event) {
        if (event.connection() == 1) {
            super.onEvent(event);
        }
    }
}
