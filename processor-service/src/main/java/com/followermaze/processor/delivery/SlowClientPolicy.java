package com.followermaze.processor.delivery;

import com.followermaze.processor.ProcessorStats;

/**
 * What to do with a client that does not read fast enough.
 *
 * <p>Each user channel has a write buffer limit (the high water mark); once that many bytes
 * wait to be sent to a client, its channel turns unwritable. Before writing a batch of
 * notifications to an unwritable channel, the notifier asks the policy. Whatever the policy,
 * a slow client never blocks the engine or the other clients, and the memory it can pin is
 * bounded (see each policy). Called on the engine thread only.
 */
public interface SlowClientPolicy {

    /**
     * The client of {@code connection} is over its limit with {@code notifications} more
     * to send.
     *
     * @return {@code true} to write them anyway, {@code false} if they must not be written
     */
    boolean admitWhileUnwritable(UserConnection connection, int notifications, long unwritableNanos);

    /**
     * Parses a policy name as given in the configuration: {@code disconnect} or {@code drop}.
     *
     * @param grace     how long {@code disconnect} lets a client stay over its limit
     * @param hardLimit the bytes queued for one client past which {@code disconnect} does not wait
     */
    static SlowClientPolicy named(String name, ProcessorStats stats, java.time.Duration grace, long hardLimit) {
        return switch (name) {
            case "disconnect" -> new DisconnectSlowClients(stats, grace, hardLimit);
            case "drop" -> new DropForSlowClients(stats);
            default -> throw new IllegalArgumentException("slow-client-policy: " + name + " (expected disconnect or drop)");
        };
    }
}
