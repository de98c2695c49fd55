package com.followermaze.processor.rules;

import java.util.function.IntConsumer;

import com.followermaze.common.event.Broadcast;
import com.followermaze.common.event.Event;
import com.followermaze.common.event.Follow;
import com.followermaze.common.event.PrivateMessage;
import com.followermaze.common.event.StatusUpdate;
import com.followermaze.common.event.Unfollow;

/**
 * The protocol's rules. Applied to events strictly in sequence order, they keep the follower
 * graph and say whom to notify:
 * <ul>
 * <li>Follow {@code from -> to}: {@code from} joins the followers of {@code to}; notify {@code to}.
 * <li>Unfollow {@code from -> to}: {@code from} leaves the followers of {@code to}; notify nobody.
 * <li>Broadcast: notify every connected user.
 * <li>Private message: notify {@code to}.
 * <li>Status update: notify every current follower of {@code from}.
 * </ul>
 * Not thread-safe: owned by the engine thread, like the graph.
 */
public final class NotificationRules {

    private final FollowerGraph graph;
    private final Notifier notifier;
    private final IntConsumer notifyFollower;
    private Event current;

    public NotificationRules(FollowerGraph graph, Notifier notifier) {
        this.graph = graph;
        this.notifier = notifier;
        // One consumer for every status update, so fanning out allocates nothing.
        this.notifyFollower = follower -> this.notifier.notifyUser(follower, current);
    }

    /** Applies the next event of the stream. */
    public void apply(Event event) {
        if (event instanceof StatusUpdate status) {
            current = status;
            graph.forEachFollower(status.from(), notifyFollower);
            current = null;
        } else if (event instanceof Follow follow) {
            graph.follow(follow.from(), follow.to());
            notifier.notifyUser(follow.to(), follow);
        } else if (event instanceof Unfollow unfollow) {
            graph.unfollow(unfollow.from(), unfollow.to());
        } else if (event instanceof PrivateMessage message) {
            notifier.notifyUser(message.to(), message);
        } else if (event instanceof Broadcast broadcast) {
            notifier.notifyAllUsers(broadcast);
        } else {
            throw new IllegalStateException("unknown event type: " + event);
        }
    }

    /** Starts a new stream: nobody follows anybody. */
    public void reset() {
        graph.clear();
    }
}
