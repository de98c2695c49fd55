package com.followermaze.common.amqp;

import java.io.IOException;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

/**
 * The broker objects both services declare, idempotently, each time they connect: a durable
 * fanout exchange and a durable queue bound to it.
 *
 * <p>The listener declares the queue too, not only the exchange: a fanout exchange with no
 * queue bound drops what it is sent, and the listener may well start before the processor.
 */
public final class Topology {

    private Topology() {
    }

    public static void declare(Channel channel, BrokerSettings settings) throws IOException {
        channel.exchangeDeclare(settings.exchange(), BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(settings.queue(), true, false, false, null);
        channel.queueBind(settings.queue(), settings.exchange(), "");
    }
}
