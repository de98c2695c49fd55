package com.followermaze.processor.delivery;

import java.time.Duration;

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
     * The policies by the names the configuration gives them ({@code --slow-client-policy}):
     * {@code disconnect} or {@code drop}, in lower case.
     */
    enum Kind {
        /** {@link DisconnectSlowClients}, the default. */
        DISCONNECT("disconnect"),
        /** {@link DropForSlowClients}. */
        DROP("drop");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name as the configuration writes it: {@code disconnect} or {@code drop}. */
        public String label() {
            return label;
        }

        /**
         * The policy {@code value} names, exactly: {@code disconnect} or {@code drop}.
         *
         * @throws IllegalArgumentException naming the setting and the names expected
         */
        public static Kind parse(String value) {
            for (Kind kind : values()) {
                if (kind.label.equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("slow-client-policy: " + value + " (expected disconnect or drop)");
        }

        /**
         * A policy of this kind.
         *
         * @param grace     how long {@code disconnect} lets a client stay over its limit
         * @param hardLimit the bytes queued for one client past which {@code disconnect} does not wait
         */
        public SlowClientPolicy create(DeliveryStats stats, Duration grace, long hardLimit) {
            return switch (this) {
                case DISCONNECT -> new DisconnectSlowClients(stats, grace, hardLimit);
                case DROP -> new DropForSlowClients(stats);
            };
        }
    }
}
