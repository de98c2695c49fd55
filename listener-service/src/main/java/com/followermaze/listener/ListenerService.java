package com.followermaze.listener;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.Backoff;
import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.common.ops.InstanceIds;
import com.followermaze.common.ops.Readiness;
import com.followermaze.listener.publish.BatchPublisher;
import com.followermaze.listener.publish.InflightWindow;
import com.followermaze.listener.publish.PublishStats;
import com.followermaze.listener.source.EventSourceChannelInitializer;
import com.followermaze.listener.source.EventSourceHandler;
import com.followermaze.listener.source.EventSourceServer;
import com.followermaze.listener.source.SourceGate;
import com.followermaze.listener.source.SourceStats;

/**
 * The listener service as a library: reads event sources on the event port, batches their valid
 * lines and publishes the batches to the broker's durable fanout exchange, with publisher
 * confirms.
 *
 * <p><b>One event source at a time, handed over.</b> A connection that arrives while a source is
 * read waits, unread, until that source has ended and its last batch was handed to the
 * publisher; waiting connections are then read one by one in arrival order, never interleaved
 * (see {@link SourceGate}: a source silent for {@code sourceTakeoverMs} while another waits is
 * closed as half-open; beyond {@code maxWaitingSources} waiting, a connection is refused). Each
 * admitted connection is a <em>source session</em> named {@code <bootId>-<n>}: {@code bootId}
 * is random per instance, {@code n} counts connections from 1.
 *
 * <p><b>Nothing read is lost.</b> Reading from the source stops while {@code
 * maxInflightBatches} batches await the broker's confirm, while the broker blocks publishing,
 * and while the broker is unreachable (including before the first connection); it resumes when
 * half the window has drained. Unconfirmed batches are published again, in order, after a
 * reconnect, so delivery is at least once.
 *
 * <p>While it runs, a status line is logged at INFO every {@code statusIntervalMs} (when
 * anything moved, or batches wait for confirms, or the broker is not connected); nothing is
 * logged per event at INFO.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()}; thread-safe.
 */
public final class ListenerService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ListenerService.class);
    private static final Logger rejectionLog = LoggerFactory.getLogger(EventSourceHandler.class.getName() + ".rejections");

    private final ListenerConfig config;
    private final BrokerSettings broker;
    private final String bootId;
    private final InflightWindow window;
    private final SourceStats sourceStats = new SourceStats();
    private final PublishStats publishStats = new PublishStats();
    private final ListenerStats stats;
    private final SourceGate gate;
    private final BatchPublisher publisher;
    private final EventSourceServer server;
    private ScheduledExecutorService statusTimer;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param config      the listener's settings
     * @param broker      the broker, exchange and queue to publish to
     * @param bindAddress the address the event port binds to, e.g. {@code 127.0.0.1}
     */
    public ListenerService(ListenerConfig config, BrokerSettings broker, String bindAddress) {
        this(config, broker, bindAddress, () -> { });
    }

    /**
     * As above, with {@code onFatalError} called if the broker cannot do what the settings ask
     * (scale-out on a broker without streams): nothing will be published, so a launcher should exit.
     */
    public ListenerService(ListenerConfig config, BrokerSettings broker, String bindAddress, Runnable onFatalError) {
        this(config, broker, bindAddress, onFatalError, 0);
    }

    /**
     * As above, also pausing the source while {@code maxUnacknowledgedBatches} batches it cut are
     * not yet acknowledged by a processor in the same process, which reports them to {@link
     * #batchesAcknowledged(int)} (the one-JVM pipeline on its embedded broker, whose queue has no
     * bound of its own); 0 for no such bound.
     */
    public ListenerService(ListenerConfig config, BrokerSettings broker, String bindAddress, Runnable onFatalError,
                           int maxUnacknowledgedBatches) {
        this.config = Objects.requireNonNull(config, "config");
        this.broker = Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(bindAddress, "bindAddress");
        this.bootId = InstanceIds.random();
        this.window = new InflightWindow(config.maxInflightBatches(), maxUnacknowledgedBatches);
        this.gate = new SourceGate(bootId, config.sourceTakeover(), config.maxWaitingSources(), System::nanoTime);
        this.stats = new ListenerStats(sourceStats, publishStats, window, gate);
        this.publisher = new BatchPublisher(new BrokerConnector(broker, "listener-service-" + bootId, stats.brokerNode()), window,
                publishStats, Backoff.DEFAULT, onFatalError);
        RateLimitedLog rejections = new RateLimitedLog(rejectionLog, 1, TimeUnit.SECONDS);
        this.server = new EventSourceServer(bindAddress, config.eventPort(),
                new EventSourceChannelInitializer(config.sourceSettings(), config.sourceAccess(), config.eventTls(), gate,
                        window, publisher, sourceStats, rejections));
    }

    /**
     * Binds the event port and starts the publisher, which connects to the broker in the
     * background (retrying with backoff); sources are not read until it is connected.
     *
     * @throws IOException when the event port cannot be bound
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            // Nothing else has started: release the server's threads; close() has nothing to do.
            server.close(Duration.ofSeconds(2));
            throw e;
        }
        started = true;
        publisher.start();
        statusTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "listener-status");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMs = config.statusIntervalMs();
        statusTimer.scheduleAtFixedRate(new StatusLine(stats), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        log.info("listener {} started: event port {} ({}, sources from {}, secret {}, source takeover {}, "
                        + "up to {} waiting), broker {}, exchange {}", bootId,
                server.localAddress(), config.eventTls(), config.eventAllow().isEmpty() ? "anywhere" : config.eventAllow(),
                config.eventSecret(), config.sourceTakeoverMs() == 0 ? "never" : "after " + config.sourceTakeoverMs() + " ms silent",
                config.maxWaitingSources(), broker.maskedUri(), broker.exchange());
    }

    /** The bound event port (the actual one when configured as 0); valid after {@link #start()}. */
    public int eventPort() {
        return server.port();
    }

    /** The host address the event port is bound to; valid after {@link #start()}. */
    public String eventHost() {
        return server.localAddress().getHostString();
    }

    /** The random part of this instance's source session ids. */
    public String bootId() {
        return bootId;
    }

    /**
     * The processor in this process has acknowledged {@code batches} more batches; see {@link
     * #ListenerService(ListenerConfig, BrokerSettings, String, Runnable, int)}.
     * Safe from any thread, and before {@link #start()}.
     */
    public void batchesAcknowledged(int batches) {
        window.downstreamFinished(batches);
    }

    /** Live counters. */
    public ListenerStats stats() {
        return stats;
    }

    /**
     * Whether the listener can take events now: started, not shutting down, connected to the
     * broker and not blocked by it. Never blocks; safe from any thread.
     */
    public Readiness readiness() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("brokerConnected", stats.brokerConnected());
        details.put("brokerBlocked", stats.brokerBlocked());
        details.put("unconfirmedBatches", stats.inflightBatches());
        details.put("eventsPublished", stats.eventsPublished());
        stats.brokerNode().current().ifPresent(node -> details.put("connectedTo", node));
        if (!started) {
            return new Readiness(false, "not started", details);
        }
        if (closed) {
            return new Readiness(false, "shutting down", details);
        }
        if (!stats.brokerConnected()) {
            return new Readiness(false, "broker not connected", details);
        }
        if (stats.brokerBlocked()) {
            return new Readiness(false, "broker blocks publishing", details);
        }
        return new Readiness(true, "publishing", details);
    }

    /**
     * Waits until {@code sessions} source sessions have ended (the source disconnected and its
     * last batch was handed to the publisher) and no other is open; for tests and launchers
     * that drive a source to its end.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitSourcesFinished(long sessions, Duration timeout) throws InterruptedException {
        return gate.awaitFinished(sessions, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Shuts down gracefully: stops accepting, closes the connected source (its pending batch is
     * cut), then waits, for at most {@code shutdownTimeoutMs} in all, for every batch to be
     * confirmed, and closes the broker connection. Logs how many batches were left unconfirmed
     * if the time ran out. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        statusTimer.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.shutdownTimeoutMs());
        boolean interrupted = false;
        server.stopAccepting();
        try {
            if (!gate.awaitFinished(0, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                log.warn("shutdown: the event source's last events were not batched within {} ms (window {})",
                        config.shutdownTimeoutMs(), window);
            }
            int unconfirmed = publisher.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (unconfirmed > 0) {
                log.warn("shutdown: {} batches were still unconfirmed by the broker after {} ms",
                        unconfirmed, config.shutdownTimeoutMs());
            }
        } catch (InterruptedException e) {
            interrupted = true;
            log.warn("shutdown interrupted; batches may be unconfirmed");
        }
        server.close(Duration.ofSeconds(2));
        log.info("listener {} stopped: {}", bootId, stats);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The periodic status line; runs on the status thread, which owns its last readings. */
    private static final class StatusLine implements Runnable {

        private final ListenerStats stats;
        private long lastAt = System.nanoTime();
        private long lastRead;
        private long lastPublished;
        private long lastConfirmed;

        StatusLine(ListenerStats stats) {
            this.stats = stats;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            long read = stats.linesRead();
            long published = stats.eventsPublished();
            long confirmed = stats.eventsConfirmed();
            int unconfirmed = stats.inflightBatches();
            boolean moved = read != lastRead || published != lastPublished || confirmed != lastConfirmed;
            if (moved || unconfirmed > 0 || !stats.brokerConnected() || stats.brokerBlocked()) {
                double seconds = Math.max(1e-3, (now - lastAt) / 1e9);
                log.info("read {} events ({}/s), {} rejected; published {} ({}/s), confirmed {}; "
                                + "{}/{} batches unconfirmed; source {}; broker {}",
                        read, Math.round((read - lastRead) / seconds), stats.linesRejected(),
                        published, Math.round((published - lastPublished) / seconds), confirmed,
                        unconfirmed, stats.inflightLimit(), !stats.paused() ? "read"
                                : stats.processorBehind() ? "paused (the processor is behind: " + stats.unacknowledgedBatches()
                                        + "/" + stats.unacknowledgedLimit() + " batches unacknowledged)" : "paused",
                        !stats.brokerConnected() ? "not connected" : stats.brokerBlocked() ? "blocked" : "connected");
            }
            lastAt = now;
            lastRead = read;
            lastPublished = published;
            lastConfirmed = confirmed;
        }
    }
}
