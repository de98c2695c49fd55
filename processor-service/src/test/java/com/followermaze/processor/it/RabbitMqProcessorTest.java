package com.followermaze.processor.it;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.UserClient;
import com.followermaze.common.testing.RealRabbitMq;
import com.followermaze.processor.ProcessorService;

/**
 * What the processor's RabbitMQ tests share: an exchange and queue of their own on the real
 * broker (deleted afterwards), a publisher that sends batches as the listener does, and the
 * processor and user clients a test starts, closed after it.
 */
abstract class RabbitMqProcessorTest {

    protected BrokerSettings broker;
    protected BatchPublisherFixture publisher;
    protected ProcessorService processor;
    protected final List<UserClient> clients = new ArrayList<>();

    @BeforeEach
    void connectToTheBroker() throws Exception {
        String name = "fm-processor-it-" + UUID.randomUUID();
        broker = new BrokerSettings(RealRabbitMq.uriOrSkip(), name, name);
        publisher = new BatchPublisherFixture(broker);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (UserClient client : clients) {
            client.close();
        }
        if (processor != null) {
            processor.close();
        }
        if (publisher != null) {
            publisher.deleteTopology();
            publisher.close();
        }
    }
}
