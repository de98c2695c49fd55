package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.Backoff;
import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.Topology;
import com.followermaze.common.amqp.UnsupportedBrokerException;
import com.followermaze.processor.engine.BatchSettler;
import com.followermaze.processor.engine.EngineLoop;
import com.followermaze.processor.engine.EngineStats;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Consumes event batches from the broker and feeds the engine.
 *
 * <p>A supervisor thread connects (with backoff), declares the topology, sets the prefetch
 * and starts consuming in its {@link ConsumeMode}: the event queue ({@link QueueMode}) or, in
 * scale-out mode ({@link BrokerSettings#scaleOut()}), the RabbitMQ stream ({@link
 * RabbitStreamMode}); when the connection is lost it connects again. Deliveries arrive on the
 * RabbitMQ client's consumer thread, which decodes them and submits them to the {@link
 * EngineLoop} (waiting while the engine's inbox is full). The engine acknowledges through a
 * {@link BatchSettler} bound to the channel the batch came from; batches of a lost channel are
 * redelivered by the broker and their events refused as duplicates.
 */
public final class BatchConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);
    static final String CONSUMER_TAG = "processor";

    private final BrokerConnector connector;
    private final int prefetch;
    private final ConsumeMode mode;
    private final Thread supervisor;
    private final CountDownLatch firstConsume = new CountDownLatch(1);
    private final Runnable onFatalError;
    private volatile boolean running = true;
    private volatile boolean consuming;
    private volatile Connection connection;
    private volatile Channel channel;

    /**
     * @param engineStats  the engine's, for the number of events replayed (scale-out mode)
     * @param instanceId   this processor's id, written in its catch-up marker (scale-out mode)
     * @param onCaughtUp   called once, in scale-out mode, when the consumer has read its own
     *                     marker back and the engine has taken in everything before it (on
     *                     the engine thread; it must not block)
     * @param onFatalError called when the broker cannot do what the settings ask (scale-out on a
     *                     broker without streams, a RabbitMQ stream that no longer holds what
     *                     the follow state needs); the consumer has stopped
     */
    public BatchConsumer(BrokerConnector connector, int prefetch, EngineLoop engine, ConsumeStats stats,
                         EngineStats engineStats, String instanceId, Runnable onCaughtUp, Runnable onFatalError) {
        this.connector = connector;
        this.prefetch = prefetch;
        this.onFatalError = onFatalError;
        EngineHandoff handoff = new EngineHandoff(engine, stats);
        BrokerSettings settings = connector.settings();
        this.mode = settings.scaleOut()
                ? new RabbitStreamMode(settings, prefetch, handoff, engineStats, instanceId, onCaughtUp, this::fail,
                        new SnapshotCatchUp(settings, stats), engine::restore)
                : new QueueMode(settings, prefetch, handoff);
        this.supervisor = new Thread(this::supervise, "amqp-consumer");
    }

    public void start() {
        supervisor.start();
    }

    /** Whether the consumer is connected and consuming now. */
    public boolean isConsuming() {
        return consuming;
    }

    /** In scale-out mode, the RabbitMQ stream offset of the last message taken; -1 before the first (always in queue mode). */
    public long rabbitStreamOffset() {
        return mode instanceof RabbitStreamMode rabbitStream ? rabbitStream.lastOffset() : -1;
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
                    mode.start(conn, opened, new ChannelDeliveries(opened, lost, mode));
                    channel = opened;
                    consuming = true;
                    firstConsume.countDown();
                } catch (IOException | ShutdownSignalException e) {
                    log.warn("could not start consuming ({}); reconnecting", e.toString());
                    closeQuietly(conn);
                } catch (UnsupportedBrokerException | SnapshotCatchUp.HistoryLostException e) {
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

    /** Stops for good after an error the broker's data make fatal (in the RabbitMQ stream), and says so. */
    private void fail() {
        running = false;
        onFatalError.run();
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
}
