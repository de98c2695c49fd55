package com.followermaze.app.broker;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
import org.apache.qpid.server.virtualhost.QueueManagingVirtualHost;

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
        assertThat(shared.port()).as("port " + shared.port()).isGreaterThan(0);
        assertThat(shared.amqpUri()).isEqualTo("amqp://guest:guest@127.0.0.1:" + shared.port());

        try (Connection connection = connector(shared.amqpUri(), "connect-test").connect()) {
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void theBrokerServesItsTwoConnectionsWithQpidsSmallestThreadPools() {
        assertThat(shared.virtualHost()).hasValueSatisfying(host -> {
            QueueManagingVirtualHost<?> managing = (QueueManagingVirtualHost<?>) host;
            assertThat(managing.getConnectionThreadPoolSize()).isEqualTo(EmbeddedBroker.CONNECTION_THREADS);
            assertThat(managing.getNumberOfSelectors()).isEqualTo(1);
        });
        assertThat(shared.amqpPort().getThreadPoolSize()).isEqualTo(EmbeddedBroker.PORT_THREADS);
        assertThat(shared.amqpPort().getNumberOfSelectors()).isEqualTo(1);
    }

    @Test
    void theClientsVirtualHostSlashIsTheBrokersDefaultOne() throws Exception {
        try (Connection connection = connector(shared.amqpUri() + "/%2F", "vhost-test").connect()) {
            assertThat(connection.isOpen()).isTrue();
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
                assertThat(delivery).as("batch " + expected.number() + " not delivered within 5 s").isNotNull();
                EventBatch received = BatchMessages.read(delivery.properties(), delivery.body());
                assertThat(received).as(() -> BatchMessages.describe(delivery.properties())).isNotNull();
                assertThat(received.session()).isEqualTo(expected.session());
                assertThat(received.number()).isEqualTo(expected.number());
                assertThat(received.eventCount()).isEqualTo(expected.eventCount());
                assertThat(received.body()).containsExactly(expected.body());
                assertThat(delivery.properties().getDeliveryMode()).isEqualTo(2);
                assertThat(delivery.properties().getContentType()).isEqualTo(BatchMessages.CONTENT_TYPE);
                assertThat(delivery.properties().getType()).isEqualTo(BatchMessages.TYPE);
            }
        }
    }

    @Test
    void configuredCredentialsAreTheOnesAcceptedAndTheUriCarriesThemEncoded() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0, "fm", "p@ss:w/rd")) {
            assertThat(broker.amqpUri()).isEqualTo("amqp://fm:p%40ss%3Aw%2Frd@127.0.0.1:" + broker.port());
            try (Connection connection = connector(broker.amqpUri(), "credentials-test").connect()) {
                assertThat(connection.isOpen()).isTrue();
            }
            String guest = "amqp://guest:guest@127.0.0.1:" + broker.port();
            // Qpid refuses with connection.close 530, not RabbitMQ's 403: the client can only say "possibly".
            assertThatExceptionOfType(PossibleAuthenticationFailureException.class).isThrownBy(() -> connector(guest, "guest-test").connect());
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

            assertThat(broker.port()).isEqualTo(port);
            assertThat(closedByRestart.await(30, SECONDS)).as("a connection open across the restart is closed").isTrue();
            try (Connection after = connector(broker.amqpUri(), "after-restart").connect()) {
                Channel channel = after.createChannel();
                assertThat(channel.queueDeclarePassive(settings.queue()).getMessageCount()).as("confirmed messages on the queue after the restart").isEqualTo(sent.size());
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
                assertThat(consumer.basicGet(settings.queue(), false)).as("delivery " + (n + 1) + " before the restart").isNotNull();
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

            assertThat(broker.queue(settings.queue()).orElseThrow().isDurable()).as("event queue back and durable").isTrue();
            assertRejectedLinesQueueIsCapped(broker, settings);
            try (Connection after = connector(broker.amqpUri(), "topology-again").connect()) {
                Channel channel = after.createChannel();
                // The services declare the topology on every connection: it must agree with the kept one.
                Topology.declare(channel, settings);
                channel.basicPublish(settings.rejectedExchange(), "", null, "x".getBytes(US_ASCII));
                channel.basicPublish(settings.exchange(), "", null, "1|B\n".getBytes(US_ASCII));
                // Still bound after the restart: each exchange routes to its queue.
                assertThat(channel.basicGet(settings.rejectedQueue(), true)).as("rejected exchange still bound").isNotNull();
                assertThat(channel.basicGet(settings.queue(), true)).as("event exchange still bound").isNotNull();
            }
        }
    }

    @Test
    void aDataDirectoryKeepsTheStoreAfterCloseForTheNextBrokerStartedOnIt(@TempDir Path data) throws Exception {
        List<EventBatch> sent = batches("kept", 10);
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.onLoopback(0).withDataDirectory(data.resolve("broker"));
        Path workDirectory;
        try (EmbeddedBroker first = EmbeddedBroker.start(config)) {
            assertThat(first.storeKept()).isTrue();
            workDirectory = first.workDirectory();
            try (Connection connection = connector(first.amqpUri(), "first").connect()) {
                publishConfirmed(connection, BrokerSettings.of(first.amqpUri()), sent);
            }
        }
        assertThat(Files.exists(workDirectory)).as("the work directory is deleted").isFalse();
        assertThat(Files.isDirectory(data.resolve("broker"))).as("the data directory is kept").isTrue();

        try (EmbeddedBroker second = EmbeddedBroker.start(config);
             Connection connection = connector(second.amqpUri(), "second").connect()) {
            assertReceivedInOrder(consume(connection, BrokerSettings.DEFAULT_QUEUE, sent.size()), sent);
        }
    }

    @Test
    void aDataDirectoryInUseByAnotherBrokerIsRefusedNamingIt(@TempDir Path data) {
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.onLoopback(0).withDataDirectory(data);
        try (EmbeddedBroker running = EmbeddedBroker.start(config)) {
            IllegalStateException refused = assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> EmbeddedBroker.start(config)).actual();
            assertThat(refused.getMessage().contains(data.toString()) && refused.getMessage().contains("in use")).as(refused.getMessage()).isTrue();
            assertThat(running.isRunning()).as("the broker using it runs on").isTrue();
        }
        // Released by close: the directory may be used again.
        EmbeddedBroker.start(config).close();
    }

    @Test
    void withoutADataDirectoryTheStoreIsInMemoryWritesNothingAndARestartStartsEmpty() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0)) {
            assertThat(broker.storeKept()).isFalse();
            assertThat(broker.storeDirectory().isEmpty()).as("no store directory").isTrue();
            BrokerSettings settings = BrokerSettings.of(broker.amqpUri());
            try (Connection connection = connector(broker.amqpUri(), "in-memory").connect()) {
                publishConfirmed(connection, settings, batches("in-memory", 5));
                assertThat(connection.createChannel().queueDeclarePassive(settings.queue()).getMessageCount()).isEqualTo(5);
            }
            try (var files = Files.walk(broker.workDirectory())) {
                assertThat(files.noneMatch(path -> path.toString().endsWith(".dat") || path.toString().endsWith(".log"))).as("no database in the work directory " + broker.workDirectory()).isTrue();
            }

            broker.restart();

            assertThat(broker.queue(settings.queue()).isEmpty()).as("the queue is gone with the broker's memory").isTrue();
        }
    }

    @Test
    void aStoppedBrokerRefusesConnectionsUntilRestarted() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0)) {
            BrokerConnector connector = connector(broker.amqpUri(), "outage-test");

            broker.stop();

            assertThat(broker.isRunning()).isFalse();
            assertThatExceptionOfType(IOException.class).isThrownBy(connector::connect);

            broker.restart();

            assertThat(broker.isRunning()).isTrue();
            try (Connection connection = connector.connect()) {
                assertThat(connection.isOpen()).isTrue();
            }
        }
    }

    @Test
    void closeFreesThePortDeletesTheWorkDirectoryAndIsIdempotent() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(LOOPBACK, 0);
        int port = broker.port();
        Path workDirectory = broker.workDirectory();
        assertThat(Files.isDirectory(workDirectory)).as(workDirectory + " exists while the broker runs").isTrue();

        broker.close();
        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThat(Files.exists(workDirectory)).as(workDirectory + " is deleted").isFalse();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(broker::restart);
    }

    @Test
    void startingOnATakenPortFailsNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            IllegalStateException failure = assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> EmbeddedBroker.start(LOOPBACK, taken.getLocalPort())).actual();
            assertThat(failure.getMessage().contains(LOOPBACK + ":" + taken.getLocalPort())).as(failure.getMessage()).isTrue();
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
            assertThat(delivery).as("message " + (n + 1) + " of " + count + " not delivered within 5 s").isNotNull();
            received.add(delivery);
        }
        return received;
    }

    private static void assertReceivedInOrder(List<Delivery> received, List<EventBatch> sent) {
        assertThat(received.size()).isEqualTo(sent.size());
        for (int n = 0; n < sent.size(); n++) {
            EventBatch got = BatchMessages.read(received.get(n).properties(), received.get(n).body());
            assertThat(got).as("message " + (n + 1) + " is a batch").isNotNull();
            assertThat(got.session()).isEqualTo(sent.get(n).session());
            assertThat(got.number()).as("message " + (n + 1) + " in publishing order").isEqualTo(sent.get(n).number());
            assertThat(got.body()).containsExactly(sent.get(n).body());
        }
    }

    private static void assertRejectedLinesQueueIsCapped(EmbeddedBroker broker, BrokerSettings settings) {
        Queue<?> rejected = broker.queue(settings.rejectedQueue()).orElseThrow();
        assertThat(rejected.isDurable()).as("rejected-lines queue durable").isTrue();
        assertThat(rejected.getMaximumQueueDepthMessages()).isEqualTo(Topology.REJECTED_LINES_KEPT);
        assertThat(rejected.getOverflowPolicy()).isEqualTo(OverflowPolicy.RING);
    }

    private static BrokerConnector connector(String uri, String name) {
        return new BrokerConnector(BrokerSettings.of(uri), name);
    }

    private record Delivery(AMQP.BasicProperties properties, byte[] body) {
    }
}
