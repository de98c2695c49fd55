package com.followermaze.processor.consume;

import java.io.IOException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Envelope;

/**
 * What the {@link BatchConsumer} reads and how: the event queue ({@link QueueMode}) or, in
 * scale-out mode, the RabbitMQ stream ({@link RabbitStreamMode}). The consumer owns the
 * connection and its channel; a mode starts consuming on that channel and says what each
 * delivery becomes.
 */
interface ConsumeMode {

    /**
     * Starts consuming on {@code channel} (of {@code connection}, which the mode may use for a
     * channel of its own), with {@code deliveries} as the client's consumer.
     */
    void start(Connection connection, Channel channel, ChannelDeliveries deliveries) throws IOException;

    /** Handles one message delivered to {@code deliveries}, on the client's consumer thread. */
    void deliver(ChannelDeliveries deliveries, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
            throws IOException;
}
