package com.followermaze.processor.consume;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.batch.EventBatch;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Envelope;

/**
 * Consumes the event queue: each batch goes to the engine; a message that is not a batch of a
 * known format version is rejected without requeue (to the queue's dead-letter exchange, if
 * the operator configured one) and logged.
 */
final class QueueMode implements ConsumeMode {

    private static final Logger log = LoggerFactory.getLogger(QueueMode.class);

    private final BrokerSettings settings;
    private final int prefetch;
    private final EngineHandoff handoff;

    QueueMode(BrokerSettings settings, int prefetch, EngineHandoff handoff) {
        this.settings = settings;
        this.prefetch = prefetch;
        this.handoff = handoff;
    }

    @Override
    public void start(Connection connection, Channel channel, ChannelDeliveries deliveries) throws IOException {
        channel.basicConsume(settings.queue(), false, BatchConsumer.CONSUMER_TAG, deliveries);
        log.info("consuming {} from {} (prefetch {} batches)", settings.queue(), settings.maskedUri(), prefetch);
    }

    @Override
    public void deliver(ChannelDeliveries deliveries, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        EventBatch batch = BatchMessages.read(properties, body);
        if (batch == null) {
            handoff.badMessage("rejecting a message that is not an event batch: {}", properties);
            deliveries.getChannel().basicReject(envelope.getDeliveryTag(), false);
            return;
        }
        handoff.submit(batch, envelope.getDeliveryTag(), body, deliveries, -1);
    }
}
