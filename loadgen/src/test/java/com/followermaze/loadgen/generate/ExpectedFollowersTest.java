package com.followermaze.loadgen.generate;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(graph.follow(1, 2)).isTrue();
        assertThat(graph.follow(1, 2)).isFalse();
        assertThat(graph.unfollow(1, 2)).isTrue();
        assertThat(graph.follows(1, 2)).isFalse();
        assertThat(graph.unfollow(1, 2)).isFalse();
        assertThat(graph.pairCount()).isEqualTo(0);
        assertThat(trackedFollowers(graph, 2)).isEqualTo(Set.of());
    }

    @Test
    void keepsOnlyTrackedFollowersPerUserButEveryPair() {
        ExpectedFollowers graph = new ExpectedFollowers(10, user -> user % 2 == 0);
        graph.follow(2, 5);
        graph.follow(3, 5);
        graph.follow(4, 5);
        assertThat(trackedFollowers(graph, 5)).isEqualTo(Set.of(2, 4));
        assertThat(graph.trackedFollowerCount(5)).isEqualTo(2);
        assertThat(graph.pairCount()).isEqualTo(3);
        assertThat(graph.follows(3, 5)).isTrue();
        graph.unfollow(2, 5);
        assertThat(trackedFollowers(graph, 5)).isEqualTo(Set.of(4));
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
                assertThat(graph.follows(ExpectedFollowers.pairFrom(pair), ExpectedFollowers.pairTo(pair))).isTrue();
                assertThat(graph.unfollow(ExpectedFollowers.pairFrom(pair), ExpectedFollowers.pairTo(pair))).isTrue();
            }
        }
    }
}
