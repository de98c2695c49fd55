package com.followermaze.loadgen.server;

import com.followermaze.loadgen.reference.ReferenceServer;

/** Broken: an Unfollow changes nothing, so the former follower keeps getting Status updates. */
public final class IgnoresUnfollowServer extends ReferenceServer {

    @Override
    protected void unfollow(ParsedEvent event) {
        // Deliberately ignored.
    }
}
