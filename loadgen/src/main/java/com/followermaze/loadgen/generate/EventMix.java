package com.followermaze.loadgen.generate;

/**
 * How often each event type is drawn, in parts per million; the five parts add up to
 * 1,000,000. An Unfollow drawn while no follow pair exists becomes a Follow, so at the very
 * start of a stream the real share of Follows is a little higher than asked.
 */
public record EventMix(int follow, int unfollow, int privateMessage, int broadcast, int statusUpdate) {

    public static final int PARTS = 1_000_000;

    /** PROTOCOL.md at defaults: 15% Follow, 15% Unfollow, 15% Private, ~1,000 Broadcasts per 10M, the rest Status. */
    public static final EventMix DEFAULT = new EventMix(150_000, 150_000, 150_000, 100, 549_900);

    public EventMix {
        requireNonNegative("follow", follow);
        requireNonNegative("unfollow", unfollow);
        requireNonNegative("privateMessage", privateMessage);
        requireNonNegative("broadcast", broadcast);
        requireNonNegative("statusUpdate", statusUpdate);
        long sum = (long) follow + unfollow + privateMessage + broadcast + statusUpdate;
        if (sum != PARTS) {
            throw new IllegalArgumentException("event mix sum: " + sum + " (expected " + PARTS + " parts per million)");
        }
    }

    private static void requireNonNegative(String name, int parts) {
        if (parts < 0) {
            throw new IllegalArgumentException(name + ": " + parts + " (expected >= 0 parts per million)");
        }
    }

    /** The type a uniform draw in {@code [0, PARTS)} stands for. */
    EventType typeOf(int draw) {
        int bound = follow;
        if (draw < bound) {
            return EventType.FOLLOW;
        }
        bound += unfollow;
        if (draw < bound) {
            return EventType.UNFOLLOW;
        }
        bound += privateMessage;
        if (draw < bound) {
            return EventType.PRIVATE_MESSAGE;
        }
        bound += broadcast;
        if (draw < bound) {
            return EventType.BROADCAST;
        }
        return EventType.STATUS_UPDATE;
    }
}
