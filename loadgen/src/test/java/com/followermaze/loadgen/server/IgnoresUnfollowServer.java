package com.followermaze.loadgen.server;

/** Broken: an Unfollow changes nothing, so the former follower keeps getting Status updates. */
public final class IgnoresUnfollowServer extends ReferenceServer {

    @Override
    protected void unfollow(ParsedEvent event) {
        // Deliberately ignored.
    }
}
