package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.processor.engine.EngineStats;
import com.followermaze.processor.recovery.StateSnapshot;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Envelope;

/**
 * Scale-out mode ({@link BrokerSettings#scaleOut()}): on the first connection, restores the
 * engine from the newest usable snapshot and reads the RabbitMQ stream from the offset after
 * the one it covers, or from its first message without one ({@link SnapshotCatchUp} decides);
 * after a lost connection it goes on from the offset after the last one it took.
 *
 * <p>To know when it has caught up, it appends a marker of its own to the RabbitMQ stream on
 * connecting (a message with the {@value #MARKER_HEADER} header and no body, confirmed by the
 * broker): once it reads its marker back, it has read everything that was in the RabbitMQ
 * stream when it started, and {@code onCaughtUp} runs. Markers of other instances are skipped.
 * A RabbitMQ stream cannot take a reject, so a message that is not a batch is acknowledged (in
 * order, by the engine) and counted. A RabbitMQ stream that no longer holds the offset reading
 * must begin at (a retention policy) cannot rebuild the follow state: that is fatal.
 */
final class RabbitStreamMode implements ConsumeMode {

    /** The header of a catch-up marker in the RabbitMQ stream; its value is the id of the instance that wrote it. */
    static final String MARKER_HEADER = "fm-marker";
    private static final String OFFSET_HEADER = StreamReads.OFFSET_HEADER;
    private static final Logger log = LoggerFactory.getLogger(RabbitStreamMode.class);
    private static final long MARKER_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final BrokerSettings settings;
    private final int prefetch;
    private final EngineHandoff handoff;
    private final EngineStats engineStats;
    private final String instanceId;
    private final Runnable onCaughtUp;
    private final Runnable onFatalError;
    private final SnapshotCatchUp catchUp;
    private final Restorer restorer;
    private volatile boolean caughtUp;
    /** Whether the first connection has decided where reading begins ({@link #startOffset}). */
    private volatile boolean planned;
    /** Where reading begins: the offset after the restored snapshot's, or 0 for the whole stream. */
    private volatile long startOffset;
    /** The restored snapshot's last message, checked against the stream's message at its offset; then null. */
    private volatile String restoredLastMessage;
    /** The consumer of the current subscription, the offset it must deliver next, and whether its first delivery came. */
    private volatile ChannelDeliveries subscription;
    private volatile long needed;
    private volatile boolean firstSeen;
    /** Set once the stream cannot give what the state needs: nothing more is handed on. */
    private volatile boolean failed;
    /** The RabbitMQ stream offset of the last message handed on; -1 before the first. */
    private volatile long lastOffset = -1;

    /** Restores the engine from a snapshot before it takes the first batch. */
    interface Restorer {
        void restore(StateSnapshot snapshot) throws InterruptedException;
    }

    /**
     * @param engineStats  the engine's, for the number of events replayed
     * @param instanceId   this processor's id, written in its catch-up marker
     * @param onCaughtUp   called once the engine has taken in everything before this instance's
     *                     marker (on the engine thread; it must not block)
     * @param onFatalError called when the RabbitMQ stream's history is truncated; the consumer
     *                     must stop
     * @param catchUp      decides, on the first connection, where reading begins
     * @param restorer     restores the engine from the snapshot {@code catchUp} chose
     */
    RabbitStreamMode(BrokerSettings settings, int prefetch, EngineHandoff handoff, EngineStats engineStats,
                     String instanceId, Runnable onCaughtUp, Runnable onFatalError, SnapshotCatchUp catchUp,
                     Restorer restorer) {
        this.settings = settings;
        this.prefetch = prefetch;
        this.handoff = handoff;
        this.engineStats = engineStats;
        this.instanceId = instanceId;
        this.onCaughtUp = onCaughtUp;
        this.onFatalError = onFatalError;
        this.catchUp = catchUp;
        this.restorer = restorer;
    }

    /** The RabbitMQ stream offset of the last message taken; -1 before the first. */
    long lastOffset() {
        return lastOffset;
    }

    /**
     * Starts reading the RabbitMQ stream: the first time where {@link SnapshotCatchUp} says
     * (restoring its snapshot), else after the last offset taken; before being caught up, first
     * appends a marker to find the end by.
     *
     * @throws SnapshotCatchUp.HistoryLostException when the follow state cannot be rebuilt
     */
    @Override
    public void start(Connection connection, Channel channel, ChannelDeliveries deliveries) throws IOException {
        long marker = -1;
        if (!caughtUp) {
            marker = appendMarker(connection);
        }
        if (!planned) {
            SnapshotCatchUp.Plan plan = catchUp.plan(connection, marker);
            if (plan.snapshot().isPresent()) {
                restoredLastMessage = plan.snapshot().get().lastMessage();
                try {
                    restorer.restore(plan.snapshot().get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while restoring the snapshot", e);
                }
            }
            startOffset = plan.offset();
            planned = true;
        }
        // From the message before the one needed (the last taken, or the snapshot's last), which
        // is skipped in deliver(): asked for the offset after a message, RabbitMQ 3.10 once began
        // one message later in ScaleOutIT (not explained), which would look like a gap.
        long offset = subscribed(deliveries, lastOffset >= 0 ? lastOffset + 1 : startOffset);
        channel.basicConsume(settings.streamQueue(), false, BatchConsumer.CONSUMER_TAG, false, false,
                Map.of(OFFSET_HEADER, offset), deliveries);
        log.info("reading stream {} from {} (offset {}; prefetch {} batches){}", settings.streamQueue(),
                settings.maskedUri(), offset, prefetch, caughtUp ? "" : "; catching up before accepting users");
    }

    /**
     * Appends this instance's catch-up marker and returns its offset, read back from the
     * stream's last chunk (subscribed before the marker is appended, so it comes after).
     */
    private long appendMarker(Connection connection) throws IOException {
        return new StreamReads(connection, MARKER_TIMEOUT_MILLIS).readUntil(settings.streamQueue(), "last",
                        message -> instanceId.equals(String.valueOf(message.headers().get(MARKER_HEADER))),
                        () -> publishMarker(connection))
                .orElseThrow(() -> new IOException("did not read the catch-up marker back within "
                        + MARKER_TIMEOUT_MILLIS + " ms"))
                .offset();
    }

    private void publishMarker(Connection connection) throws IOException {
        Channel markers = connection.createChannel();
        try {
            markers.confirmSelect();
            markers.basicPublish("", settings.streamQueue(), new AMQP.BasicProperties.Builder()
                    .deliveryMode(2).headers(Map.of(MARKER_HEADER, instanceId)).build(), new byte[0]);
            markers.waitForConfirmsOrDie(MARKER_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while appending the catch-up marker", e);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the catch-up marker within " + MARKER_TIMEOUT_MILLIS + " ms", e);
        } finally {
            StreamReads.closeQuietly(markers);
        }
    }

    /** A message of the RabbitMQ stream: a batch, a catch-up marker, or something else to skip. */
    @Override
    public void deliver(ChannelDeliveries deliveries, Envelope envelope, AMQP.BasicProperties properties,
                        byte[] body) {
        if (failed) {
            return;
        }
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        long offset = headers.get(OFFSET_HEADER) instanceof Number number ? number.longValue() : -1;
        boolean current = deliveries == subscription;
        if (current && !firstSeen) {
            firstSeen = true;
            if (offset > needed) {
                // The stream no longer holds what the state needs next (a retention policy removed
                // it, while starting or while this processor was behind or away). Serving would be wrong.
                fail(deliveries, "stream " + settings.streamQueue() + " now begins at offset " + offset
                        + ", after offset " + needed + " that this processor must read next (a retention policy removed "
                        + "it); restart it to start from a newer snapshot, and see docs/OPERATIONS.md, retention");
            }
        }
        Object marker = headers.get(MARKER_HEADER);
        EventBatch batch = marker == null ? BatchMessages.read(properties, body) : null;
        if (current && offset >= 0 && offset < needed) {
            // Taken before (the last message, or the restored snapshot's): only checked and acknowledged.
            String restored = restoredLastMessage;
            if (restored != null && offset == startOffset - 1) {
                restoredLastMessage = null;
                String found = batch == null ? StateSnapshot.messageId("", 0) : StateSnapshot.messageId(batch.session(),
                        batch.number());
                if (!restored.equals(found)) {
                    fail(deliveries, "the snapshot restored ends with message " + restored + " at offset " + offset
                            + ", but stream " + settings.streamQueue() + " has " + found + " there: the snapshots in "
                            + settings.snapshotStream() + " are of another stream (was the event stream deleted alone?). "
                            + "Delete both streams to start over (every follow is lost)");
                }
            }
            handoff.submitEmpty(envelope.getDeliveryTag(), deliveries, () -> { }, -1);
        } else if (batch != null) {
            handoff.submit(batch, envelope.getDeliveryTag(), body, deliveries, offset);
        } else {
            if (marker == null) {
                handoff.badMessage("skipping a message of the stream that is not an event batch: {}", properties);
            }
            boolean ours = !caughtUp && marker != null && instanceId.equals(marker.toString());
            // Nothing to apply, but acknowledged in order with the batches around it. Our own
            // marker: once the engine has taken in everything before it, we are caught up.
            handoff.submitEmpty(envelope.getDeliveryTag(), deliveries, ours ? () -> caughtUp(offset) : () -> { }, offset);
        }
        if (offset > lastOffset) {
            // Never backwards: a delivery of a lost channel may finish after newer ones.
            lastOffset = offset;
        }
    }

    /**
     * Makes {@code deliveries} the current subscription, which must deliver offset {@code next}
     * next; returns the offset to subscribe from (the one before, skipped when it comes).
     */
    long subscribed(ChannelDeliveries deliveries, long next) {
        needed = next;
        firstSeen = false;
        subscription = deliveries;
        return Math.max(0, next - 1);
    }

    /** Stops for good: logs why, tells the consumer, closes the channel so nothing more is delivered. */
    private void fail(ChannelDeliveries deliveries, String why) {
        failed = true;
        log.error("processor-service: cannot rebuild the follow state: {}", why);
        onFatalError.run();
        try {
            deliveries.getChannel().abort();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the channel: {}", e.toString());
        }
        throw new IllegalStateException("stream history truncated"); // ends this delivery
    }

    /** On the engine thread: the engine has applied every event that was in the RabbitMQ stream when we started. */
    private void caughtUp(long offset) {
        if (caughtUp) {
            return; // a marker of an earlier connection, read after the first
        }
        caughtUp = true;
        log.info("caught up with stream {} at offset {}: {} events replayed", settings.streamQueue(), offset,
                engineStats.eventsReleased());
        onCaughtUp.run();
    }
}
