package com.followermaze.loadgen.server;

import com.followermaze.loadgen.reference.ReferenceServer;

/** Broken: the tenth notification it sends goes out twice. */
public final class SendsADuplicateServer extends ReferenceServer {

    private int deliveries;

    @Override
    protected void deliver(int user, ParsedEvent event) {
        super.deliver(user, event);
        if (isConnected(user) && ++deliveries == 10) {
            super.deliver(user, event);
        }
    }
}
