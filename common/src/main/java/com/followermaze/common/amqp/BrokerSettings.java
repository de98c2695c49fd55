package com.followermaze.common.amqp;

import java.net.URI;
import java.util.Objects;

/**
 * Where the broker is and which exchange and queue carry the event batches.
 *
 * @param uri      an {@code amqp://} or {@code amqps://} URI, credentials included
 * @param exchange the durable fanout exchange the listener publishes to
 * @param queue    the durable queue, bound to the exchange, the processor consumes from
 */
public record BrokerSettings(String uri, String exchange, String queue) {

    public static final String DEFAULT_EXCHANGE = "follower-maze.events";
    public static final String DEFAULT_QUEUE = "follower-maze.events";

    public BrokerSettings {
        Objects.requireNonNull(uri, "uri");
        String scheme = URI.create(uri).getScheme();
        if (!"amqp".equals(scheme) && !"amqps".equals(scheme)) {
            throw new IllegalArgumentException("amqp-uri: " + AmqpUris.mask(uri) + " (expected amqp://... or amqps://...)");
        }
        if (exchange == null || exchange.isBlank()) {
            throw new IllegalArgumentException("exchange: \"" + exchange + "\" (expected a name)");
        }
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue: \"" + queue + "\" (expected a name)");
        }
    }

    public static BrokerSettings of(String uri) {
        return new BrokerSettings(uri, DEFAULT_EXCHANGE, DEFAULT_QUEUE);
    }

    /** The exchange rejected event lines are kept on: the event exchange's name plus {@code .rejected}. */
    public String rejectedExchange() {
        return exchange + ".rejected";
    }

    /** The queue rejected event lines are kept in: the event queue's name plus {@code .rejected}. */
    public String rejectedQueue() {
        return queue + ".rejected";
    }

    /** The URI with its password masked, for logs. */
    public String maskedUri() {
        return AmqpUris.mask(uri);
    }

    @Override
    public String toString() {
        return "BrokerSettings[uri=" + maskedUri() + ", exchange=" + exchange + ", queue=" + queue + "]";
    }
}
