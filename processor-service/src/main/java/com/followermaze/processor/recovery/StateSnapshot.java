package com.followermaze.processor.recovery;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The engine's durable state at one moment: enough to resume the current stream after a crash.
 *
 * @param session         the source session whose events make up the current stream; {@code null}
 *                       before any stream began
 * @param nextExpected   the stream's next expected sequence number: every number below it was
 *                       released and its effect is in {@code follows}
 * @param retiredSessions source sessions a newer stream replaced, oldest first; their events are dropped
 * @param follows        every follow pair, each packed by {@link #pair}: the follower in the high
 *                       32 bits, the followed user in the low 32 bits; in no particular order
 */
public record StateSnapshot(String session, long nextExpected, List<String> retiredSessions, long[] follows) {

    public StateSnapshot {
        if (nextExpected < 1) {
            throw new IllegalArgumentException("nextExpected: " + nextExpected + " (expected > 0)");
        }
        retiredSessions = List.copyOf(retiredSessions);
        Objects.requireNonNull(follows, "follows");
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
                && Arrays.equals(sorted(follows), sorted(that.follows));
    }

    @Override
    public int hashCode() {
        return Objects.hash(session, nextExpected, retiredSessions, Arrays.hashCode(sorted(follows)));
    }

    @Override
    public String toString() {
        return "StateSnapshot[session=" + session + ", nextExpected=" + nextExpected + ", retiredSessions="
                + retiredSessions.size() + ", follows=" + follows.length + "]";
    }

    private static long[] sorted(long[] pairs) {
        long[] copy = pairs.clone();
        Arrays.sort(copy);
        return copy;
    }
}
