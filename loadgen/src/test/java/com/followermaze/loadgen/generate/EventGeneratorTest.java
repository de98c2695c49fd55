package com.followermaze.loadgen.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class EventGeneratorTest {

    private static EventGenerator generator(long seed, int users) {
        return new EventGenerator(EventMix.DEFAULT, new ExpectedFollowers(users, user -> false), new SplittableRandom(seed));
    }

    private static List<GeneratedEvent> take(EventGenerator generator, int count) {
        List<GeneratedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(generator.next());
        }
        return events;
    }

    @Test
    void theSameSeedGivesTheSameStream() {
        assertThat(take(generator(666, 1_000), 10_000)).isEqualTo(take(generator(666, 1_000), 10_000));
    }

    @Test
    void anotherSeedGivesAnotherStream() {
        assertThat(take(generator(667, 1_000), 1_000)).isNotEqualTo(take(generator(666, 1_000), 1_000));
    }

    @Test
    void sequenceNumbersStartAtOneWithoutGaps() {
        List<GeneratedEvent> events = take(generator(1, 100), 1_000);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isEqualTo(i + 1);
        }
    }

    @Test
    void theDefaultMixMatchesTheProtocolAtScale() {
        Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
        EventGenerator generator = generator(666, 1_000);
        int total = 1_000_000;
        for (int i = 0; i < total; i++) {
            counts.merge(generator.next().type(), 1, Integer::sum);
        }
        assertShare(counts.get(EventType.FOLLOW), total, 0.15);
        assertShare(counts.get(EventType.UNFOLLOW), total, 0.15);
        assertShare(counts.get(EventType.PRIVATE_MESSAGE), total, 0.15);
        assertShare(counts.get(EventType.STATUS_UPDATE), total, 0.55);
        int broadcasts = counts.getOrDefault(EventType.BROADCAST, 0);
        assertThat(broadcasts > 60 && broadcasts < 140).as("about 100 broadcasts per million, got " + broadcasts).isTrue();
    }

    private static void assertShare(int count, int total, double expected) {
        double share = (double) count / total;
        assertThat(Math.abs(share - expected)).as("share " + share + ", expected about " + expected).isLessThan(0.005);
    }

    @Property(tries = 50)
    void unfollowOnlyEverUndoesAnExistingFollowPair(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                    @ForAll @IntRange(min = 2, max = 50) int users) {
        Set<Long> follows = new HashSet<>();
        EventGenerator generator = generator(seed, users);
        for (int i = 0; i < 2_000; i++) {
            GeneratedEvent event = generator.next();
            long pair = ExpectedFollowers.pair(event.from(), event.to());
            switch (event.type()) {
                case FOLLOW -> follows.add(pair);
                case UNFOLLOW -> assertThat(follows.remove(pair)).as(() -> event + " undoes no existing follow").isTrue();
                default -> {
                }
            }
            if (event.type().hasTo()) {
                assertThat(event.to()).as(() -> event + " goes from a user to itself").isNotEqualTo(event.from());
            }
            if (event.type().hasFrom()) {
                assertThat(event.from() >= 1 && event.from() <= users).isTrue();
            }
        }
    }

    @Test
    void memoryDoesNotGrowWithTheNumberOfEvents() {
        // A few users bound the follow pairs whatever the number of events: the graph is the only state.
        ExpectedFollowers graph = new ExpectedFollowers(10, user -> true);
        EventGenerator generator = new EventGenerator(EventMix.DEFAULT, graph, new SplittableRandom(3));
        for (int i = 0; i < 200_000; i++) {
            generator.next();
        }
        assertThat(graph.pairCount() <= 10 * 9).isTrue();
        assertThat(generator.next()).isNotSameAs(generator.next());
    }
}
