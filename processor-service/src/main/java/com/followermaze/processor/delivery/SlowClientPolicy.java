package com.followermaze.processor.delivery;

/**
 * What to do with a client that does not read fast enough.
 *
 * <p>Each user channel has a write buffer limit (the high water mark); once that many bytes
 * wait to be sent to a client, its channel turns unwritable. Before handing a round of
 * notifications for an unwritable channel to its event loop, the notifier asks the policy.
 * Besides, everything queued for a client (its notifications waiting for the next round, a
 * round its loop has not written yet, its channel's buffer) is bounded by {@link
 * #queueLimit}: a notification that does not fit goes to {@link #overflowed} instead. Whatever
 * the policy, a slow client never blocks the engine or the other clients, and the memory it
 * can pin is bounded. Called on the engine thread only.
 */
public interface SlowClientPolicy {

    /**
     * The client of {@code connection} is over its limit with {@code notifications} more
     * ({@code bytes} in all) to send.
     *
     * @return {@code true} to write them anyway, {@code false} if they must not be written
     */
    boolean admitWhileUnwritable(UserConnection connection, int notifications, long bytes, long unwritableNanos);

    /** The most bytes that may be queued for the client of {@code connection}, in all. */
    long queueLimit(UserConnection connection);

    /** One notification for {@code connection} did not fit under {@link #queueLimit}; it is not queued. */
    void overflowed(UserConnection connection);

    /**
     * Parses a policy name as given in the configuration: {@code disconnect} or {@code drop}.
     *
     * @param grace     how long {@code disconnect} lets a client stay over its limit
     * @param hardLimit the bytes queued for one client past which {@code disconnect} does not wait
     */
    static SlowClientPolicy named(String name, DeliveryStats stats, java.time.Duration grace, long hardLimit) {
        return switch (name) {
            case "disconnect" -> new DisconnectSlowClients(stats, grace, hardLimit);
            case "drop" -> new DropForSlowClients(stats);
            default -> throw new IllegalArgumentException("slow-client-policy: " + name + " (expected disconnect or drop)");
        };
    }
}
