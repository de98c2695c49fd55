package com.followermaze.loadgen.generate;

import java.util.SplittableRandom;

/**
 * The event stream, produced lazily in sequence order (1, 2, 3...) from a seeded random source:
 * the same mix, user count and seed always give the same events. Each event is applied to the
 * {@link ExpectedFollowers} as it is produced, so the graph is always the state after the last
 * event returned. An Unfollow always undoes an existing follow pair; when there is none, a
 * Follow is produced instead. Follow and Private message never go from a user to itself.
 *
 * <p>Constant memory whatever the number of events; not thread-safe.
 */
public final class EventGenerator {

    private final EventMix mix;
    private final ExpectedFollowers graph;
    private final SplittableRandom random;
    private final int users;
    private long nextSeq = 1;

    public EventGenerator(EventMix mix, ExpectedFollowers graph, SplittableRandom random) {
        if (graph.users() < 2) {
            throw new IllegalArgumentException("users: " + graph.users() + " (expected >= 2: follows go between two users)");
        }
        this.mix = mix;
        this.graph = graph;
        this.random = random;
        this.users = graph.users();
    }

    public GeneratedEvent next() {
        long seq = nextSeq++;
        EventType type = mix.typeOf(random.nextInt(EventMix.PARTS));
        if (type == EventType.UNFOLLOW && graph.pairCount() == 0) {
            type = EventType.FOLLOW;
        }
        switch (type) {
            case FOLLOW -> {
                int from = randomUser();
                int to = randomUserOtherThan(from);
                graph.follow(from, to);
                return new GeneratedEvent(seq, type, from, to);
            }
            case UNFOLLOW -> {
                long pair = graph.randomPair(random);
                int from = ExpectedFollowers.pairFrom(pair);
                int to = ExpectedFollowers.pairTo(pair);
                graph.unfollow(from, to);
                return new GeneratedEvent(seq, type, from, to);
            }
            case PRIVATE_MESSAGE -> {
                int from = randomUser();
                return new GeneratedEvent(seq, type, from, randomUserOtherThan(from));
            }
            case BROADCAST -> {
                return new GeneratedEvent(seq, type, 0, 0);
            }
            case STATUS_UPDATE -> {
                return new GeneratedEvent(seq, type, randomUser(), 0);
            }
            default -> throw new IllegalStateException("unknown type " + type);
        }
    }

    private int randomUser() {
        return 1 + random.nextInt(users);
    }

    private int randomUserOtherThan(int user) {
        // Draw from the users - 1 others, then skip over `user`: one draw, no retry loop.
        int other = 1 + random.nextInt(users - 1);
        return other >= user ? other + 1 : other;
    }
}
