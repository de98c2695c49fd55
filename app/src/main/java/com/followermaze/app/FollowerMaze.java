package com.followermaze.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.app.broker.EmbeddedBroker;
import com.followermaze.app.broker.EmbeddedBrokerConfig;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.config.BrokerWait;
import com.followermaze.common.config.PortUnavailableException;
import com.followermaze.common.config.TcpPorts;
import com.followermaze.common.ops.OpsServer;
import com.followermaze.common.ops.Readiness;
import com.followermaze.common.ops.Telemetry;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.listener.ListenerMetrics;
import com.followermaze.listener.ListenerService;
import com.followermaze.processor.ProcessorConfig;
import com.followermaze.processor.ProcessorMetrics;
import com.followermaze.processor.ProcessorService;

/**
 * The pipeline as a library: an embedded broker when no broker is given, then the processor
 * (so that it consumes before events flow), then the listener. {@link #close()} stops them
 * in the reverse order: the listener confirms what it read, the processor delivers what it
 * consumed, the broker goes last.
 *
 * <p>With an HTTP port, one {@link OpsServer} serves both services' metrics and a combined
 * readiness (ready when both are); it closes after the services, so that readiness says
 * "shutting down" while they drain.
 */
public final class FollowerMaze implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FollowerMaze.class);

    private final EmbeddedBroker embeddedBroker;
    private final BrokerSettings broker;
    private final ProcessorService processor;
    private final ListenerService listener;
    private final Telemetry telemetry;
    private final OpsServer ops;

    private FollowerMaze(EmbeddedBroker embeddedBroker, BrokerSettings broker, ProcessorService processor,
                         ListenerService listener, Telemetry telemetry, OpsServer ops) {
        this.embeddedBroker = embeddedBroker;
        this.broker = broker;
        this.processor = processor;
        this.listener = listener;
        this.telemetry = telemetry;
        this.ops = ops;
    }

    /** Starts the pipeline without the HTTP port; see {@link #start(String, Optional, int, String, String, ListenerConfig, ProcessorConfig, OptionalInt)}. */
    public static FollowerMaze start(String bindAddress, Optional<BrokerSettings> broker, int embeddedPort,
                                     String exchange, String queue, ListenerConfig listenerConfig,
                                     ProcessorConfig processorConfig) throws IOException, InterruptedException {
        return start(bindAddress, broker, embeddedPort, exchange, queue, listenerConfig, processorConfig,
                OptionalInt.empty());
    }

    /**
     * Starts the pipeline.
     *
     * @param bindAddress  where the event and user ports bind
     * @param broker       the broker to use, or empty to start an embedded one
     * @param embeddedPort the embedded broker's port when one is started (0 picks a free one);
     *                     it always binds the loopback address, and keeps its store in a
     *                     temporary directory deleted at close
     * @param exchange     the exchange to use on the embedded broker
     * @param queue        the queue to use on the embedded broker
     * @param httpPort     the port of the metrics and health HTTP server on {@code bindAddress}
     *                     (0 picks a free one), or empty for none
     */
    public static FollowerMaze start(String bindAddress, Optional<BrokerSettings> broker, int embeddedPort,
                                     String exchange, String queue, ListenerConfig listenerConfig,
                                     ProcessorConfig processorConfig, OptionalInt httpPort)
            throws IOException, InterruptedException {
        return start(bindAddress, broker, embeddedPort, exchange, queue, listenerConfig, processorConfig, httpPort,
                () -> { });
    }

    /**
     * Starts the pipeline, as above, with {@code onFatalError} called if the processor's
     * engine fails, or if the broker cannot do scale-out when it is asked for (nothing more is
     * delivered then; a launcher should exit).
     */
    public static FollowerMaze start(String bindAddress, Optional<BrokerSettings> broker, int embeddedPort,
                                     String exchange, String queue, ListenerConfig listenerConfig,
                                     ProcessorConfig processorConfig, OptionalInt httpPort,
                                     Runnable onFatalError)
            throws IOException, InterruptedException {
        return start(bindAddress, broker, EmbeddedBrokerConfig.onLoopback(embeddedPort), exchange, queue,
                listenerConfig, processorConfig, httpPort, onFatalError);
    }

    /**
     * Starts the pipeline, as above, with the embedded broker (used when {@code broker} is
     * empty) configured in full: its port and where its store lives.
     */
    public static FollowerMaze start(String bindAddress, Optional<BrokerSettings> broker,
                                     EmbeddedBrokerConfig embeddedBroker, String exchange, String queue,
                                     ListenerConfig listenerConfig, ProcessorConfig processorConfig,
                                     OptionalInt httpPort, Runnable onFatalError)
            throws IOException, InterruptedException {
        return start(bindAddress, broker, embeddedBroker, exchange, queue, BrokerSettings.DEFAULT_MAX_QUEUED_BATCHES,
                listenerConfig, processorConfig, httpPort, onFatalError, settings -> { });
    }

    /**
     * Starts the pipeline, as above, calling {@code onBrokerWait} with the broker when the
     * processor is not consuming after {@link BrokerWait#GRACE} (the broker is down or slow;
     * both services keep retrying): start then waits up to 30 s more for it before it starts
     * the listener, so a launcher can say why nothing happens meanwhile. {@code maxQueuedBatches}
     * bounds the embedded broker's event queue ({@link BrokerSettings#maxQueuedBatches()}): as
     * that broker's queue has no bound of its own, the listener stops reading the source while
     * {@code maxQueuedBatches} plus the processor's prefetch batches are not yet acknowledged by
     * the processor (0: no bound).
     */
    public static FollowerMaze start(String bindAddress, Optional<BrokerSettings> broker,
                                     EmbeddedBrokerConfig embeddedBroker, String exchange, String queue,
                                     int maxQueuedBatches, ListenerConfig listenerConfig, ProcessorConfig processorConfig,
                                     OptionalInt httpPort, Runnable onFatalError,
                                     Consumer<BrokerSettings> onBrokerWait)
            throws IOException, InterruptedException {
        EmbeddedBroker embedded = null;
        ProcessorService processor = null;
        ListenerService listener = null;
        Telemetry telemetry = null;
        try {
            BrokerSettings settings;
            if (broker.isPresent()) {
                settings = broker.get();
            } else {
                embedded = EmbeddedBroker.start(embeddedBroker);
                settings = new BrokerSettings(embedded.amqpUri(), exchange, queue).withMaxQueuedBatches(maxQueuedBatches);
                log.info("no broker configured (--amqp-uri / AMQP_URI): started the embedded broker at {}",
                        settings.maskedUri());
            }
            // The embedded broker's queue has no bound (see Topology): the processor's
            // acknowledgements bound what the listener may cut ahead of it instead.
            int unacknowledgedLimit = embedded != null && maxQueuedBatches > 0
                    ? maxQueuedBatches + processorConfig.prefetch() : 0;
            ListenerService created = new ListenerService(listenerConfig, settings, bindAddress, onFatalError,
                    unacknowledgedLimit);
            listener = created;
            try {
                // Without a limit the listener ignores what it is told.
                processor = new ProcessorService(processorConfig, settings, onFatalError,
                        created::batchesAcknowledged).start();
            } catch (Exception e) {
                throw bindFailure(e, bindAddress, new TcpPorts.Port(TcpPorts.USER_PORT, processorConfig.userPort()));
            }
            if (!processor.awaitConsuming(BrokerWait.GRACE)) {
                onBrokerWait.accept(settings);
            }
            if (!processor.awaitConsuming(Duration.ofSeconds(30))) {
                log.warn("the processor is not consuming yet; the broker at {} may be down (it keeps retrying)",
                        settings.maskedUri());
            }
            try {
                listener.start();
            } catch (IOException e) {
                throw bindFailure(e, bindAddress, new TcpPorts.Port(TcpPorts.EVENT_PORT, listenerConfig.eventPort()));
            }
            OpsServer ops = null;
            if (httpPort.isPresent()) {
                telemetry = new Telemetry();
                new ListenerMetrics(listener.stats()).bindTo(telemetry.registry());
                new ProcessorMetrics(processor).bindTo(telemetry.registry());
                Map<String, Supplier<Readiness>> checks = new LinkedHashMap<>();
                checks.put("listener", listener::readiness);
                checks.put("processor", processor::readiness);
                try {
                    ops = OpsServer.start(bindAddress, httpPort.getAsInt(), telemetry, checks);
                } catch (IOException e) {
                    throw bindFailure(e, bindAddress, new TcpPorts.Port(TcpPorts.HTTP_PORT, httpPort.getAsInt()));
                }
            }
            return new FollowerMaze(embedded, settings, processor, listener, telemetry, ops);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (telemetry != null) {
                telemetry.close();
            }
            if (listener != null) {
                listener.close();
            }
            if (processor != null) {
                processor.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * A server's start failure: a {@link PortUnavailableException} naming the port's setting
     * when its bind failed (the port was taken since the launcher's check, say), else as it
     * was (Netty rethrows a failed bind as is, checked or not).
     */
    private static IOException bindFailure(Exception e, String bindAddress, TcpPorts.Port port)
            throws InterruptedException {
        Optional<PortUnavailableException> unavailable = TcpPorts.explain(e, bindAddress, port);
        if (unavailable.isPresent()) {
            throw unavailable.get();
        }
        if (e instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        return e instanceof IOException io ? io : new IOException(e);
    }

    public InetSocketAddress eventAddress() {
        return new InetSocketAddress(listener.eventHost(), listener.eventPort());
    }

    public InetSocketAddress userAddress() {
        return processor.userAddress();
    }

    public BrokerSettings broker() {
        return broker;
    }

    /** The embedded broker, when this pipeline started one. */
    public Optional<EmbeddedBroker> embeddedBroker() {
        return Optional.ofNullable(embeddedBroker);
    }

    /** The metrics and health HTTP server's address, when it runs. */
    public Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(ops).map(OpsServer::address);
    }

    public ListenerService listener() {
        return listener;
    }

    public ProcessorService processor() {
        return processor;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            listener.close();
            processor.close();
        } finally {
            if (ops != null) {
                ops.close();
                telemetry.close();
            }
            if (embeddedBroker != null) {
                embeddedBroker.close();
            }
        }
    }
}
