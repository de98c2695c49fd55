package com.followermaze.common.amqp;

import java.util.Locale;

/**
 * The kind of queue the event queue and the rejected-lines queue are declared as
 * ({@code --queue-type} / {@code QUEUE_TYPE}).
 *
 * <p>A quorum queue is replicated over a majority of a RabbitMQ cluster's nodes (Raft), so that
 * a publisher confirm means a majority has the batch and the queue outlives the loss of a
 * minority of the nodes. A classic queue lives on one node; it is the only kind the embedded
 * broker has.
 */
public enum QueueType {
    QUORUM,
    CLASSIC;

    /** The name RabbitMQ gives it in {@code x-queue-type}, and the setting's value. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a setting's value, in any case.
     *
     * @throws IllegalArgumentException naming the setting and the values it takes
     */
    public static QueueType parse(String value) {
        for (QueueType type : values()) {
            if (type.value().equalsIgnoreCase(value.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("queue-type (--queue-type / QUEUE_TYPE): \"" + value
                + "\" (expected quorum or classic)");
    }
}
