package com.followermaze.common.amqp;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.rabbitmq.client.Connection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Which node of the broker a service's connection is on, and how many failovers it made: a
 * connection opened on another node than the one before. A node is named {@code ip:port}, the
 * address the connection went to.
 *
 * <p>Written by the thread that connects ({@link BrokerConnector}), read by any (metrics,
 * readiness): thread-safe.
 */
public final class BrokerNode {

    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private final AtomicReference<String> last = new AtomicReference<>();
    private final AtomicLong failovers = new AtomicLong();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile String prefix;

    /** Records a new connection; a failover when it is on another node than the previous one. */
    public void connected(Connection opened) {
        String node = name(opened);
        String before = last.getAndSet(node);
        if (before != null && !before.equals(node)) {
            failovers.incrementAndGet();
        }
        connection.set(opened);
        register(node);
    }

    /** The node as {@code ip:port}. */
    static String name(Connection connection) {
        InetAddress address = connection.getAddress();
        return BrokerAddresses.name(address.getHostAddress(), connection.getPort());
    }

    /** The node of the open connection, as {@code ip:port}; empty while there is none. */
    public Optional<String> current() {
        Connection open = connection.get();
        return open != null && open.isOpen() ? Optional.ofNullable(last.get()) : Optional.empty();
    }

    /** Connections opened on another node than the one before. */
    public long failovers() {
        return failovers.get();
    }

    /**
     * Binds {@code <prefix>.broker.failovers} (a counter) and {@code <prefix>.broker.node}: a
     * gauge per node connected to so far, tagged {@code node}, 1 while the connection is on it.
     */
    public void bindTo(MeterRegistry meters, String meterPrefix) {
        FunctionCounter.builder(meterPrefix + ".broker.failovers", this, BrokerNode::failovers)
                .description("connections opened on another broker node than the one before")
                .register(meters);
        this.prefix = meterPrefix;
        this.registry = meters;
        seen.forEach(this::gauge);
    }

    private void register(String node) {
        if (seen.add(node) && registry != null) {
            gauge(node);
        }
    }

    private void gauge(String node) {
        Gauge.builder(prefix + ".broker.node", this, n -> n.current().map(node::equals).orElse(false) ? 1 : 0)
                .tag("node", node)
                .description("1 while the broker connection is on this node")
                .register(registry);
    }
}
