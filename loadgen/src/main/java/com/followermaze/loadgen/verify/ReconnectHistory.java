package com.followermaze.loadgen.verify;

/**
 * The reconnect history of one client that reconnects ({@code --reconnect}): where it is
 * (connected, away, or connected again with nothing received yet), what was sent before it
 * came back (not owed to it), and the last {@value #REMEMBERED} seqs taken off its queue,
 * received or given up on while it was away, so that a server that sends some of them again
 * after a restart can be checked against them, in order, from wherever it starts. It counts
 * what happens into the run's {@link Reconnections}. The in-order check itself is
 * {@link ClientVerifier}'s; this class only says what the client may have missed and where a
 * first line after reconnecting fits.
 *
 * <p>Threading: the client's connection thread, like {@link ClientVerifier#onLine}, except
 * {@link #away} and {@link #sentBeforeRejoin}, which any thread may read.
 */
final class ReconnectHistory {

    /** How many of its last expected seqs a reconnecting client remembers. */
    static final int REMEMBERED = 1024;

    private enum Phase {
        /** Connected; every line is the next one expected. */
        CONNECTED,
        /** The connection is gone; reconnecting. */
        AWAY,
        /** Connected again, nothing received on this connection yet: the first line picks the place in E. */
        REJOINED
    }

    private final Reconnections reconnections;
    /**
     * The last seqs taken off the queue, in order, at {@code taken % REMEMBERED}: positive if
     * the client received it, negated if it was given up on.
     */
    private final long[] remembered = new long[REMEMBERED];
    private long taken;
    /** Index in {@code remembered} of the next seq expected while re-receiving remembered ones, or -1. */
    private long replayAt = -1;
    private Phase phase = Phase.CONNECTED;
    private volatile boolean away;
    /**
     * Once connected again: the last seq sent before then, or -1. The server may have released
     * the events up to it while the client was away, so they are not owed.
     */
    private volatile long sentBeforeRejoin = -1;

    ReconnectHistory(Reconnections reconnections) {
        this.reconnections = reconnections;
    }

    /** Whether the next line comes from the queue, in step: connected, and not re-receiving remembered lines. */
    boolean inStep() {
        return phase == Phase.CONNECTED && replayAt < 0;
    }

    /** Connected again, nothing received since: the next line is the first of the new connection. */
    boolean rejoined() {
        return phase == Phase.REJOINED;
    }

    /** Connected (the first line since reconnecting has come, if it reconnected). */
    boolean connected() {
        return phase == Phase.CONNECTED;
    }

    /** Whether the client lost its connection and has received nothing on a new one yet; any thread. */
    boolean away() {
        return away;
    }

    /** The last seq sent before the client connected again, or -1 while away; any thread. */
    long sentBeforeRejoin() {
        return sentBeforeRejoin;
    }

    /** {@code seq}, the head of the queue, was taken off it: received, or given up on while away. */
    void taken(long seq, boolean receivedIt) {
        remembered[(int) (taken % REMEMBERED)] = receivedIt ? seq : -seq;
        taken++;
        if (!receivedIt) {
            reconnections.missed(1);
        }
    }

    /** The connection is gone: away until {@link #reconnected}. */
    void disconnected() {
        reconnections.disconnected();
        phase = Phase.AWAY;
        sentBeforeRejoin = -1; // before away: whoever sees the client away sees this too
        away = true;
        replayAt = -1;
    }

    /** Connected again; {@code lastSentSeq} is the last seq sent by then. */
    void reconnected(long lastSentSeq) {
        reconnections.reconnected();
        phase = Phase.REJOINED;
        sentBeforeRejoin = lastSentSeq;
    }

    /** The first line on the new connection has come: the client is back in the run. */
    void firstLineReceived() {
        phase = Phase.CONNECTED;
        away = false;
    }

    /**
     * If {@code seq} is one of the remembered seqs, the server is sending them again from there:
     * re-receiving starts at it, and this returns true.
     */
    boolean replayFrom(long seq) {
        long at = indexOf(seq);
        if (at < 0) {
            return false;
        }
        replayAt = at;
        return true;
    }

    /** Whether {@code seq} is older than every remembered seq, with some forgotten already: it cannot be checked. */
    boolean olderThanRemembered(long seq) {
        long oldest = oldest();
        return taken > REMEMBERED && oldest > 0 && seq < oldest;
    }

    /** Whether the client is re-receiving remembered seqs. */
    boolean replaying() {
        return replayAt >= 0;
    }

    /** While re-receiving: the remembered seq the next line must be. */
    long replaySeq() {
        return Math.abs(remembered[(int) (replayAt % REMEMBERED)]);
    }

    /** While re-receiving: the line of {@link #replaySeq} came; the next is the one after it, or the queue's head. */
    void replayed() {
        int slot = (int) (replayAt % REMEMBERED);
        long entry = remembered[slot];
        if (entry > 0) {
            reconnections.repeated();
        } else {
            reconnections.missed(-1); // given up on while away, and here it is after all
            remembered[slot] = -entry;
        }
        replayAt++;
        if (replayAt == taken) {
            replayAt = -1; // the rest comes from the queue
        }
    }

    /** Index in {@code remembered} of {@code seq}, or -1 if it is not remembered. */
    private long indexOf(long seq) {
        for (long i = taken - 1; i >= Math.max(0, taken - REMEMBERED); i--) {
            long entry = Math.abs(remembered[(int) (i % REMEMBERED)]);
            if (entry == seq) {
                return i;
            }
            if (entry < seq) {
                return -1;
            }
        }
        return -1;
    }

    private long oldest() {
        return taken == 0 ? 0 : Math.abs(remembered[(int) (Math.max(0, taken - REMEMBERED) % REMEMBERED)]);
    }
}
