package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.Backoff;
import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.Topology;
import com.followermaze.common.amqp.UnsupportedBrokerException;
import com.followermaze.common.batch.BatchFormat;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;
import com.followermaze.common.event.Rejection;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.engine.BatchSettler;
import com.followermaze.processor.engine.ConsumedBatch;
import com.followermaze.processor.engine.EngineLoop;
import com.followermaze.processor.engine.EngineStats;
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
 *
 * <p><b>Scale-out mode</b> ({@link BrokerSettings#scaleOut()}): the consumer reads the stream
 * from its first event, so that the engine rebuilds the follow state from the whole history,
 * and after a lost connection it goes on from the offset after the last one it took. To know
 * when it has caught up, it appends a marker of its own to the stream on connecting (a
 * message with the {@value #MARKER_HEADER} header and no body, confirmed by the broker): once
 * it reads its marker back, it has read everything that was in the stream when it started,
 * and {@code onCaughtUp} runs. Markers of other instances are skipped. A stream cannot take a
 * reject, so there a message that is not a batch is acknowledged (in order, by the engine)
 * and counted.
 */
public final class BatchConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);

    private final BrokerConnector connector;
    private final int prefetch;
    private final EngineLoop engine;
    private final ConsumeStats stats;
    private final EngineStats engineStats;
    private final Thread supervisor;
    private static final String CONSUMER_TAG = "processor";

    /** The header of a catch-up marker in the stream; its value is the id of the instance that wrote it. */
    public static final String MARKER_HEADER = "fm-marker";
    private static final String STREAM_OFFSET_HEADER = "x-stream-offset";

    private final RateLimitedLog badInput = new RateLimitedLog(log, 5, TimeUnit.SECONDS);
    private final CountDownLatch firstConsume = new CountDownLatch(1);
    private final String instanceId;
    private final Runnable onCaughtUp;
    private final Runnable onFatalError;
    private volatile boolean running = true;
    private volatile boolean consuming;
    private volatile boolean caughtUp;
    /** In scale-out mode, the stream offset of the last message handed on; -1 before the first. */
    private volatile long lastOffset = -1;
    private volatile Connection connection;
    private volatile Channel channel;

    /**
     * @param engineStats  the engine's, for the number of events replayed (scale-out mode)
     * @param instanceId   this processor's id, written in its catch-up marker (scale-out mode)
     * @param onCaughtUp   called once, in scale-out mode, when the consumer has read its own
     *                     marker back and the engine has taken in everything before it (on
     *                     the engine thread; it must not block)
     * @param onFatalError called when the broker cannot do what the settings ask (scale-out on a
     *                     broker without streams); the consumer has stopped
     */
    public BatchConsumer(BrokerConnector connector, int prefetch, EngineLoop engine, ConsumeStats stats,
                         EngineStats engineStats, String instanceId, Runnable onCaughtUp, Runnable onFatalError) {
        this.instanceId = instanceId;
        this.onCaughtUp = onCaughtUp;
        this.onFatalError = onFatalError;
        this.connector = connector;
        this.prefetch = prefetch;
        this.engine = engine;
        this.stats = stats;
        this.engineStats = engineStats;
        this.supervisor = new Thread(this::supervise, "amqp-consumer");
    }

    public void start() {
        supervisor.start();
    }

    /** Whether the consumer is connected and consuming now. */
    public boolean isConsuming() {
        return consuming;
    }

    /** In scale-out mode, the stream offset of the last message taken; -1 before the first. */
    public long streamOffset() {
        return lastOffset;
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
                    BrokerSettings settings = connector.settings();
                    Topology.declare(opened, settings);
                    if (settings.scaleOut()) {
                        consumeStream(conn, opened, new Deliveries(opened, lost));
                    } else {
                        opened.basicConsume(settings.queue(), false, CONSUMER_TAG, new Deliveries(opened, lost));
                        log.info("consuming {} from {} (prefetch {} batches)", settings.queue(), settings.maskedUri(),
                                prefetch);
                    }
                    channel = opened;
                    consuming = true;
                    firstConsume.countDown();
                } catch (IOException | ShutdownSignalException e) {
                    log.warn("could not start consuming ({}); reconnecting", e.toString());
                    closeQuietly(conn);
                } catch (UnsupportedBrokerException e) {
                    log.error("processor-service: {}", e.getMessage());
                    running = false;
                    closeQuietly(conn);
                    onFatalError.run();
                    return;
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
     * Starts reading the stream: from its first event the first time, else after the last
     * offset taken; before being caught up, first appends a marker to find the end by.
     */
    private void consumeStream(Connection conn, Channel consuming, Deliveries deliveries) throws IOException {
        BrokerSettings settings = connector.settings();
        if (!caughtUp) {
            Channel markers = conn.createChannel();
            try {
                markers.confirmSelect();
                markers.basicPublish("", settings.streamQueue(), new AMQP.BasicProperties.Builder()
                        .deliveryMode(2).headers(Map.of(MARKER_HEADER, instanceId)).build(), new byte[0]);
                markers.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(30));
                markers.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while appending the catch-up marker", e);
            } catch (TimeoutException e) {
                throw new IOException("the broker did not confirm the catch-up marker within 30 s", e);
            }
        }
        Object offset = lastOffset < 0 ? "first" : Long.valueOf(lastOffset + 1);
        consuming.basicConsume(settings.streamQueue(), false, CONSUMER_TAG, false, false,
                Map.of(STREAM_OFFSET_HEADER, offset), deliveries);
        log.info("reading stream {} from {} (offset {}; prefetch {} batches){}", settings.streamQueue(),
                settings.maskedUri(), offset, prefetch, caughtUp ? "" : "; catching up before accepting users");
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
            if (connector.settings().scaleOut()) {
                handleStreamDelivery(envelope, properties, body);
                return;
            }
            EventBatch batch = BatchMessages.read(properties, body);
            if (batch == null) {
                stats.badMessage();
                badInput.warn("rejecting a message that is not an event batch: {}", BatchMessages.describe(properties));
                getChannel().basicReject(envelope.getDeliveryTag(), false);
                return;
            }
            submit(batch, envelope, body);
        }

        /** A message of the stream: a batch, a catch-up marker, or something else to skip. */
        private void handleStreamDelivery(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
            long offset = headers.get(STREAM_OFFSET_HEADER) instanceof Number number ? number.longValue() : -1;
            if (lastOffset < 0 && offset > 0) {
                // Read from "first", yet the stream starts later: a retention policy removed its
                // beginning, and with it follows the state depends on. Serving would be wrong.
                log.error("processor-service: cannot rebuild the follow state: stream {} now begins at offset {} "
                        + "(a retention policy removed its start); see docs/OPERATIONS.md, retention",
                        connector.settings().streamQueue(), offset);
                running = false;
                onFatalError.run();
                throw new IllegalStateException("stream history truncated"); // the client closes the channel
            }
            Object marker = headers.get(MARKER_HEADER);
            EventBatch batch = marker == null ? BatchMessages.read(properties, body) : null;
            if (batch != null) {
                submit(batch, envelope, body);
            } else {
                if (marker == null) {
                    stats.badMessage();
                    badInput.warn("skipping a message of the stream that is not an event batch: {}",
                            BatchMessages.describe(properties));
                }
                boolean ours = !caughtUp && marker != null && instanceId.equals(marker.toString());
                // Nothing to apply, but acknowledged in order with the batches around it. Our own
                // marker: once the engine has taken in everything before it, we are caught up.
                submitEmpty(envelope, ours ? () -> caughtUp(offset) : () -> { });
            }
            if (offset > lastOffset) {
                // Never backwards: a delivery of a lost channel may finish after newer ones.
                lastOffset = offset;
            }
        }

        /** On the engine thread: the engine has applied every event that was in the stream when we started. */
        private void caughtUp(long offset) {
            if (caughtUp) {
                return; // a marker of an earlier connection, read after the first
            }
            caughtUp = true;
            log.info("caught up with stream {} at offset {}: {} events replayed", connector.settings().streamQueue(),
                    offset, engineStats.eventsReleased());
            onCaughtUp.run();
        }

        private void submitEmpty(Envelope envelope, Runnable applied) {
            try {
                engine.submit(new ConsumedBatch("", 0, List.of(), SessionMark.NONE, envelope.getDeliveryTag(), this,
                        applied));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void submit(EventBatch batch, Envelope envelope, byte[] body) {
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
                engine.submit(new ConsumedBatch(batch.source(), batch.number(), events, batch.mark(),
                        envelope.getDeliveryTag(), this));
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
