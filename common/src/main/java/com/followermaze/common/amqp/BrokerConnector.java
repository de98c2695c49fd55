package com.followermaze.common.amqp;

import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.tls.BrokerTls;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Opens connections to the broker of a {@link BrokerSettings}, retrying with {@link Backoff}.
 *
 * <p>Automatic recovery is off (see the package summary). Log lines name the broker by its
 * masked URI only. Thread-safe.
 *
 * <p>For {@code amqps://} the broker's certificate is verified (against
 * {@link BrokerSettings#amqpCa()} or the JVM's default trust store) and must name the URI's
 * host; only TLSv1.3 and TLSv1.2 are offered. The client library's own handling of
 * {@code amqps://}, which trusts every certificate, is never used.
 *
 * <p>With several nodes ({@link BrokerAddresses}), each attempt is the client library's: it
 * shuffles the nodes (its {@code ListAddressResolver}) and tries them in that order, each for up to
 * the connection timeout, until one answers; when none does, {@link #connectWithRetry} waits
 * its backoff and makes the next attempt. {@link #node()} says which node the connection is on.
 */
public final class BrokerConnector {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnector.class);

    private final BrokerSettings settings;
    private final String connectionName;
    private final ConnectionFactory factory;
    private final List<Address> addresses;
    private final BrokerNode node;

    public BrokerConnector(BrokerSettings settings, String connectionName) {
        this(settings, connectionName, new BrokerNode());
    }

    /** A connector that records the node of each connection in {@code node}. */
    public BrokerConnector(BrokerSettings settings, String connectionName, BrokerNode node) {
        this.settings = settings;
        this.node = node;
        this.connectionName = connectionName;
        this.factory = new ConnectionFactory();
        BrokerAddresses nodes = settings.addresses();
        this.addresses = nodes.addresses();
        String first = nodes.first().toString();
        try {
            if (settings.tls()) {
                // Given as amqp:// so that the library does not install its trust-everything manager.
                factory.setUri("amqp" + first.substring("amqps".length()));
                if (nodes.first().getPort() == -1) {
                    factory.setPort(ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT);
                }
                factory.useSslProtocol(BrokerTls.clientContext(settings.amqpCa()));
                factory.setSocketConfigurator(factory.getSocketConfigurator().andThen(BrokerTls.protocols()));
                factory.enableHostnameVerification();
            } else {
                factory.setUri(first);
            }
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("amqp-uri: " + settings.maskedUri() + " (" + e.getMessage() + ")", e);
        }
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setRequestedHeartbeat(10);
        factory.setConnectionTimeout((int) Duration.ofSeconds(5).toMillis());
    }

    /** The factory as configured; for tests of the TLS set-up. */
    ConnectionFactory factory() {
        return factory;
    }

    public BrokerSettings settings() {
        return settings;
    }

    /** Which node the connection is on, and the failovers; for metrics and readiness. */
    public BrokerNode node() {
        return node;
    }

    /** One attempt: to the node of a single URI, or to each node of a list in a fresh random order. */
    public Connection connect() throws IOException, TimeoutException {
        Connection connection = addresses.size() == 1
                ? factory.newConnection(connectionName)
                : factory.newConnection(addresses, connectionName); // a ListAddressResolver: shuffled per attempt
        node.connected(connection);
        if (addresses.size() > 1) {
            log.info("{}: connected to node {} of {}", connectionName, BrokerNode.name(connection), settings.maskedUri());
        }
        return connection;
    }

    /**
     * Connects, retrying with backoff until it succeeds or {@code keepTrying} turns false.
     * A streak of failures is logged once at WARN, then at DEBUG until it ends.
     *
     * @return the connection, or {@code null} when {@code keepTrying} turned false first
     * @throws InterruptedException when interrupted while waiting between attempts
     */
    public Connection connectWithRetry(Backoff backoff, BooleanSupplier keepTrying) throws InterruptedException {
        int attempt = 0;
        while (keepTrying.getAsBoolean()) {
            try {
                Connection connection = connect();
                if (attempt > 0) {
                    log.info("{}: connected to {} after {} failed attempts", connectionName, settings.maskedUri(), attempt);
                }
                return connection;
            } catch (IOException | TimeoutException e) {
                Duration delay = backoff.delay(attempt);
                if (attempt == 0) {
                    log.warn("{}: cannot connect to {} ({}); retrying with backoff", connectionName,
                            settings.maskedUri(), describe(e));
                } else {
                    log.debug("{}: attempt {} to {} failed ({}); next in {} ms", connectionName, attempt + 1,
                            settings.maskedUri(), describe(e), delay.toMillis());
                }
                attempt++;
                Thread.sleep(delay.toMillis()); // a backoff pause, not a wait for an event
            }
        }
        return null;
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
