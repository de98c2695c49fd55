package com.followermaze.loadgen.server;

import com.followermaze.loadgen.reference.ReferenceServer;

/** Broken: applies events in the order they arrive, not in sequence order. */
public final class DoesNotReorderServer extends ReferenceServer {

    @Override
    protected void onEvent(ParsedEvent event) {
        apply(event);
    }
}
