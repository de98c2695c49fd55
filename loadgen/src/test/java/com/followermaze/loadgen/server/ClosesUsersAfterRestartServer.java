package com.followermaze.loadgen.server;

/**
 * Broken: after its restart it takes every user connection and closes it once the user has
 * registered, again and again. A reconnecting client must give up after its bound, not
 * reconnect forever.
 */
public final class ClosesUsersAfterRestartServer extends RestartingServer {

    public ClosesUsersAfterRestartServer(long crashAt, long replay) {
        super(crashAt, replay, false);
    }

    @Override
    protected void onRegistered(int user) {
        if (restarted()) {
            disconnectUsers();
        }
    }
}
