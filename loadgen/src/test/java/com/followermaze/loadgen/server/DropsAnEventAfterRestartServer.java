package com.followermaze.loadgen.server;

/** Broken: after its restart, the fifth notification to the first user that gets five is never sent. */
public final class DropsAnEventAfterRestartServer extends RestartingServer {

    private final int[] deliveries = new int[100_001];
    private boolean dropped;

    public DropsAnEventAfterRestartServer(long crashAt, long replay) {
        super(crashAt, replay, true);
    }

    @Override
    protected void deliver(int user, ParsedEvent event) {
        if (restarted() && !dropped && isConnected(user) && ++deliveries[user] == 5) {
            dropped = true;
            return;
        }
        super.deliver(user, event);
    }
}
