package com.followermaze.common.testing;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;

/**
 * The real RabbitMQ that integration tests run against: {@code FM_TEST_RABBITMQ_URI}, or
 * {@code amqp://guest:guest@127.0.0.1:5672} by default.
 *
 * <p>Where no broker answers, a test that needs it is skipped with a message that says so,
 * unless {@code FM_REQUIRE_RABBITMQ=true} (which {@code .ci/run} sets): then it fails, so CI
 * can never pass by skipping.
 */
public final class RealRabbitMq {

    public static final String URI_VARIABLE = "FM_TEST_RABBITMQ_URI";
    public static final String REQUIRE_VARIABLE = "FM_REQUIRE_RABBITMQ";
    private static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672";

    private RealRabbitMq() {
    }

    /** The broker's URI; skips (or fails, when required) the calling test if none answers. */
    public static String uriOrSkip() {
        String uri = configuredUri();
        URI parsed = URI.create(uri);
        int port = port(parsed);
        boolean reachable = reachable(parsed);
        String message = "no RabbitMQ at " + parsed.getHost() + ":" + port + " (set " + URI_VARIABLE
                + " or start rabbitmq-server)";
        if (!reachable && Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
            fail(message + "; " + REQUIRE_VARIABLE + "=true forbids skipping");
        }
        if (!reachable) {
            // Surefire shows a skip's reason only in its reports; this puts it on the console.
            String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
            System.err.println("[skipped] " + test + ": " + message);
        }
        assumeTrue(reachable, message + ": skipping this test");
        return uri;
    }

    /** Whether the broker the tests are given ({@value #URI_VARIABLE}, or the default) answers. */
    public static boolean configuredReachable() {
        return reachable(URI.create(configuredUri()));
    }

    private static String configuredUri() {
        return System.getenv().getOrDefault(URI_VARIABLE, DEFAULT_URI);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : ("amqps".equals(uri.getScheme()) ? 5671 : 5672);
    }

    private static boolean reachable(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port(uri)), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes what the services declare for {@code broker}: its queue (its stream and the stream
     * of snapshots, in scale-out mode), its exchange, and the queue and exchange of rejected batches.
     */
    public static void deleteTopology(Channel channel, BrokerSettings broker) throws IOException {
        channel.queueDelete(broker.scaleOut() ? broker.streamQueue() : broker.queue());
        if (broker.scaleOut()) {
            channel.queueDelete(broker.snapshotStream());
        }
        channel.exchangeDelete(broker.exchange());
        channel.queueDelete(broker.rejectedQueue());
        channel.exchangeDelete(broker.rejectedExchange());
    }

    /** Deletes the stream of snapshots of {@code broker}: it is declared again, empty, on the next connection. */
    public static void deleteSnapshots(BrokerSettings broker) throws IOException, TimeoutException {
        try (Connection connection = new BrokerConnector(broker, "test cleanup").connect()) {
            connection.createChannel().queueDelete(broker.snapshotStream());
        }
    }

    /** {@link #deleteTopology(Channel, BrokerSettings)} on a connection of its own. */
    public static void deleteTopology(BrokerSettings broker) throws IOException, TimeoutException {
        try (Connection connection = new BrokerConnector(broker, "test cleanup").connect()) {
            deleteTopology(connection.createChannel(), broker);
        }
    }
}
