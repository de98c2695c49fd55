package com.followermaze.loadgen.server;

import java.util.Map;
import java.util.Set;

/** Broken: restarts as {@link RestartingServer} does, but without its follow graph (a processor with no state). */
public final class ForgetsFollowsOnRestartServer extends RestartingServer {

    public ForgetsFollowsOnRestartServer(long crashAt, long replay) {
        super(crashAt, replay, true);
    }

    @Override
    protected Map<Integer, Set<Integer>> restoredFollowers(Map<Integer, Set<Integer>> saved) {
        return Map.of();
    }
}
