package com.followermaze.listener.publish;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.Backoff;
import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.RejectedLineMessages;
import com.followermaze.common.amqp.Topology;
import com.followermaze.common.amqp.UnsupportedBrokerException;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.log.RateLimitedLog;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Publishes cut batches to the broker's fanout exchange, persistent, with publisher confirms.
 *
 * <p>One dedicated thread ({@value #THREAD_NAME}) owns the AMQP connection and channel and the
 * {@link ConfirmLedger}: the batches published on the current channel and not yet confirmed, the
 * batches waiting to be published again, and which goes next. Sources hand batches over through
 * a bounded queue as large as the {@link InflightWindow}, which they reserve a slot in first, so
 * {@link #accept} never blocks and never overflows. Confirms, nacks and the loss of
 * the channel arrive on the connection's thread and are queued to the publisher thread as
 * signals; nothing else is shared.
 *
 * <p>Guarantees: a batch's window slot is released only when the broker acks it. A nacked batch
 * (a bounded queue that is full refuses it) is published again, before any new one, after a
 * {@link NackPause}: nothing is published during the pause, which grows while the broker keeps
 * refusing, so a full queue is retried at a bounded rate, never in a spin; meanwhile the window
 * fills and the sources stop being read. When the
 * connection is lost, the publisher reconnects with {@link Backoff}, declares the {@link
 * Topology} again and re-publishes every unconfirmed batch in the order the batches were first
 * handed over, before any new one. Delivery is at least once: a batch whose confirm was lost
 * with the connection reaches the queue twice.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close(Duration)} once, after the sources have
 * handed over their last batch.
 */
public final class BatchPublisher implements BatchSink {

    static final String THREAD_NAME = "listener-publisher";

    private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);
    /** Rejected lines held for publishing at most; beyond it they are counted and dropped. */
    static final int REJECTED_LINES_HELD = 10_000;
    /** An upper bound on a park, so deadlines are checked even if no signal comes. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BrokerConnector connector;
    private final BrokerSettings settings;
    private final InflightWindow window;
    private final PublishStats stats;
    private final Backoff backoff;
    private final Runnable onFatalError;
    private final ArrayBlockingQueue<EventBatch> handoff;
    private final Queue<Signal> signals = new ConcurrentLinkedQueue<>();
    /** Rejected lines waiting to be kept; bounded, so a flood of bad input costs bounded memory. */
    private final ArrayBlockingQueue<RejectedLine> rejected = new ArrayBlockingQueue<>(REJECTED_LINES_HELD);
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** A full bounded queue nacks many batches: one line every few seconds says so. */
    private final RateLimitedLog nackLog = new RateLimitedLog(log, 5, TimeUnit.SECONDS);

    private volatile boolean stopping;
    private volatile boolean abandoned;
    private volatile Connection connection;
    private volatile int leftUnconfirmed;

    // Owned by the publisher thread.
    private Channel channel;
    private final ConfirmLedger ledger;
    private final NackPause nackPause = new NackPause();

    public BatchPublisher(BrokerConnector connector, InflightWindow window, PublishStats stats, Backoff backoff) {
        this(connector, window, stats, backoff, () -> { });
    }

    /**
     * @param onFatalError called (on the publisher thread) when the broker cannot do what the
     *                     settings ask (scale-out without streams): the publisher has stopped
     *                     and nothing will be published, so a launcher should exit
     */
    public BatchPublisher(BrokerConnector connector, InflightWindow window, PublishStats stats, Backoff backoff,
                          Runnable onFatalError) {
        this.onFatalError = Objects.requireNonNull(onFatalError, "onFatalError");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.settings = connector.settings();
        this.window = Objects.requireNonNull(window, "window");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.handoff = new ArrayBlockingQueue<>(window.capacity());
        this.ledger = new ConfirmLedger(window, new ConfirmLedger.Outcomes() {
            @Override
            public void confirmed(EventBatch batch, long latencyNanos) {
                nackPause.acked();
                stats.batchesConfirmed.increment();
                stats.eventsConfirmed.add(batch.eventCount());
                stats.confirmLatency(latencyNanos);
            }

            @Override
            public void nacked(EventBatch batch) {
                stats.batchesNacked.increment();
                nackPause.nacked(System.nanoTime());
                nackLog.warn("broker nacked {} (its queue is full, or it failed); publishing it again after a pause "
                        + "({} nacked so far)", batch, stats.batchesNacked.sum());
            }
        });
        this.thread = new Thread(this::run, THREAD_NAME);
    }

    /** Starts the publisher thread, which connects in the background; until then the window is paused. */
    public void start() {
        window.setBrokerConnected(false);
        thread.start();
    }

    @Override
    public void accept(EventBatch batch) {
        if (!handoff.offer(batch)) {
            throw new IllegalStateException("hand-off queue full (" + handoff.size()
                    + " batches): a batch was handed over without a window slot");
        }
        LockSupport.unpark(thread);
    }

    /**
     * Queues a rejected line for the rejected-lines queue. Best effort: it is published when no
     * batch is waiting, unconfirmed, and dropped (counted) when {@value #REJECTED_LINES_HELD}
     * are already waiting. Never blocks.
     */
    @Override
    public void rejected(RejectedLine line) {
        if (!rejected.offer(line)) {
            stats.rejectedLinesDropped.increment();
        }
        LockSupport.unpark(thread);
    }

    /**
     * Publishes what was handed over, waits at most {@code timeout} for the broker to confirm
     * every batch, then closes the connection and ends the thread.
     *
     * @return how many batches were still unconfirmed when the publisher stopped (0 on a clean close)
     */
    public int close(Duration timeout) throws InterruptedException {
        stopping = true;
        LockSupport.unpark(thread);
        if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            abandoned = true;
            thread.interrupt();
            Connection current = connection;
            if (current != null) {
                current.abort(1_000); // unblocks a publish stuck on a blocked connection
            }
            if (!finished.await(5, TimeUnit.SECONDS)) {
                log.error("publisher thread did not stop within 5 s of being abandoned");
            }
        }
        return leftUnconfirmed;
    }

    private void run() {
        try {
            while (!abandoned) {
                if (channel == null && !connect()) {
                    break;
                }
                processSignals();
                if (channel == null) {
                    continue;
                }
                long pause = nackPause.remainingNanos(System.nanoTime());
                if (pause > 0) {
                    LockSupport.parkNanos(this, Math.min(pause, MAX_PARK_NANOS)); // confirms still wake it
                    continue;
                }
                ConfirmLedger.Publication next = ledger.next(handoff::poll);
                if (next != null) {
                    publish(next);
                    continue;
                }
                RejectedLine line = rejected.poll();
                if (line != null) {
                    publishRejected(line);
                    continue;
                }
                if (stopping && ledger.unconfirmed() == 0) {
                    break; // rejected lines waiting were published above: the loop reaches here when none is left
                }
                LockSupport.parkNanos(this, MAX_PARK_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("publisher failed; batches not yet confirmed are not published", e);
        } finally {
            leftUnconfirmed = ledger.unconfirmed() + ledger.toPublishAgain() + ledger.held() + handoff.size();
            closeConnection();
            window.setBrokerConnected(false);
            finished.countDown();
        }
    }

    /** Connects, declares the topology and re-publishes what the last channel left unconfirmed. */
    private boolean connect() throws InterruptedException {
        int attempt = 0;
        while (!abandoned) {
            Connection candidate = connector.connectWithRetry(backoff, () -> !abandoned);
            if (candidate == null) {
                return false;
            }
            try {
                candidate.addBlockedListener(
                        reason -> onBlocked(candidate, true, reason),
                        () -> onBlocked(candidate, false, null));
                Channel opened = candidate.createChannel();
                Topology.declare(opened, settings);
                opened.confirmSelect();
                opened.addConfirmListener(
                        (seqNo, multiple) -> signal(new Confirm(opened, seqNo, multiple, true)),
                        (seqNo, multiple) -> signal(new Confirm(opened, seqNo, multiple, false)));
                opened.addShutdownListener(cause -> signal(new ChannelLost(opened, cause)));
                connection = candidate;
                channel = opened;
                window.setBrokerBlocked(false);
                window.setBrokerConnected(true);
                log.info("publishing to exchange {} on {} ({} batches to publish again)",
                        settings.exchange(), settings.maskedUri(), ledger.toPublishAgain());
                return true;
            } catch (IOException | ShutdownSignalException e) {
                log.warn("cannot set up publishing on {}: {}; retrying", settings.maskedUri(), e.toString());
                candidate.abort(1_000);
                Thread.sleep(backoff.delay(attempt++).toMillis()); // a backoff pause, not a wait for an event
            } catch (UnsupportedBrokerException e) {
                log.error("listener-service: {}", e.getMessage());
                candidate.abort(1_000);
                abandoned = true;
                onFatalError.run();
                return false;
            }
        }
        return false;
    }

    private void publish(ConfirmLedger.Publication publication) {
        EventBatch batch = publication.batch();
        long seqNo = channel.getNextPublishSeqNo();
        try {
            channel.basicPublish(settings.exchange(), "", false, BatchMessages.properties(batch), batch.body());
        } catch (IOException | ShutdownSignalException e) {
            ledger.notPublished(publication);
            channelLost(channel, e);
            return;
        }
        ledger.published(publication, seqNo, System.nanoTime());
        if (publication.again()) {
            stats.batchesRepublished.increment();
        } else {
            stats.batchesPublished.increment();
            stats.eventsPublished.add(batch.eventCount());
        }
    }

    /** Publishes a rejected line, persistent but not tracked: losing one loses no event. */
    private void publishRejected(RejectedLine line) {
        try {
            channel.basicPublish(settings.rejectedExchange(), "", false, RejectedLineMessages.properties(
                    line.session(), line.remote(), line.rejection()), line.line());
            stats.rejectedLinesKept.increment();
        } catch (IOException | ShutdownSignalException e) {
            stats.rejectedLinesDropped.increment();
            channelLost(channel, e);
        }
    }

    private void processSignals() {
        Signal signal;
        while ((signal = signals.poll()) != null) {
            if (signal instanceof Confirm confirm && confirm.channel() == channel) {
                if (confirm.ack()) {
                    ledger.acked(confirm.seqNo(), confirm.multiple(), System.nanoTime());
                } else {
                    ledger.nacked(confirm.seqNo(), confirm.multiple());
                }
            } else if (signal instanceof ChannelLost lost && lost.channel() == channel) {
                channelLost(lost.channel(), lost.cause());
            }
            // Signals of an earlier channel are stale: its batches were already queued again.
        }
    }

    private void channelLost(Channel lost, Exception cause) {
        if (lost != channel) {
            return;
        }
        if (!stopping || ledger.unconfirmed() > 0) {
            log.warn("lost the broker channel on {} ({}); {} unconfirmed batches will be published again",
                    settings.maskedUri(), cause.getMessage(), ledger.unconfirmed());
        }
        stats.connectionsLost.increment();
        ledger.channelLost();
        channel = null;
        window.setBrokerConnected(false);
        closeConnection();
    }

    private void onBlocked(Connection source, boolean blocked, String reason) {
        if (source != connection) {
            return;
        }
        if (blocked) {
            log.warn("broker {} blocked publishing ({}); pausing the event source", settings.maskedUri(), reason);
        } else {
            log.warn("broker {} unblocked publishing", settings.maskedUri());
        }
        window.setBrokerBlocked(blocked);
    }

    private void signal(Signal signal) {
        signals.add(signal);
        LockSupport.unpark(thread);
    }

    private void closeConnection() {
        Connection current = connection;
        connection = null;
        channel = null;
        if (current != null && current.isOpen()) {
            try {
                current.close(1_000);
            } catch (IOException | ShutdownSignalException e) {
                log.debug("closing the broker connection: {}", e.toString());
                current.abort(1_000);
            }
        }
    }

    private sealed interface Signal permits Confirm, ChannelLost {
    }

    private record Confirm(Channel channel, long seqNo, boolean multiple, boolean ack) implements Signal {
    }

    private record ChannelLost(Channel channel, Exception cause) implements Signal {
    }
}
