package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.processor.engine.BatchSettler;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * The client's callbacks for one consuming channel: deliveries go to the {@link ConsumeMode},
 * a cancel by the broker ends the consumer's round, and the engine acknowledges through it
 * (as the channel's {@link BatchSettler}).
 */
final class ChannelDeliveries extends DefaultConsumer implements BatchSettler {

    private static final Logger log = LoggerFactory.getLogger(ChannelDeliveries.class);

    private final CountDownLatch lost;
    private final ConsumeMode mode;

    /** @param lost counted down when the broker cancels the consumer */
    ChannelDeliveries(Channel channel, CountDownLatch lost, ConsumeMode mode) {
        super(channel);
        this.lost = lost;
        this.mode = mode;
    }

    @Override
    public void handleCancel(String consumerTag) {
        log.warn("the broker cancelled the consumer (was the queue deleted?); reconnecting");
        lost.countDown();
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        mode.deliver(this, envelope, properties, body);
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
