package com.followermaze.loadgen.verify;

import java.util.function.IntConsumer;

import com.followermaze.loadgen.generate.ExpectedFollowers;
import com.followermaze.loadgen.generate.GeneratedEvent;

/**
 * Applies the notification rules of the protocol to each generated event, for the connected
 * users only: records the event in flight with its number of recipients, then tells each
 * recipient's verifier to expect it; a broadcast goes once to the log every verifier of the
 * events reads ({@link InFlightEvents#broadcasts()}). Events must come in sequence order, each
 * right after the generator applied it to the graph. Feeding thread only.
 *
 * <ul>
 * <li>Follow: the followed user. Unfollow: nobody. Broadcast: every connected user.
 * <li>Private message: the addressee. Status update: every current follower of the sender.
 * </ul>
 */
public final class Expectations {

    private final InFlightEvents events;
    private final ExpectedFollowers graph;
    /** Each connected user's queue of expected seqs, by user id (null: not connected). */
    private final ExpectedLines[] byUser;
    private final int clientCount;
    private final IntConsumer expectFromFollower;
    private long currentSeq;

    /**
     * @param clients the verifiers of the connected users, every verifier built on {@code events};
     *                the graph must track exactly their ids
     */
    public Expectations(InFlightEvents events, ExpectedFollowers graph, ClientVerifier[] clients) {
        this.events = events;
        this.graph = graph;
        this.clientCount = clients.length;
        this.byUser = new ExpectedLines[graph.users() + 1];
        for (ClientVerifier client : clients) {
            byUser[client.userId()] = client.expectedLines();
        }
        this.expectFromFollower = follower -> byUser[follower].add(currentSeq);
    }

    /** Records {@code event} in flight and makes its recipients expect it; returns how many there are. */
    public int expect(GeneratedEvent event, long nowNanos) {
        long seq = event.seq();
        switch (event.type()) {
            case FOLLOW, PRIVATE_MESSAGE -> {
                ExpectedLines to = byUser[event.to()];
                events.record(event, to == null ? 0 : 1, nowNanos);
                if (to != null) {
                    to.add(seq);
                }
                return to == null ? 0 : 1;
            }
            case UNFOLLOW -> {
                events.record(event, 0, nowNanos);
                return 0;
            }
            case BROADCAST -> {
                events.record(event, clientCount, nowNanos);
                events.broadcasts().add(seq); // once for every client
                return clientCount;
            }
            case STATUS_UPDATE -> {
                int followers = graph.trackedFollowerCount(event.from());
                events.record(event, followers, nowNanos);
                currentSeq = seq;
                graph.forEachTrackedFollower(event.from(), expectFromFollower);
                return followers;
            }
            default -> throw new IllegalStateException("unknown type " + event.type());
        }
    }
}
