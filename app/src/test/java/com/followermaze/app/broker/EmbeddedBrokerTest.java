package com.followermaze.app.broker;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.Topology;
import com.followermaze.common.batch.EventBatch;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.PossibleAuthenticationFailureException;

/**
 * The embedded broker as the services use it: through amqp-client, {@link BrokerConnector} and
 * the project's {@link Topology}. One broker serves the messaging tests; the lifecycle tests
 * start their own.
 */
@Timeout(30)
class EmbeddedBrokerTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final long CONFIRM_TIMEOUT_MILLIS = 5_000;

    private static EmbeddedBroker shared;

    @BeforeAll
    static void startSharedBroker() {
        shared = EmbeddedBroker.start(LOOPBACK, 0);
    }

    @AfterAll
    static void closeSharedBroker() {
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    void startingOnPortZeroListensOnAPortTheSystemPickedAndAcceptsBrokerConnector() throws Exception {
        assertTrue(shared.port() > 0, "port " + shared.port());
        assertEquals("amqp://guest:guest@127.0.0.1:" + shared.port(), shared.amqpUri());

        try (Connection connection = connector(shared.amqpUri(), "connect-test").connect()) {
            assertTrue(connection.isOpen());
        }
    }

    @Test
    void theClientsVirtualHostSlashIsTheBrokersDefaultOne() throws Exception {
        try (Connection connection = connector(shared.amqpUri() + "/%2F", "vhost-test").connect()) {
            assertTrue(connection.isOpen());
        }
    }

    @Test
    void persistentBatchesPublishedWithConfirmsAreConsumedWithTheirBodiesAndHeaders() throws Exception {
        BrokerSettings settings = new BrokerSettings(shared.amqpUri(), "fm-test.round-trip", "fm-test.round-trip");
        int count = 20;
        List<EventBatch> sent = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            sent.add(new EventBatch("session-a", n, 2, (n + "|B\n" + (n + 100) + "|B\n").getBytes(US_ASCII)));
        }

        try (Connection connection = new BrokerConnector(settings, "round-trip-test").connect()) {
            Channel publisher = connection.createChannel();
            Topology.declare(publisher, settings);
            publisher.confirmSelect();
            for (EventBatch batch : sent) {
                publisher.basicPublish(settings.exchange(), "", BatchMessages.properties(batch), batch.body());
            }
            publisher.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);

            Channel consumer = connection.createChannel();
            consumer.basicQos(5);
            BlockingQueue<Delivery> deliveries = new ArrayBlockingQueue<>(count);
            consumer.basicConsume(settings.queue(), false, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    deliveries.add(new Delivery(properties, body));
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            });

            for (EventBatch expected : sent) {
                Delivery delivery = deliveries.poll(5, SECONDS);
                assertNotNull(delivery, "batch " + expected.number() + " not delivered within 5 s");
                EventBatch received = BatchMessages.read(delivery.properties(), delivery.body());
                assertNotNull(received, () -> BatchMessages.describe(delivery.properties()));
                assertEquals(expected.source(), received.source());
                assertEquals(expected.number(), received.number());
                assertEquals(expected.eventCount(), received.eventCount());
                assertArrayEquals(expected.body(), received.body());
                assertEquals(2, delivery.properties().getDeliveryMode());
                assertEquals(BatchMessages.CONTENT_TYPE, delivery.properties().getContentType());
                assertEquals(BatchMessages.TYPE, delivery.properties().getType());
            }
        }
    }

    @Test
    void configuredCredentialsAreTheOnesAcceptedAndTheUriCarriesThemEncoded() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0, "fm", "p@ss:w/rd")) {
            assertEquals("amqp://fm:p%40ss%3Aw%2Frd@127.0.0.1:" + broker.port(), broker.amqpUri());
            try (Connection connection = connector(broker.amqpUri(), "credentials-test").connect()) {
                assertTrue(connection.isOpen());
            }
            String guest = "amqp://guest:guest@127.0.0.1:" + broker.port();
            // Qpid refuses with connection.close 530, not RabbitMQ's 403: the client can only say "possibly".
            assertThrows(PossibleAuthenticationFailureException.class, () -> connector(guest, "guest-test").connect());
        }
    }

    @Test
    void restartKeepsThePortLosesEverythingAndAcceptsConnectionsAgain() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0)) {
            int port = broker.port();
            BrokerSettings settings = BrokerSettings.of(broker.amqpUri());
            Connection before = connector(broker.amqpUri(), "before-restart").connect();
            Topology.declare(before.createChannel(), settings);
            CountDownLatch closedByRestart = new CountDownLatch(1);
            before.addShutdownListener(cause -> closedByRestart.countDown());

            broker.restart();

            assertEquals(port, broker.port());
            assertTrue(closedByRestart.await(5, SECONDS), "a connection open across the restart is closed");
            try (Connection after = connector(broker.amqpUri(), "after-restart").connect()) {
                Channel channel = after.createChannel();
                IOException gone = assertThrows(IOException.class, () -> channel.queueDeclarePassive(settings.queue()));
                assertTrue(String.valueOf(gone.getCause()).contains("404"), "queue lost in restart: " + gone.getCause());
                Channel again = after.createChannel();
                Topology.declare(again, settings);
            }
        }
    }

    @Test
    void aStoppedBrokerRefusesConnectionsUntilRestarted() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0)) {
            BrokerConnector connector = connector(broker.amqpUri(), "outage-test");

            broker.stop();

            assertFalse(broker.isRunning());
            assertThrows(IOException.class, connector::connect);

            broker.restart();

            assertTrue(broker.isRunning());
            try (Connection connection = connector.connect()) {
                assertTrue(connection.isOpen());
            }
        }
    }

    @Test
    void closeFreesThePortDeletesTheWorkDirectoryAndIsIdempotent() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0);
        int port = broker.port();
        Path workDirectory = broker.workDirectory();
        assertTrue(Files.isDirectory(workDirectory), workDirectory + " exists while the broker runs");

        broker.close();
        broker.close();

        assertFalse(broker.isRunning());
        assertFalse(Files.exists(workDirectory), workDirectory + " is deleted");
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            assertEquals(port, socket.getLocalPort());
        }
        assertThrows(IllegalStateException.class, broker::restart);
    }

    @Test
    void startingOnATakenPortFailsNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> EmbeddedBroker.start(LOOPBACK, taken.getLocalPort()));
            assertTrue(failure.getMessage().contains(LOOPBACK + ":" + taken.getLocalPort()), failure.getMessage());
        }
    }

    private static BrokerConnector connector(String uri, String name) {
        return new BrokerConnector(BrokerSettings.of(uri), name);
    }

    private record Delivery(AMQP.BasicProperties properties, byte[] body) {
    }
}
