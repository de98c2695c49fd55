package com.followermaze.loadgen.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.followermaze.loadgen.reference.ReferenceServer;

/**
 * Correct, and it crashes once, the way a processor with a state directory does: when event
 * {@code crashAt} has been applied it closes every user connection and goes back to a snapshot
 * taken {@code replay} events earlier (its follow graph and next seq), applying those events
 * again. With {@code waitForUsers}, it stops reading the source until every user that was
 * connected has registered again, so the events it applies again reach users that already had
 * them; without it, it goes on at once, so users miss what it sends while they are away.
 *
 * <p>Everything a user receives after registering again is exactly what the whole history
 * implies: a reconnecting loadgen must pass it, and one that does not reconnect must fail.
 */
public class RestartingServer extends ReferenceServer {

    private final long crashAt;
    private final long replay;
    private final boolean waitForUsers;
    // Event source's thread.
    private final Map<Long, ParsedEvent> log = new HashMap<>();
    private Map<Integer, Set<Integer>> snapshot;
    private long snapshotNext;
    private boolean crashed;
    private boolean down;
    private final Set<Integer> awaited = ConcurrentHashMap.newKeySet();

    public RestartingServer(long crashAt, long replay, boolean waitForUsers) {
        this.crashAt = crashAt;
        this.replay = replay;
        this.waitForUsers = waitForUsers;
    }

    /** Whether it has restarted and serves again. */
    protected final boolean restarted() {
        return crashed && !down;
    }

    @Override
    protected void onEvent(ParsedEvent event) {
        if (crashed) {
            hold(event);
            if (!down) {
                release();
            }
            return;
        }
        log.put(event.seq(), event);
        hold(event);
        release();
        if (snapshot == null && nextSeq() - 1 >= crashAt - replay) {
            snapshot = copyOfFollowers();
            snapshotNext = nextSeq();
        }
        if (nextSeq() - 1 >= crashAt) {
            crash();
        }
    }

    private void crash() {
        crashed = true;
        List<ParsedEvent> again = new ArrayList<>();
        for (long seq = snapshotNext; seq < nextSeq(); seq++) {
            again.add(log.get(seq));
        }
        log.clear();
        down = waitForUsers;
        if (down) {
            source().config().setAutoRead(false);
        }
        // Awaited before they are closed: one that comes back at once must find itself awaited.
        awaited.addAll(connectedUsers());
        disconnectUsers();
        restartFrom(restoredFollowers(snapshot), snapshotNext, again);
        if (!down) {
            release();
        } else if (awaited.isEmpty()) {
            comeBack();
        }
    }

    /** The follow graph it restarts with: the snapshot's. */
    protected Map<Integer, Set<Integer>> restoredFollowers(Map<Integer, Set<Integer>> saved) {
        return saved;
    }

    @Override
    protected void onRegistered(int user) {
        if (awaited.remove(user) && awaited.isEmpty()) {
            source().eventLoop().execute(this::comeBack);
        }
    }

    private void comeBack() {
        if (!down) {
            return;
        }
        down = false;
        release();
        flushUsers();
        source().config().setAutoRead(true);
    }
}
