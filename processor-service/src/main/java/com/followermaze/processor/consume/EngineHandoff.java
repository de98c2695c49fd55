package com.followermaze.processor.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.batch.BatchFormat;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;
import com.followermaze.common.event.Rejection;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.engine.BatchSettler;
import com.followermaze.processor.engine.ConsumedBatch;
import com.followermaze.processor.engine.EngineLoop;
import com.rabbitmq.client.AMQP;

/**
 * What every consume mode does with a message: decodes a batch and hands it to the engine
 * (waiting while the engine's inbox is full), or counts and reports a message that is not one.
 * Called on the RabbitMQ client's consumer thread.
 */
final class EngineHandoff {

    private static final Logger log = LoggerFactory.getLogger(EngineHandoff.class);

    private final EngineLoop engine;
    private final ConsumeStats stats;
    private final RateLimitedLog badInput = new RateLimitedLog(log, 5, TimeUnit.SECONDS);

    EngineHandoff(EngineLoop engine, ConsumeStats stats) {
        this.engine = engine;
        this.stats = stats;
    }

    /**
     * Decodes {@code batch}'s events from {@code body} (skipping bad lines, counted) and submits
     * them; {@code streamOffset} is the RabbitMQ stream offset of its message, -1 from a queue.
     */
    void submit(EventBatch batch, long deliveryTag, byte[] body, BatchSettler settler, long streamOffset) {
        // The count is a header, not to be trusted with an allocation: a line takes 4 bytes at least.
        List<Event> events = new ArrayList<>(Math.min(batch.eventCount(), 1 + body.length / 4));
        BatchFormat.decode(body, result -> {
            if (result instanceof Event event) {
                events.add(event);
            } else {
                stats.rejectedLine();
                badInput.warn("skipping a bad line in batch {} of source {}: {}", batch.number(), batch.session(),
                        ((Rejection) result).message());
            }
        });
        submit(new ConsumedBatch(batch.session(), batch.number(), events, batch.mark(), deliveryTag, settler, () -> { },
                streamOffset));
    }

    /** Submits a message with nothing to apply, to be acknowledged in order; {@code applied} runs once it is taken in. */
    void submitEmpty(long deliveryTag, BatchSettler settler, Runnable applied, long streamOffset) {
        submit(new ConsumedBatch("", 0, List.of(), SessionMark.NONE, deliveryTag, settler, applied, streamOffset));
    }

    /** Counts a message that is not an event batch and warns ({@code warning} takes the message's description). */
    void badMessage(String warning, AMQP.BasicProperties properties) {
        stats.badMessage();
        badInput.warn(warning, BatchMessages.describe(properties));
    }

    private void submit(ConsumedBatch batch) {
        try {
            engine.submit(batch);
        } catch (InterruptedException e) {
            // Shutting down: the batch stays unacknowledged and the broker redelivers it.
            Thread.currentThread().interrupt();
        }
    }
}
