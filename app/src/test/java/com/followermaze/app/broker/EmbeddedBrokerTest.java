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
import org.junit.jupiter.api.io.TempDir;

import org.apache.qpid.server.model.OverflowPolicy;
import org.apache.qpid.server.model.Queue;

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
 * the project's {@link Topology}. One broker serves the messaging tests; the lifecycle and store
 * tests start their own.
 */
@Timeout(60)
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
    void withADataDirectoryRestartKeepsThePortAndEveryConfirmedPersistentMessageOnTheDurableQueue(@TempDir Path data)
            throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(kept(data))) {
            int port = broker.port();
            BrokerSettings settings = BrokerSettings.of(broker.amqpUri());
            List<EventBatch> sent = batches("before-restart", 50);
            Connection before = connector(broker.amqpUri(), "before-restart").connect();
            publishConfirmed(before, settings, sent);
            CountDownLatch closedByRestart = new CountDownLatch(1);
            before.addShutdownListener(cause -> closedByRestart.countDown());

            broker.restart();

            assertEquals(port, broker.port());
            assertTrue(closedByRestart.await(30, SECONDS), "a connection open across the restart is closed");
            try (Connection after = connector(broker.amqpUri(), "after-restart").connect()) {
                Channel channel = after.createChannel();
                assertEquals(sent.size(), channel.queueDeclarePassive(settings.queue()).getMessageCount(),
                        "confirmed messages on the queue after the restart");
                assertReceivedInOrder(consume(after, settings.queue(), sent.size()), sent);
            }
        }
    }

    @Test
    void withADataDirectoryAMessageDeliveredButNotAcknowledgedBeforeARestartIsDeliveredAgainAfterIt(@TempDir Path data)
            throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(kept(data))) {
            BrokerSettings settings = BrokerSettings.of(broker.amqpUri());
            List<EventBatch> sent = batches("unacked", 3);
            Connection before = connector(broker.amqpUri(), "unacked").connect();
            publishConfirmed(before, settings, sent);
            Channel consumer = before.createChannel();
            for (int n = 0; n < sent.size(); n++) {
                assertNotNull(consumer.basicGet(settings.queue(), false), "delivery " + (n + 1) + " before the restart");
            }

            broker.restart(); // with the three deliveries outstanding

            before.abort();
            try (Connection after = connector(broker.amqpUri(), "after-restart").connect()) {
                assertReceivedInOrder(consume(after, settings.queue(), sent.size()), sent);
            }
        }
    }

    @Test
    void withADataDirectoryTheQueuesAndTheRejectedLinesCapSurviveARestart(@TempDir Path data) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(kept(data))) {
            BrokerSettings settings = BrokerSettings.of(broker.amqpUri());
            try (Connection connection = connector(broker.amqpUri(), "topology").connect()) {
                Topology.declare(connection.createChannel(), settings);
            }
            assertRejectedLinesQueueIsCapped(broker, settings);

            broker.restart();

            assertTrue(broker.queue(settings.queue()).orElseThrow().isDurable(), "event queue back and durable");
            assertRejectedLinesQueueIsCapped(broker, settings);
            try (Connection after = connector(broker.amqpUri(), "topology-again").connect()) {
                Channel channel = after.createChannel();
                // The services declare the topology on every connection: it must agree with the kept one.
                Topology.declare(channel, settings);
                channel.basicPublish(settings.rejectedExchange(), "", null, "x".getBytes(US_ASCII));
                channel.basicPublish(settings.exchange(), "", null, "1|B\n".getBytes(US_ASCII));
                // Still bound after the restart: each exchange routes to its queue.
                assertNotNull(channel.basicGet(settings.rejectedQueue(), true), "rejected exchange still bound");
                assertNotNull(channel.basicGet(settings.queue(), true), "event exchange still bound");
            }
        }
    }

    @Test
    void aDataDirectoryKeepsTheStoreAfterCloseForTheNextBrokerStartedOnIt(@TempDir Path data) throws Exception {
        List<EventBatch> sent = batches("kept", 10);
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.onLoopback(0).withDataDirectory(data.resolve("broker"));
        Path workDirectory;
        try (EmbeddedBroker first = EmbeddedBroker.start(config)) {
            assertTrue(first.storeKept());
            workDirectory = first.workDirectory();
            try (Connection connection = connector(first.amqpUri(), "first").connect()) {
                publishConfirmed(connection, BrokerSettings.of(first.amqpUri()), sent);
            }
        }
        assertFalse(Files.exists(workDirectory), "the work directory is deleted");
        assertTrue(Files.isDirectory(data.resolve("broker")), "the data directory is kept");

        try (EmbeddedBroker second = EmbeddedBroker.start(config);
             Connection connection = connector(second.amqpUri(), "second").connect()) {
            assertReceivedInOrder(consume(connection, BrokerSettings.DEFAULT_QUEUE, sent.size()), sent);
        }
    }

    @Test
    void aDataDirectoryInUseByAnotherBrokerIsRefusedNamingIt(@TempDir Path data) {
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.onLoopback(0).withDataDirectory(data);
        try (EmbeddedBroker running = EmbeddedBroker.start(config)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> EmbeddedBroker.start(config));
            assertTrue(refused.getMessage().contains(data.toString()) && refused.getMessage().contains("in use"),
                    refused.getMessage());
            assertTrue(running.isRunning(), "the broker using it runs on");
        }
        // Released by close: the directory may be used again.
        EmbeddedBroker.start(config).close();
    }

    @Test
    void withoutADataDirectoryTheStoreIsInMemoryWritesNothingAndARestartStartsEmpty() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0)) {
            assertFalse(broker.storeKept());
            assertTrue(broker.storeDirectory().isEmpty(), "no store directory");
            BrokerSettings settings = BrokerSettings.of(broker.amqpUri());
            try (Connection connection = connector(broker.amqpUri(), "in-memory").connect()) {
                publishConfirmed(connection, settings, batches("in-memory", 5));
                assertEquals(5, connection.createChannel().queueDeclarePassive(settings.queue()).getMessageCount());
            }
            try (var files = Files.walk(broker.workDirectory())) {
                assertTrue(files.noneMatch(path -> path.toString().endsWith(".dat") || path.toString().endsWith(".log")),
                        "no database in the work directory " + broker.workDirectory());
            }

            broker.restart();

            assertTrue(broker.queue(settings.queue()).isEmpty(), "the queue is gone with the broker's memory");
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

    /** A broker on loopback whose store is kept in {@code data}. */
    private static EmbeddedBrokerConfig kept(Path data) {
        return EmbeddedBrokerConfig.onLoopback(0).withDataDirectory(data.resolve("broker"));
    }

    private static List<EventBatch> batches(String source, int count) {
        List<EventBatch> batches = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            batches.add(new EventBatch(source, n, 1, (n + "|B\n").getBytes(US_ASCII)));
        }
        return batches;
    }

    /** Declares the topology and publishes the batches as the listener does, persistent, waiting for every confirm. */
    private static void publishConfirmed(Connection connection, BrokerSettings settings, List<EventBatch> batches)
            throws IOException, InterruptedException, TimeoutException {
        Channel publisher = connection.createChannel();
        Topology.declare(publisher, settings);
        publisher.confirmSelect();
        for (EventBatch batch : batches) {
            publisher.basicPublish(settings.exchange(), "", BatchMessages.properties(batch), batch.body());
        }
        publisher.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
    }

    /** Consumes {@code count} messages with acknowledgements, waiting at most 5 s for each. */
    private static List<Delivery> consume(Connection connection, String queue, int count) throws Exception {
        Channel consumer = connection.createChannel();
        consumer.basicQos(5);
        BlockingQueue<Delivery> deliveries = new ArrayBlockingQueue<>(count + 16);
        consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                deliveries.add(new Delivery(properties, body));
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        List<Delivery> received = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Delivery delivery = deliveries.poll(5, SECONDS);
            assertNotNull(delivery, "message " + (n + 1) + " of " + count + " not delivered within 5 s");
            received.add(delivery);
        }
        return received;
    }

    private static void assertReceivedInOrder(List<Delivery> received, List<EventBatch> sent) {
        assertEquals(sent.size(), received.size());
        for (int n = 0; n < sent.size(); n++) {
            EventBatch got = BatchMessages.read(received.get(n).properties(), received.get(n).body());
            assertNotNull(got, "message " + (n + 1) + " is a batch");
            assertEquals(sent.get(n).source(), got.source());
            assertEquals(sent.get(n).number(), got.number(), "message " + (n + 1) + " in publishing order");
            assertArrayEquals(sent.get(n).body(), got.body());
        }
    }

    private static void assertRejectedLinesQueueIsCapped(EmbeddedBroker broker, BrokerSettings settings) {
        Queue<?> rejected = broker.queue(settings.rejectedQueue()).orElseThrow();
        assertTrue(rejected.isDurable(), "rejected-lines queue durable");
        assertEquals(Topology.REJECTED_LINES_KEPT, rejected.getMaximumQueueDepthMessages());
        assertEquals(OverflowPolicy.RING, rejected.getOverflowPolicy());
    }

    private static BrokerConnector connector(String uri, String name) {
        return new BrokerConnector(BrokerSettings.of(uri), name);
    }

    private record Delivery(AMQP.BasicProperties properties, byte[] body) {
    }
}
