package com.followermaze.loadgen.server;

/** Broken: after its restart, the fifth notification to the first user that gets five goes out twice. */
public final class DuplicatesAfterRestartServer extends RestartingServer {

    private final int[] deliveries = new int[100_001];
    private boolean doubled;

    public DuplicatesAfterRestartServer(long crashAt, long replay) {
        super(crashAt, replay, true);
    }

    @Override
    protected void deliver(int user, ParsedEvent event) {
        super.deliver(user, event);
        if (restarted() && !doubled && isConnected(user) && ++deliveries[user] == 5) {
            doubled = true;
            super.deliver(user, event);
        }
    }
}
