package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.Backoff;
import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.Topology;
import com.followermaze.common.batch.BatchFormat;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.event.Event;
import com.followermaze.common.event.Rejection;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.ProcessorStats;
import com.followermaze.processor.engine.BatchSettler;
import com.followermaze.processor.engine.ConsumedBatch;
import com.followermaze.processor.engine.EngineLoop;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Consumes the event queue and feeds the engine.
 *
 * <p>A supervisor thread connects (with backoff), declares the topology, sets the prefetch
 * and starts consuming; when the connection is lost it connects again. Deliveries arrive on
 * the RabbitMQ client's consumer thread, which decodes them and submits them to the
 * {@link EngineLoop} (waiting while the engine's inbox is full). The engine acknowledges
 * through a {@link BatchSettler} bound to the channel the batch came from; batches of a lost
 * channel are redelivered by the broker and their events refused as duplicates.
 *
 * <p>A message that is not a batch of a known format version is rejected without requeue
 * (to the queue's dead-letter exchange, if the operator configured one) and logged.
 */
public final class BatchConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);

    private final BrokerConnector connector;
    private final int prefetch;
    private final EngineLoop engine;
    private final ProcessorStats stats;
    private final Thread supervisor;
    private static final String CONSUMER_TAG = "processor";

    private final RateLimitedLog badInput = new RateLimitedLog(log, 5, TimeUnit.SECONDS);
    private final CountDownLatch firstConsume = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean consuming;
    private volatile Connection connection;
    private volatile Channel channel;

    public BatchConsumer(BrokerConnector connector, int prefetch, EngineLoop engine, ProcessorStats stats) {
        this.connector = connector;
        this.prefetch = prefetch;
        this.engine = engine;
        this.stats = stats;
        this.supervisor = new Thread(this::supervise, "amqp-consumer");
    }

    public void start() {
        supervisor.start();
    }

    /** Whether the consumer is connected and consuming now. */
    public boolean isConsuming() {
        return consuming;
    }

    /** Waits until the consumer has started consuming for the first time. */
    public boolean awaitConsuming(long timeout, TimeUnit unit) throws InterruptedException {
        return firstConsume.await(timeout, unit);
    }

    private void supervise() {
        try {
            while (running) {
                Connection conn = connector.connectWithRetry(Backoff.DEFAULT, () -> running);
                if (conn == null) {
                    return;
                }
                CountDownLatch lost = new CountDownLatch(1);
                conn.addShutdownListener(cause -> {
                    consuming = false;
                    lost.countDown();
                    if (running && !cause.isInitiatedByApplication()) {
                        log.warn("lost the broker connection ({}); reconnecting", cause.getMessage());
                    }
                });
                connection = conn;
                try {
                    Channel opened = conn.createChannel();
                    // A channel can close while its connection stays up (a failed ack, a deleted
                    // queue); that must end this round too, or the consumer would be a zombie.
                    opened.addShutdownListener(cause -> {
                        if (running && !cause.isInitiatedByApplication() && !cause.isHardError()) {
                            log.warn("the broker closed the consuming channel ({}); reconnecting", cause.getMessage());
                        }
                        lost.countDown();
                    });
                    opened.basicQos(prefetch);
                    Topology.declare(opened, connector.settings());
                    opened.basicConsume(connector.settings().queue(), false, CONSUMER_TAG, new Deliveries(opened, lost));
                    channel = opened;
                    consuming = true;
                    firstConsume.countDown();
                    log.info("consuming {} from {} (prefetch {} batches)", connector.settings().queue(),
                            connector.settings().maskedUri(), prefetch);
                } catch (IOException | ShutdownSignalException e) {
                    log.warn("could not start consuming ({}); reconnecting", e.toString());
                    closeQuietly(conn);
                }
                lost.await();
                consuming = false;
                closeQuietly(conn);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the broker to stop delivering, keeping the channel open so that the engine can
     * still acknowledge what it already has. Call {@link #close()} after the engine is done.
     */
    public void stopConsuming() {
        running = false;
        Channel current = channel;
        if (current != null && current.isOpen()) {
            try {
                current.basicCancel(CONSUMER_TAG);
            } catch (IOException | AlreadyClosedException e) {
                log.debug("cancelling the consumer: {}", e.toString());
            }
        }
    }

    /** Closes the connection; batches still unacknowledged go back to the queue. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        Connection conn = connection;
        if (conn != null) {
            closeQuietly(conn);
        }
        supervisor.interrupt();
        supervisor.join(TimeUnit.SECONDS.toMillis(5));
    }

    /**
     * Drops the broker connection without closing it cleanly and stops reconnecting, as a crash
     * would; for tests. The broker returns every unacknowledged batch to the queue.
     */
    public void abort() throws InterruptedException {
        running = false;
        Connection conn = connection;
        if (conn != null) {
            conn.abort(0);
        }
        supervisor.interrupt();
        supervisor.join(TimeUnit.SECONDS.toMillis(5));
    }

    private static void closeQuietly(Connection conn) {
        try {
            if (conn.isOpen()) {
                conn.close(2_000);
            }
        } catch (IOException | AlreadyClosedException e) {
            log.debug("closing the broker connection: {}", e.toString());
        }
    }

    /** The client's callbacks for one channel. */
    private final class Deliveries extends DefaultConsumer implements BatchSettler {

        private final CountDownLatch lost;

        Deliveries(Channel channel, CountDownLatch lost) {
            super(channel);
            this.lost = lost;
        }

        @Override
        public void handleCancel(String consumerTag) {
            log.warn("the broker cancelled the consumer (was the queue deleted?); reconnecting");
            lost.countDown();
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                   byte[] body) throws IOException {
            EventBatch batch = BatchMessages.read(properties, body);
            if (batch == null) {
                stats.badMessage();
                badInput.warn("rejecting a message that is not an event batch: {}", BatchMessages.describe(properties));
                getChannel().basicReject(envelope.getDeliveryTag(), false);
                return;
            }
            // The count is a header, not to be trusted with an allocation: a line takes 4 bytes at least.
            List<Event> events = new ArrayList<>(Math.min(batch.eventCount(), 1 + body.length / 4));
            BatchFormat.decode(body, result -> {
                if (result instanceof Event event) {
                    events.add(event);
                } else {
                    stats.rejectedLine();
                    badInput.warn("skipping a bad line in batch {} of source {}: {}", batch.number(), batch.source(),
                            ((Rejection) result).message());
                }
            });
            try {
                engine.submit(new ConsumedBatch(batch.source(), batch.number(), events, envelope.getDeliveryTag(), this));
            } catch (InterruptedException e) {
                // Shutting down: the batch stays unacknowledged and the broker redelivers it.
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void settleUpTo(long deliveryTag) {
            Channel channel = getChannel();
            if (!channel.isOpen()) {
                return;
            }
            try {
                channel.basicAck(deliveryTag, true);
            } catch (IOException | AlreadyClosedException e) {
                log.debug("could not acknowledge up to {} (the broker will redeliver): {}", deliveryTag, e.toString());
            }
        }
    }
}
