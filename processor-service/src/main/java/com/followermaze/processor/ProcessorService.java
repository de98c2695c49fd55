package com.followermaze.processor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerNode;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.ops.InstanceIds;
import com.followermaze.common.ops.Readiness;
import com.followermaze.processor.consume.BatchConsumer;
import com.followermaze.processor.consume.ConsumeStats;
import com.followermaze.processor.consume.SnapshotWriter;
import com.followermaze.processor.delivery.ChannelNotifier;
import com.followermaze.processor.delivery.DeliveryStats;
import com.followermaze.processor.delivery.UserChannelInitializer;
import com.followermaze.processor.delivery.UserConnectionLimit;
import com.followermaze.processor.delivery.UserRegistry;
import com.followermaze.processor.delivery.UserServer;
import com.followermaze.processor.engine.EngineLoop;
import com.followermaze.processor.engine.EngineStats;
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
 *
 * <p>In scale-out mode ({@link BrokerSettings#scaleOut()}) the processor is one of several: it
 * restores the newest snapshot of the stream of snapshots and reads the event stream on from
 * the offset it covers (the whole stream without one), and delivers to the users connected to
 * it. The user port is bound at start but accepts no connection until the processor has
 * caught up with the stream (see {@link BatchConsumer}); until then it is not ready. One
 * caught-up instance at a time writes a snapshot every {@link ProcessorConfig#streamSnapshotEvery()}
 * events ({@link SnapshotWriter}). The state lives in the broker, so a state directory is not
 * used in this mode.
 */
public final class ProcessorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorService.class);

    private final ProcessorConfig config;
    private final BrokerSettings broker;
    private final EngineStats engineStats = new EngineStats();
    private final ConsumeStats consumeStats = new ConsumeStats();
    private final DeliveryStats deliveryStats = new DeliveryStats();
    private final ProcessorStats stats = new ProcessorStats(engineStats, consumeStats, deliveryStats);
    private final BrokerNode brokerNode = new BrokerNode();
    private final UserRegistry registry = new UserRegistry();
    private final UserConnectionLimit userConnections;
    private UserServer userServer;
    private EngineLoop engine;
    private BatchConsumer consumer;
    private SnapshotWriter snapshotWriter;
    private InetSocketAddress userAddress;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean started;
    private volatile boolean closed;

    private final Runnable onFatalError;
    private final IntConsumer onBatchesAcknowledged;
    private final String instanceId = InstanceIds.random();

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
        this(config, broker, onFatalError, batches -> { });
    }

    /**
     * As above, telling {@code onBatchesAcknowledged}, on the engine thread, how many batches
     * each acknowledgement gave back to the broker (a listener in the same process bounds its lag
     * with it); it must not block.
     */
    public ProcessorService(ProcessorConfig config, BrokerSettings broker, Runnable onFatalError,
                            IntConsumer onBatchesAcknowledged) {
        this.config = config;
        this.broker = broker;
        this.onFatalError = onFatalError;
        this.onBatchesAcknowledged = Objects.requireNonNull(onBatchesAcknowledged, "onBatchesAcknowledged");
        this.userConnections = new UserConnectionLimit(config.maxUserConnections());
        if (broker.scaleOut() && config.stateDir() != null) {
            throw new IllegalArgumentException("state-dir: " + config.stateDir() + " (not used with --scale-out: "
                    + "the state is in the broker: a start restores the newest snapshot of the stream of snapshots; leave it unset)");
        }
        if (broker.scaleOut() && !config.gapTimeout().isZero()) {
            // A skip depends on when events arrive, which differs between a live instance and one
            // replaying the stream: the instances' follow states could differ.
            throw new IllegalArgumentException("gap-timeout-ms: " + config.gapTimeout().toMillis()
                    + " (not with --scale-out: instances would skip different events; leave it 0)");
        }
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
        userServer = new UserServer(new UserChannelInitializer(registry, deliveryStats, config.registrationTimeout(),
                config.maxIdLength(), userConnections, config.userTls()), config.ioThreads(), config.clientBufferLimit());
        try {
            // In scale-out mode, users wait in the port's backlog until the state is caught up.
            userAddress = userServer.bind(config.bindAddress(), config.userPort(), !broker.scaleOut());
        } catch (RuntimeException | InterruptedException e) {
            userServer.close();
            userServer = null;
            throw e;
        }
        ChannelNotifier notifier = new ChannelNotifier(registry, config.lineTerminator(),
                config.slowClientPolicy().create(deliveryStats, config.slowClientGrace(), config.clientHardLimit()),
                deliveryStats, ByteBufAllocator.DEFAULT);
        EventEngine eventEngine = store == null
                ? new EventEngine(config.engineSettings(), notifier, engineStats)
                : new EventEngine(config.engineSettings(), notifier, engineStats, store::write, config.snapshotInterval());
        eventEngine.onBatchesAcknowledged(onBatchesAcknowledged);
        if (store != null) {
            if (restored.isPresent()) {
                StateSnapshot snapshot = restored.get();
                eventEngine.restore(snapshot);
                log.info("restored state from {}: stream of source {}, next expected event {}, {} follow pairs, "
                        + "{} retired sources", store.file(), snapshot.session(), snapshot.nextExpected(),
                        snapshot.follows().length, snapshot.retiredSessions().size());
            } else {
                log.info("no state snapshot in {}: starting with empty state", config.stateDir());
            }
        }
        if (broker.scaleOut() && config.streamSnapshotEvery() > 0) {
            snapshotWriter = new SnapshotWriter(new BrokerConnector(broker, "follower-maze processor " + instanceId
                    + " snapshots", new BrokerNode()), consumeStats, instanceId);
            eventEngine.snapshotStreamEvery(config.streamSnapshotEvery(), snapshotWriter);
            snapshotWriter.start();
        }
        engine = new EngineLoop(eventEngine, engineStats, 2 * config.prefetch() + 16, config.statusInterval(), onFatalError);
        notifier.wakeEngineWith(engine::requestFlush);
        engine.start();
        UserServer users = userServer;
        consumer = new BatchConsumer(new BrokerConnector(broker, "follower-maze processor " + instanceId, brokerNode),
                config.prefetch(), engine, consumeStats, engineStats, instanceId, () -> {
                    if (snapshotWriter != null) {
                        snapshotWriter.caughtUp();
                    }
                    users.startAccepting();
                    caughtUp.countDown();
                    log.info("processor {} caught up with the stream: accepting users on {}", instanceId, userAddress);
                }, onFatalError);
        consumer.start();
        started = true;
        if (broker.scaleOut()) {
            log.info("processor-service {} (scale-out): user port {} ({}) opens once caught up with stream {} on {}",
                    instanceId, userAddress, config.userTls(), broker.streamQueue(), broker.maskedUri());
        } else {
            caughtUp.countDown();
            log.info("processor-service: user port {} ({}), consuming {} from {}", userAddress, config.userTls(),
                    broker.queue(), broker.maskedUri());
        }
        return this;
    }

    /**
     * Waits until the processor accepts users: at once with one processor; in scale-out mode,
     * once it has caught up with the stream.
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This processor's id: in its broker connection's name, its logs and its catch-up marker. */
    public String instanceId() {
        return instanceId;
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

    /** The broker node the consumer is connected to, and its failovers. */
    public BrokerNode brokerNode() {
        return brokerNode;
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
        brokerNode.current().ifPresent(node -> details.put("connectedTo", node));
        if (broker.scaleOut()) {
            details.put("instance", instanceId);
            details.put("caughtUp", caughtUp.getCount() == 0);
            details.put("streamOffset", consumer == null ? -1 : consumer.rabbitStreamOffset());
            details.put("restoredFromOffset", consumeStats.restoredFrom());
            details.put("writesSnapshots", snapshotWriter != null && snapshotWriter.isWriter());
        }
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
        if (caughtUp.getCount() > 0) {
            return new Readiness(false, "catching up with the stream (" + stats.eventsReleased()
                    + " events replayed); users wait", details);
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
        if (snapshotWriter != null) {
            snapshotWriter.close();
        }
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
        if (snapshotWriter != null) {
            snapshotWriter.close();
        }
        if (userServer != null) {
            userServer.close();
        }
        log.info("processor-service stopped: {} events released, {} notifications written",
                stats.eventsReleased(), stats.notifications());
    }
}
