package com.followermaze.loadgen.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The event source's connection: a blocking socket the feeding thread writes whole chunks to.
 * A write blocks while the server does not read, which is the back-pressure we want. Closing
 * it from another thread makes a blocked write fail at once.
 */
public final class EventSourceConnection implements AutoCloseable {

    private final SocketChannel channel;
    private final Endpoint endpoint;

    private EventSourceConnection(SocketChannel channel, Endpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /** Connects, waiting at most {@code timeout}. */
    public static EventSourceConnection open(Endpoint endpoint, Duration timeout) throws SetupException {
        SocketChannel channel = null;
        try {
            InetSocketAddress address = endpoint.resolve();
            if (address.isUnresolved()) {
                throw new SetupException("cannot resolve the event address " + endpoint);
            }
            channel = SocketChannel.open();
            channel.socket().setTcpNoDelay(true);
            channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new EventSourceConnection(channel, endpoint);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SetupException("cannot connect the event source to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes[0..length)} completely, blocking as long as it takes. */
    public void write(byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                // Already failing to connect: the connect error is the one worth reporting.
            }
        }
    }
}
