package com.followermaze.common.amqp;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import com.followermaze.common.tls.BrokerTls;

/**
 * Where the broker is and which exchange and queue carry the event batches.
 *
 * @param uri      an {@code amqp://} or {@code amqps://} URI, credentials included, or a
 *                 comma-separated list of them naming the nodes of one cluster (see
 *                 {@link BrokerAddresses})
 * @param exchange the durable fanout exchange the listener publishes to
 * @param queue    the durable queue, bound to the exchange, the processor consumes from
 * @param amqpCa   for {@code amqps://}, a PEM bundle of the CAs the broker's certificate is
 *                 verified against; empty means the JVM's default trust store. Only with
 *                 {@code amqps://}.
 * @param scaleOut whether the events go to a RabbitMQ stream ({@link #streamQueue()}) that every
 *                 processor instance reads in full, instead of the queue one processor consumes;
 *                 see {@link Topology}
 * @param queueType the type of the event queue and the rejected-lines queue; empty means by
 *                 the broker: {@link QueueType#QUORUM} on RabbitMQ, {@link QueueType#CLASSIC} on
 *                 any other (the embedded broker)
 * @param maxQueuedBatches the most batches the event queue holds ready for the processor;
 *                 beyond them the broker refuses (nacks) a publish, which holds the listener's
 *                 confirm window and so pauses reading the source: how far the processor may
 *                 fall behind. 0: no bound. Not with scale-out (a stream is a log, not a
 *                 backlog). See {@link Topology}
 * @param streamRetention in scale-out mode, how long the stream keeps events
 */
public record BrokerSettings(String uri, String exchange, String queue, Optional<Path> amqpCa, boolean scaleOut,
                             Optional<QueueType> queueType, int maxQueuedBatches, StreamRetention streamRetention) {

    public static final String DEFAULT_EXCHANGE = "follower-maze.events";
    public static final String DEFAULT_QUEUE = "follower-maze.events";
    /** The default bound of the event queue, in batches (of up to 1000 events each, by default). */
    public static final int DEFAULT_MAX_QUEUED_BATCHES = 256;

    public BrokerSettings {
        Objects.requireNonNull(uri, "uri");
        String scheme = firstUri(uri).getScheme();
        if (!"amqp".equals(scheme) && !"amqps".equals(scheme)) {
            throw new IllegalArgumentException("amqp-uri: " + AmqpUris.mask(uri) + " (expected amqp://... or amqps://...)");
        }
        if (exchange == null || exchange.isBlank()) {
            throw new IllegalArgumentException("exchange: \"" + exchange + "\" (expected a name)");
        }
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue: \"" + queue + "\" (expected a name)");
        }
        Objects.requireNonNull(amqpCa, "amqpCa");
        Objects.requireNonNull(queueType, "queueType");
        Objects.requireNonNull(streamRetention, "streamRetention");
        if (maxQueuedBatches < 0) {
            throw new IllegalArgumentException("maxQueuedBatches: " + maxQueuedBatches + " (expected >= 0, 0 = no bound)");
        }
        if (amqpCa.isPresent()) {
            if (!"amqps".equals(scheme)) {
                throw new IllegalArgumentException("amqp-ca: " + amqpCa.get() + " (only with an amqps:// amqp-uri, not "
                        + AmqpUris.mask(uri) + ")");
            }
            BrokerTls.readCaBundle(amqpCa.get()); // fails at start, naming the file
        }
        BrokerAddresses.parse(uri); // fails at start when the nodes differ in more than host and port
    }

    /** The first URI of a list, for its scheme; a bad one fails as a scheme error would. */
    private static URI firstUri(String uri) {
        int comma = uri.indexOf(',');
        try {
            return URI.create((comma < 0 ? uri : uri.substring(0, comma)).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("amqp-uri: " + AmqpUris.mask(uri) + " (expected amqp://... or amqps://...)", e);
        }
    }

    /** The nodes of {@link #uri()}: one, or those of a cluster. */
    public BrokerAddresses addresses() {
        return BrokerAddresses.parse(uri);
    }

    /** The broker at {@code uri}; for {@code amqps://}, verified against the JVM's default trust store. */
    public BrokerSettings(String uri, String exchange, String queue) {
        this(uri, exchange, queue, Optional.empty());
    }

    /**
     * The queue type chosen by the broker, the event queue bounded at {@value
     * #DEFAULT_MAX_QUEUED_BATCHES} batches, the stream's default retention.
     */
    public BrokerSettings(String uri, String exchange, String queue, Optional<Path> amqpCa, boolean scaleOut) {
        this(uri, exchange, queue, amqpCa, scaleOut, Optional.empty(), DEFAULT_MAX_QUEUED_BATCHES, StreamRetention.DEFAULT);
    }

    /** One processor consuming the event queue (not scale-out). */
    public BrokerSettings(String uri, String exchange, String queue, Optional<Path> amqpCa) {
        this(uri, exchange, queue, amqpCa, false);
    }

    /** These settings with scale-out on or off. */
    public BrokerSettings withScaleOut(boolean on) {
        return new BrokerSettings(uri, exchange, queue, amqpCa, on, queueType, maxQueuedBatches, streamRetention);
    }

    /** These settings with the queue type {@code type}; empty to have the broker's default. */
    public BrokerSettings withQueueType(Optional<QueueType> type) {
        return new BrokerSettings(uri, exchange, queue, amqpCa, scaleOut, type, maxQueuedBatches, streamRetention);
    }

    /** These settings with the event queue bounded at {@code batches} (0: no bound). */
    public BrokerSettings withMaxQueuedBatches(int batches) {
        return new BrokerSettings(uri, exchange, queue, amqpCa, scaleOut, queueType, batches, streamRetention);
    }

    /** These settings with the stream kept as {@code retention} says. */
    public BrokerSettings withStreamRetention(StreamRetention retention) {
        return new BrokerSettings(uri, exchange, queue, amqpCa, scaleOut, queueType, maxQueuedBatches, retention);
    }

    /**
     * The RabbitMQ stream the events go to in scale-out mode: the queue's name plus
     * {@code .stream}. A different name from the queue's, so that switching modes on one broker
     * does not collide with the queue the other mode declared.
     */
    public String streamQueue() {
        return queue + ".stream";
    }

    /**
     * The RabbitMQ stream of the follow state's snapshots in scale-out mode: the stream's name
     * plus {@code .snapshots}; see {@link Topology}.
     */
    public String snapshotStream() {
        return streamQueue() + ".snapshots";
    }

    /** Whether the connection is TLS ({@code amqps://}). */
    public boolean tls() {
        return "amqps".equals(firstUri(uri).getScheme());
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
        return "BrokerSettings[uri=" + maskedUri() + ", exchange=" + exchange + ", queue=" + queue
                + amqpCa.map(ca -> ", amqpCa=" + ca).orElse("") + (scaleOut ? ", scaleOut" : "")
                + queueType.map(type -> ", queueType=" + type.value()).orElse("")
                + ", maxQueuedBatches=" + maxQueuedBatches + "]";
    }
}
