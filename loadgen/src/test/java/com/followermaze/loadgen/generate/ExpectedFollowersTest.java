package com.followermaze.loadgen.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FollowerGraphTest {

    private static Set<Integer> trackedFollowers(ExpectedFollowers graph, int user) {
        Set<Integer> followers = new HashSet<>();
        graph.forEachTrackedFollower(user, followers::add);
        return followers;
    }

    @Test
    void followersAreASetFollowingTwiceAndUnfollowingOnceLeavesNoFollow() {
        ExpectedFollowers graph = new ExpectedFollowers(10, user -> true);
        assertTrue(graph.follow(1, 2));
        assertFalse(graph.follow(1, 2));
        assertTrue(graph.unfollow(1, 2));
        assertFalse(graph.follows(1, 2));
        assertFalse(graph.unfollow(1, 2));
        assertEquals(0, graph.pairCount());
        assertEquals(Set.of(), trackedFollowers(graph, 2));
    }

    @Test
    void keepsOnlyTrackedFollowersPerUserButEveryPair() {
        ExpectedFollowers graph = new ExpectedFollowers(10, user -> user % 2 == 0);
        graph.follow(2, 5);
        graph.follow(3, 5);
        graph.follow(4, 5);
        assertEquals(Set.of(2, 4), trackedFollowers(graph, 5));
        assertEquals(2, graph.trackedFollowerCount(5));
        assertEquals(3, graph.pairCount());
        assertTrue(graph.follows(3, 5));
        graph.unfollow(2, 5);
        assertEquals(Set.of(4), trackedFollowers(graph, 5));
    }

    @Test
    void aRandomPairIsAlwaysAnExistingOne() {
        ExpectedFollowers graph = new ExpectedFollowers(50, user -> true);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            int from = 1 + random.nextInt(50);
            int to = 1 + random.nextInt(50);
            if (random.nextBoolean()) {
                graph.follow(from, to);
            } else if (graph.pairCount() > 0) {
                long pair = graph.randomPair(random);
                assertTrue(graph.follows(ExpectedFollowers.pairFrom(pair), ExpectedFollowers.pairTo(pair)));
                assertTrue(graph.unfollow(ExpectedFollowers.pairFrom(pair), ExpectedFollowers.pairTo(pair)));
            }
        }
    }
}
