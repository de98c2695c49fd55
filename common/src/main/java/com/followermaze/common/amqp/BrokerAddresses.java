package com.followermaze.common.amqp;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.rabbitmq.client.Address;

/**
 * The nodes of a broker given as one URI or a comma-separated list of URIs that differ only in
 * host and port ({@code amqp://fm:pw@10.0.0.1:5672,amqp://fm:pw@10.0.0.2:5672}): the nodes of
 * one RabbitMQ cluster.
 *
 * <p>The client library picks the node: on each connection attempt it shuffles the list (its
 * {@link com.rabbitmq.client.ListAddressResolver}) and connects to the first node that answers;
 * see {@link BrokerConnector}.
 *
 * @param first     the first URI; its scheme, credentials and virtual host are every node's
 * @param addresses every node, in the order given; a port of {@code -1} means the scheme's default
 */
public record BrokerAddresses(URI first, List<Address> addresses) {

    /** The setting the URIs come from, for messages. */
    static final String SETTING = "amqp-uri (--amqp-uri / AMQP_URI)";

    public BrokerAddresses {
        Objects.requireNonNull(first, "first");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses: [] (expected at least one node)");
        }
    }

    /**
     * Parses one URI or a comma-separated list.
     *
     * @throws IllegalArgumentException naming the setting, with passwords masked, when an entry is
     *                                  empty or not a URI, or when the entries differ in scheme,
     *                                  credentials or virtual host
     */
    public static BrokerAddresses parse(String uris) {
        Objects.requireNonNull(uris, "uris");
        String[] parts = uris.split(",", -1);
        URI first = null;
        List<Address> addresses = new ArrayList<>(parts.length);
        for (String part : parts) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException(SETTING + ": " + AmqpUris.mask(uris)
                        + " (expected URIs separated by single commas, found an empty one)");
            }
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SETTING + ": " + AmqpUris.mask(trimmed) + " (not a URI)", e);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(SETTING + ": " + AmqpUris.mask(trimmed) + " (expected a host)");
            }
            if (first == null) {
                first = uri;
            } else {
                requireSameBroker(first, uri);
            }
            addresses.add(new Address(uri.getHost(), uri.getPort()));
        }
        return new BrokerAddresses(first, addresses);
    }

    private static void requireSameBroker(URI first, URI other) {
        String differs = !Objects.equals(first.getScheme(), other.getScheme()) ? "scheme"
                : !Objects.equals(first.getRawUserInfo(), other.getRawUserInfo()) ? "credentials"
                : !Objects.equals(vhost(first), vhost(other)) ? "virtual host"
                : null;
        if (differs != null) {
            throw new IllegalArgumentException(SETTING + ": " + AmqpUris.mask(other.toString()) + " differs from "
                    + AmqpUris.mask(first.toString()) + " in its " + differs
                    + " (expected the nodes of one cluster: the same scheme, credentials and virtual host in every URI)");
        }
    }

    /** The virtual host part of the path: the default one for no path or {@code /}. */
    private static String vhost(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? "" : path;
    }

    /** Whether several nodes were given. */
    public boolean cluster() {
        return addresses.size() > 1;
    }

    /** A node as {@code host:port}, the port defaulted as the client library does. */
    public static String name(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Every node as {@code host:port}, in the order given, with {@code defaultPort} for those without. */
    public List<String> names(int defaultPort) {
        return addresses.stream().map(a -> name(a.getHost(), a.getPort() == -1 ? defaultPort : a.getPort())).toList();
    }
}
