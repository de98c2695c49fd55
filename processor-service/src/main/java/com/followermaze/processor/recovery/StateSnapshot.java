package com.followermaze.processor.recovery;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.followermaze.common.event.Event;

/**
 * The engine's state at one moment.
 *
 * <p>Two kinds are written from it. With a state directory (one processor, a queue), a snapshot
 * holds the durable state only: {@link #held()} and {@link #undecided()} are empty and {@link
 * #streamOffset()} is {@link #NO_OFFSET}, because the batches behind them are not acknowledged
 * and the broker redelivers them after a crash. In scale-out mode a snapshot is taken after the
 * message at {@link #streamOffset()} of the RabbitMQ stream and holds everything the engine
 * holds then, the events waiting for a gap and for their session's decision included: an
 * engine restored from it and fed the stream from the next offset is the engine that read the
 * whole stream.
 *
 * @param session          the source session whose events make up the current stream; {@code null}
 *                         before any stream began
 * @param nextExpected     the stream's next expected sequence number: every number below it was
 *                         released and its effect is in {@code follows}
 * @param retiredSessions  source sessions a newer stream replaced, oldest first; their events are dropped
 * @param follows          every follow pair, each packed by {@link #pair}: the follower in the high
 *                         32 bits, the followed user in the low 32 bits; in no particular order
 * @param streamOffset     the offset of the last RabbitMQ stream message the state includes, or
 *                         {@link #NO_OFFSET}
 * @param lastMessage      what that message was ({@link #messageId}), to check on restore that it
 *                         is the one at that offset of the stream read: {@code null} without an offset
 * @param held             the events of the current stream held behind a gap, lowest number first
 * @param undecidedSession the session whose stream decision is pending, or {@code null}
 * @param undecided        that session's events held until the decision, in the order they came
 */
public record StateSnapshot(String session, long nextExpected, List<String> retiredSessions, long[] follows,
                            long streamOffset, String lastMessage, List<Event> held, String undecidedSession,
                            List<Event> undecided) {

    /** {@link #streamOffset()} of a snapshot that is not of a RabbitMQ stream. */
    public static final long NO_OFFSET = -1;

    public StateSnapshot {
        if (nextExpected < 1) {
            throw new IllegalArgumentException("nextExpected: " + nextExpected + " (expected > 0)");
        }
        retiredSessions = List.copyOf(retiredSessions);
        Objects.requireNonNull(follows, "follows");
        if (streamOffset < NO_OFFSET) {
            throw new IllegalArgumentException("streamOffset: " + streamOffset + " (expected >= 0, or -1 for none)");
        }
        if ((streamOffset == NO_OFFSET) != (lastMessage == null)) {
            throw new IllegalArgumentException("lastMessage: " + lastMessage + " (expected one with a stream offset, only)");
        }
        held = List.copyOf(held);
        undecided = List.copyOf(undecided);
        if (undecidedSession == null && !undecided.isEmpty()) {
            throw new IllegalArgumentException("undecided: " + undecided.size() + " events of no session");
        }
    }

    /** The durable state alone (a state directory's snapshot): no offset, nothing held. */
    public StateSnapshot(String session, long nextExpected, List<String> retiredSessions, long[] follows) {
        this(session, nextExpected, retiredSessions, follows, NO_OFFSET, null, List.of(), null, List.of());
    }

    /** What a stream message was, for {@link #lastMessage}: its batch's source and number ({@code #0} for no batch). */
    public static String messageId(String session, long batchNumber) {
        return session + "#" + batchNumber;
    }

    /** Packs the pair "{@code follower} follows {@code followed}". */
    public static long pair(int follower, int followed) {
        return ((long) follower << 32) | (followed & 0xFFFF_FFFFL);
    }

    public static int follower(long pair) {
        return (int) (pair >>> 32);
    }

    public static int followed(long pair) {
        return (int) pair;
    }

    // A record compares arrays by identity; snapshots compare by content (the pairs as a set).
    @Override
    public boolean equals(Object other) {
        return other instanceof StateSnapshot that
                && Objects.equals(session, that.session)
                && nextExpected == that.nextExpected
                && retiredSessions.equals(that.retiredSessions)
                && Arrays.equals(sorted(follows), sorted(that.follows))
                && streamOffset == that.streamOffset
                && Objects.equals(lastMessage, that.lastMessage)
                && held.equals(that.held)
                && Objects.equals(undecidedSession, that.undecidedSession)
                && undecided.equals(that.undecided);
    }

    @Override
    public int hashCode() {
        return Objects.hash(session, nextExpected, retiredSessions, Arrays.hashCode(sorted(follows)), streamOffset,
                lastMessage, held, undecidedSession, undecided);
    }

    @Override
    public String toString() {
        return "StateSnapshot[session=" + session + ", nextExpected=" + nextExpected + ", retiredSessions="
                + retiredSessions.size() + ", follows=" + follows.length
                + (streamOffset == NO_OFFSET ? "" : ", streamOffset=" + streamOffset + " (" + lastMessage + "), held=" + held.size()
                        + ", undecided=" + undecided.size() + (undecidedSession == null ? "" : " of " + undecidedSession))
                + "]";
    }

    private static long[] sorted(long[] pairs) {
        long[] copy = pairs.clone();
        Arrays.sort(copy);
        return copy;
    }
}
