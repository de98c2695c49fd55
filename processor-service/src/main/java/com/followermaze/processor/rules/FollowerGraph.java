package com.followermaze.processor.rules;

import java.util.function.IntConsumer;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;

/**
 * Who follows whom. Followers are a set: following twice and unfollowing once leaves no
 * follow. User ids are primitive keys, so following and notifying box nothing.
 *
 * <p>A user's follower set, once made, is kept when it empties: the stream follows and
 * unfollows the same users over and over, and re-making the set each time was most of the
 * rules' allocation. Memory grows with the number of users ever followed and of follow pairs
 * at once, not with the number of events; {@link #clear()} (a new stream) frees it all.
 * Not thread-safe: owned by the engine thread.
 */
public final class FollowerGraph {

    private final Int2ObjectHashMap<IntHashSet> followersByUser = new Int2ObjectHashMap<>();

    /** {@code follower} now follows {@code followed}. */
    public void follow(int follower, int followed) {
        IntHashSet followers = followersByUser.get(followed);
        if (followers == null) {
            followers = new IntHashSet();
            followersByUser.put(followed, followers);
        }
        followers.add(follower);
    }

    /** {@code follower} no longer follows {@code followed}, whether it did or not. */
    public void unfollow(int follower, int followed) {
        IntHashSet followers = followersByUser.get(followed);
        if (followers != null) {
            followers.remove(follower);
        }
    }

    /** Calls {@code action} with each current follower of {@code user}, in no particular order. */
    public void forEachFollower(int user, IntConsumer action) {
        IntHashSet followers = followersByUser.get(user);
        if (followers != null) {
            IntHashSet.IntIterator it = followers.iterator();
            while (it.hasNext()) {
                action.accept(it.nextValue());
            }
        }
    }

    /** How many follow pairs there are; counts every follower set, so O(users). */
    public int pairCount() {
        int count = 0;
        for (IntHashSet followers : followersByUser.values()) {
            count += followers.size();
        }
        return count;
    }

    /** Calls {@code action} with every follow pair, {@code (follower, followed)}, in no particular order. */
    public void forEachPair(PairConsumer action) {
        followersByUser.forEachInt((followed, followers) -> {
            IntHashSet.IntIterator it = followers.iterator();
            while (it.hasNext()) {
                action.accept(it.nextValue(), followed);
            }
        });
    }

    /** Receives follow pairs from {@link #forEachPair}. */
    @FunctionalInterface
    public interface PairConsumer {
        void accept(int follower, int followed);
    }

    /** Forgets every follow: a new stream starts with nobody following anybody. */
    public void clear() {
        followersByUser.clear();
    }
}
