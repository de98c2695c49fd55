package com.followermaze.loadgen.server;

import com.followermaze.loadgen.reference.ReferenceServer;

/** Broken: the first event that has a recipient is never delivered (its follow effects still apply). */
public final class DropsAnEventServer extends ReferenceServer {

    private long droppedSeq;

    @Override
    protected void deliver(int user, ParsedEvent event) {
        if (droppedSeq == 0 && isConnected(user)) {
            droppedSeq = event.seq();
        }
        if (event.seq() != droppedSeq) {
            super.deliver(user, event);
        }
    }
}
