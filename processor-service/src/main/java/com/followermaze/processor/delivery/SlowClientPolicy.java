package com.followermaze.processor.delivery;

import com.followermaze.processor.ProcessorStats;

/**
 * What to do with a client that does not read fast enough.
 *
 * <p>Each user channel has a write buffer limit (the high water mark); once that many bytes
 * wait to be sent to a client, its channel turns unwritable. Before writing a batch of
 * notifications to an unwritable channel, the notifier asks the policy. Whatever the policy,
 * a slow client never blocks the engine or the other clients, and the memory it can pin is
 * bounded by the limit plus one batch. Called on the engine thread only.
 */
public interface SlowClientPolicy {

    /**
     * The client of {@code connection} is over its limit with {@code notifications} more
     * to send.
     *
     * @return {@code true} to write them anyway, {@code false} if they must not be written
     */
    boolean admitWhileUnwritable(UserConnection connection, int notifications);

    /** Parses a policy name as given in the configuration: {@code disconnect} or {@code drop}. */
    static SlowClientPolicy named(String name, ProcessorStats stats) {
        return switch (name) {
            case "disconnect" -> new DisconnectSlowClients(stats);
            case "drop" -> new DropForSlowClients(stats);
            default -> throw new IllegalArgumentException("slow-client-policy: " + name + " (expected disconnect or drop)");
        };
    }
}
