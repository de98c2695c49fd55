package com.followermaze.processor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.ops.Readiness;
import com.followermaze.processor.consume.BatchConsumer;
import com.followermaze.processor.delivery.ChannelNotifier;
import com.followermaze.processor.delivery.SlowClientPolicy;
import com.followermaze.processor.delivery.UserChannelInitializer;
import com.followermaze.processor.delivery.UserConnectionLimit;
import com.followermaze.processor.delivery.UserRegistry;
import com.followermaze.processor.delivery.UserServer;
import com.followermaze.processor.engine.EngineLoop;
import com.followermaze.processor.engine.EventEngine;
import com.followermaze.processor.recovery.SnapshotStore;
import com.followermaze.processor.recovery.StateSnapshot;

import io.netty.buffer.ByteBufAllocator;

/**
 * The processor service as a library: {@link #start()} binds the user port, starts the
 * engine thread and starts consuming; {@link #close()} stops consuming (unacknowledged
 * batches return to the queue), lets the engine deliver what it already has, then closes
 * the user connections. See the package summary for the threads and the flow.
 *
 * <p>With a state directory ({@link ProcessorConfig#stateDir()}), {@link #start()} first
 * restores the engine from the snapshot there, if any, and the engine acknowledges a batch
 * only once a snapshot covers it (see {@link EventEngine}); {@link #close()} writes a last one.
 */
public final class ProcessorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorService.class);

    private final ProcessorConfig config;
    private final BrokerSettings broker;
    private final ProcessorStats stats = new ProcessorStats();
    private final UserRegistry registry = new UserRegistry();
    private final UserConnectionLimit userConnections;
    private UserServer userServer;
    private EngineLoop engine;
    private BatchConsumer consumer;
    private InetSocketAddress userAddress;
    private volatile boolean started;
    private volatile boolean closed;

    private final Runnable onFatalError;

    /** A processor that only logs if its engine fails; see the other constructor. */
    public ProcessorService(ProcessorConfig config, BrokerSettings broker) {
        this(config, broker, () -> { });
    }

    /**
     * @param onFatalError called (on the engine thread) if the engine fails, after the error is
     *                     logged; the processor delivers nothing more, so a launcher should
     *                     stop the process and let its supervisor restart it
     */
    public ProcessorService(ProcessorConfig config, BrokerSettings broker, Runnable onFatalError) {
        this.config = config;
        this.broker = broker;
        this.onFatalError = onFatalError;
        this.userConnections = new UserConnectionLimit(config.maxUserConnections());
    }

    /**
     * Restores the state snapshot (with a state directory), binds the user port and starts
     * consuming; returns once the port is bound. If the port cannot be bound, what was started
     * is stopped and the bind's exception is thrown.
     *
     * @throws com.followermaze.processor.recovery.CorruptSnapshotException naming the file, if
     *         the snapshot exists but cannot be read; nothing is started then
     */
    public ProcessorService start() throws InterruptedException {
        SnapshotStore store = config.stateDir() == null ? null : new SnapshotStore(config.stateDir());
        Optional<StateSnapshot> restored = store == null ? Optional.empty() : store.load();
        userServer = new UserServer(new UserChannelInitializer(registry, stats, config.registrationTimeout(),
                config.maxIdLength(), userConnections, config.userTls()), config.ioThreads(), config.clientBufferLimit());
        try {
            userAddress = userServer.bind(config.bindAddress(), config.userPort());
        } catch (RuntimeException | InterruptedException e) {
            userServer.close();
            userServer = null;
            throw e;
        }
        ChannelNotifier notifier = new ChannelNotifier(registry, config.lineTerminator(),
                SlowClientPolicy.named(config.slowClientPolicy(), stats, config.slowClientGrace(), config.clientHardLimit()), stats, ByteBufAllocator.DEFAULT);
        EventEngine eventEngine = store == null
                ? new EventEngine(config.engineSettings(), notifier, stats)
                : new EventEngine(config.engineSettings(), notifier, stats, store::write, config.snapshotInterval());
        if (store != null) {
            if (restored.isPresent()) {
                StateSnapshot snapshot = restored.get();
                eventEngine.restore(snapshot);
                log.info("restored state from {}: stream of source {}, next expected event {}, {} follow pairs, "
                        + "{} retired sources", store.file(), snapshot.source(), snapshot.nextExpected(),
                        snapshot.follows().length, snapshot.retiredSources().size());
            } else {
                log.info("no state snapshot in {}: starting with empty state", config.stateDir());
            }
        }
        engine = new EngineLoop(eventEngine, stats, 2 * config.prefetch() + 16, config.statusInterval(), onFatalError);
        notifier.wakeEngineWith(engine::requestFlush);
        engine.start();
        consumer = new BatchConsumer(new BrokerConnector(broker, "follower-maze processor"), config.prefetch(),
                engine, stats);
        consumer.start();
        started = true;
        log.info("processor-service: user port {} ({}), consuming {} from {}", userAddress, config.userTls(),
                broker.queue(), broker.maskedUri());
        return this;
    }

    /** The bound user port's address. */
    public InetSocketAddress userAddress() {
        return userAddress;
    }

    public ProcessorStats stats() {
        return stats;
    }

    public UserRegistry users() {
        return registry;
    }

    /** The open user connections, registered or not, and their limit. */
    public UserConnectionLimit userConnections() {
        return userConnections;
    }

    /** Whether the processor is consuming from the broker now. */
    public boolean isConsuming() {
        return consumer != null && consumer.isConsuming();
    }

    /**
     * Whether the processor can deliver events now: started, not shutting down, consuming from
     * the broker, and its engine running. Shows the last released sequence number. Never
     * blocks; safe from any thread.
     */
    public Readiness readiness() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("consuming", isConsuming());
        details.put("lastReleasedSeq", stats.lastReleased());
        details.put("heldEvents", stats.held());
        details.put("connectedUsers", registry.size());
        if (!started) {
            return new Readiness(false, "not started", details);
        }
        if (closed) {
            return new Readiness(false, "shutting down", details);
        }
        if (!engine.isRunning()) {
            return new Readiness(false, "engine stopped after an error", details);
        }
        if (!isConsuming()) {
            return new Readiness(false, "broker not connected", details);
        }
        return new Readiness(true, "consuming", details);
    }

    /** Waits until the processor has started consuming. */
    public boolean awaitConsuming(Duration timeout) throws InterruptedException {
        return consumer.awaitConsuming(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Simulates {@code kill -9} for tests: the broker connection is aborted (every batch not yet
     * acknowledged goes back to the queue), the engine thread is stopped without its last
     * snapshot or acknowledgements, and the user connections are dropped.
     */
    void crashForTest() throws InterruptedException {
        closed = true;
        consumer.abort();
        engine.halt(Duration.ofSeconds(10));
        userServer.close();
        log.warn("processor-service crashed (simulated)");
    }

    /**
     * Stops in the order that loses and repeats nothing: the broker stops delivering, the
     * engine delivers and acknowledges what it has (the channel is still open), then the
     * connection closes (what is still unacknowledged goes back to the queue), then the user
     * connections close.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (consumer != null) {
            consumer.stopConsuming();
        }
        if (engine != null) {
            engine.close(Duration.ofSeconds(10));
        }
        if (consumer != null) {
            consumer.close();
        }
        if (userServer != null) {
            userServer.close();
        }
        log.info("processor-service stopped: {} events released, {} notifications written",
                stats.eventsReleased(), stats.notifications());
    }
}
