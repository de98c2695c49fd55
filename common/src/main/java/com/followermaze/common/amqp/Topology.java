package com.followermaze.common.amqp;

import java.io.IOException;
import java.util.Map;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

/**
 * The broker objects both services declare, idempotently, each time they connect: a durable
 * fanout exchange and a durable queue bound to it, and the same pair for rejected lines, whose
 * queue keeps the newest {@value #REJECTED_LINES_KEPT} (older ones are dropped by the broker).
 *
 * <p>The listener declares the queue too, not only the exchange: a fanout exchange with no
 * queue bound drops what it is sent, and the listener may well start before the processor.
 */
public final class Topology {

    /** How many rejected lines the rejected-lines queue keeps. */
    public static final int REJECTED_LINES_KEPT = 100_000;

    private Topology() {
    }

    /**
     * The arguments of a queue that keeps only its newest {@value #REJECTED_LINES_KEPT}
     * messages, in the dialect of the broker at hand: RabbitMQ's {@code x-max-length} (which
     * drops the oldest), or Qpid Broker-J's {@code qpid.max_count} with the {@code ring} policy
     * (the embedded broker, which refuses arguments it does not know).
     */
    private static Map<String, Object> cappedQueue(Channel channel) {
        Object product = channel.getConnection().getServerProperties().get("product");
        if (product != null && product.toString().toLowerCase(java.util.Locale.ROOT).contains("rabbitmq")) {
            return Map.of("x-max-length", REJECTED_LINES_KEPT);
        }
        return Map.of("qpid.max_count", REJECTED_LINES_KEPT, "qpid.policy_type", "ring");
    }

    public static void declare(Channel channel, BrokerSettings settings) throws IOException {
        channel.exchangeDeclare(settings.exchange(), BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(settings.queue(), true, false, false, null);
        channel.queueBind(settings.queue(), settings.exchange(), "");
        channel.exchangeDeclare(settings.rejectedExchange(), BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(settings.rejectedQueue(), true, false, false, cappedQueue(channel));
        channel.queueBind(settings.rejectedQueue(), settings.rejectedExchange(), "");
    }
}
