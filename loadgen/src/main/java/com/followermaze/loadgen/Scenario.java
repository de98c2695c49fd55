package com.followermaze.loadgen;

import com.followermaze.loadgen.generate.EventMix;

/**
 * A named shape of load. A scenario sets the event mix and the defaults of the clients, users
 * and batch size; a flag given explicitly still wins over the scenario's default.
 */
public enum Scenario {

    /** The official test program: the mix of PROTOCOL.md, batches of 1..100 shuffled, 100 clients of 1,000 users. */
    DEFAULT("default", EventMix.DEFAULT, 100, 100, 1_000),

    /** As default, but every batch has one event: the stream arrives in sequence order. */
    IN_ORDER("in-order", EventMix.DEFAULT, 1, 100, 1_000),

    /** 5% Broadcasts (each reaches every client), taken from the Status updates. */
    BROADCAST_HEAVY("broadcast-heavy", new EventMix(150_000, 150_000, 150_000, 50_000, 500_000), 100, 100, 1_000),

    /**
     * Follows far outnumber Unfollows among only 200 users, so the graph grows dense (about 5/6
     * of all pairs) and each Status update fans out to dozens of connected followers.
     */
    MANY_FOLLOWERS("many-followers", new EventMix(300_000, 50_000, 100_000, 100, 549_900), 100, 100, 200),

    /** 10,000 connected clients, every user connected: tests connection handling and broadcast fan-out. */
    MANY_CLIENTS("many-clients", EventMix.DEFAULT, 100, 10_000, 10_000);

    private final String label;
    private final EventMix mix;
    private final int maxBatchSize;
    private final int clients;
    private final int users;

    Scenario(String label, EventMix mix, int maxBatchSize, int clients, int users) {
        this.label = label;
        this.mix = mix;
        this.maxBatchSize = maxBatchSize;
        this.clients = clients;
        this.users = users;
    }

    /** The name used on the command line and in reports. */
    public String label() {
        return label;
    }

    public EventMix mix() {
        return mix;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public int clients() {
        return clients;
    }

    public int users() {
        return users;
    }

    public static Scenario ofLabel(String label) {
        for (Scenario scenario : values()) {
            if (scenario.label.equals(label)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("scenario: '" + label + "' (expected one of " + labels() + ")");
    }

    public static String labels() {
        StringBuilder text = new StringBuilder();
        for (Scenario scenario : values()) {
            text.append(text.length() == 0 ? "" : ", ").append(scenario.label);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return label;
    }
}
