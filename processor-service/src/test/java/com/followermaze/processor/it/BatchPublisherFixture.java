package com.followermaze.processor.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.Topology;
import com.followermaze.common.batch.BatchBuilder;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.testing.RealRabbitMq;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/** Publishes batches of lines the way the listener does, with confirms, for processor tests. */
final class BatchPublisherFixture implements AutoCloseable {

    private final BrokerSettings settings;
    private final Connection connection;
    private final Channel channel;

    BatchPublisherFixture(BrokerSettings settings) throws IOException, TimeoutException {
        this.settings = settings;
        this.connection = new BrokerConnector(settings, "processor-it publisher").connect();
        this.channel = connection.createChannel();
        Topology.declare(channel, settings);
        channel.confirmSelect();
    }

    /** Publishes {@code messages}, each a list of lines, as batches of {@code session}. */
    void publish(String session, List<List<String>> messages) throws Exception {
        publish(session, messages, SessionMark.NONE);
    }

    /**
     * Publishes {@code messages} as batches of {@code session}, the last one with {@code
     * lastMark}; a marked last message may have no lines.
     */
    void publish(String session, List<List<String>> messages, SessionMark lastMark) throws Exception {
        BatchBuilder builder = new BatchBuilder(session, 4096);
        for (int i = 0; i < messages.size(); i++) {
            for (String line : messages.get(i)) {
                byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
                builder.add(bytes, 0, bytes.length);
            }
            EventBatch batch = builder.cut(i == messages.size() - 1 ? lastMark : SessionMark.NONE);
            channel.basicPublish(settings.exchange(), "", BatchMessages.properties(batch), batch.body());
        }
        channel.waitForConfirmsOrDie(Duration.ofSeconds(30).toMillis());
    }

    long messagesReady() throws IOException {
        return channel.queueDeclarePassive(settings.queue()).getMessageCount();
    }

    /** Deletes the test's exchange and queue. */
    void deleteTopology() throws IOException {
        RealRabbitMq.deleteTopology(channel, settings);
    }

    @Override
    public void close() throws Exception {
        connection.close(5_000);
    }
}
