package com.followermaze.loadgen.generate;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;

/**
 * Who follows whom, as the server must see it once it has applied every event so far in
 * sequence order: the load generator's model of the expected state, from which it knows who
 * must receive each Status update (the processor's own follower graph is another class, with
 * another contract). Followers are a set: following twice and unfollowing once leaves no follow.
 *
 * <p>It keeps every follow pair (so that an Unfollow can undo a random existing one) and, for
 * each followed user, the followers that are <em>tracked</em>, the connected users, whose
 * notifications are checked. Memory is bounded by the number of distinct pairs, never by the
 * number of events. Not thread-safe: it belongs to the generating thread.
 */
public final class ExpectedFollowers {

    private static final long NO_INDEX = -1;

    private final int users;
    private final IntPredicate tracked;
    private final Long2LongHashMap pairIndex = new Long2LongHashMap(NO_INDEX);
    private long[] pairs = new long[1024];
    private int pairCount;
    private final IntArrayList[] trackedFollowers;

    /**
     * @param users   user ids are 1..users
     * @param tracked which users' follows are kept per followed user, for {@link #forEachTrackedFollower}
     */
    public ExpectedFollowers(int users, IntPredicate tracked) {
        if (users < 1) {
            throw new IllegalArgumentException("users: " + users + " (expected >= 1)");
        }
        this.users = users;
        this.tracked = tracked;
        this.trackedFollowers = new IntArrayList[users + 1];
    }

    /** Adds {@code from} to the followers of {@code to}; returns false if it already was one. */
    public boolean follow(int from, int to) {
        long pair = pair(from, to);
        if (pairIndex.get(pair) != NO_INDEX) {
            return false;
        }
        if (pairCount == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[pairCount] = pair;
        pairIndex.put(pair, pairCount);
        pairCount++;
        if (tracked.test(from)) {
            IntArrayList followers = trackedFollowers[to];
            if (followers == null) {
                followers = new IntArrayList();
                trackedFollowers[to] = followers;
            }
            followers.addInt(from);
        }
        return true;
    }

    /** Removes {@code from} from the followers of {@code to}; returns false if it was not one. */
    public boolean unfollow(int from, int to) {
        long pair = pair(from, to);
        long index = pairIndex.remove(pair);
        if (index == NO_INDEX) {
            return false;
        }
        // Keep the pairs dense so that a random one can be drawn in O(1): move the last into the hole.
        int hole = (int) index;
        int last = --pairCount;
        if (hole != last) {
            long moved = pairs[last];
            pairs[hole] = moved;
            pairIndex.put(moved, hole);
        }
        if (tracked.test(from)) {
            trackedFollowers[to].fastUnorderedRemoveInt(from);
        }
        return true;
    }

    public boolean follows(int from, int to) {
        return pairIndex.get(pair(from, to)) != NO_INDEX;
    }

    /** How many follow pairs exist. */
    public int pairCount() {
        return pairCount;
    }

    /** A uniformly drawn existing pair, as {@code from << 32 | to}; there must be one. */
    public long randomPair(SplittableRandom random) {
        if (pairCount == 0) {
            throw new IllegalStateException("no follow pair to draw from");
        }
        return pairs[random.nextInt(pairCount)];
    }

    /** Calls {@code action} with each tracked follower of {@code user}, in no particular order. */
    public void forEachTrackedFollower(int user, IntConsumer action) {
        IntArrayList followers = trackedFollowers[user];
        if (followers != null) {
            for (int i = 0, n = followers.size(); i < n; i++) {
                action.accept(followers.getInt(i));
            }
        }
    }

    /** How many tracked followers {@code user} has. */
    public int trackedFollowerCount(int user) {
        IntArrayList followers = trackedFollowers[user];
        return followers == null ? 0 : followers.size();
    }

    public int users() {
        return users;
    }

    public static long pair(int from, int to) {
        return ((long) from << 32) | (to & 0xFFFF_FFFFL);
    }

    public static int pairFrom(long pair) {
        return (int) (pair >>> 32);
    }

    public static int pairTo(long pair) {
        return (int) pair;
    }
}
