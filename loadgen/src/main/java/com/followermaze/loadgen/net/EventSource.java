package com.followermaze.loadgen.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event source: one blocking socket at a time that the feeding thread writes whole chunks
 * to, and, with {@code --source-reconnect-at}, a new one when told. A write blocks while the
 * server does not read, which is the back-pressure we want.
 *
 * <p>{@link #reconnect} connects the new socket at once, without waiting for the server to
 * have read the old one (what a test suite that opens a source per test does), then closes the
 * old one, or, with {@code leaveOpen}, leaves it open and silent until {@link #close} (a peer
 * that vanished). {@link #finish} closes the current socket after the last event, as the
 * official program does.
 *
 * <p>Threading: {@link #write}, {@link #reconnect} and {@link #finish} are for the feeding
 * thread; {@link #close} may come from any thread, and makes a blocked write or connect fail
 * at once.
 */
public final class EventSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSource.class);

    private final Endpoint endpoint;
    private final InetSocketAddress address;
    private final Duration connectTimeout;
    private final boolean leaveOpen;
    /** Every socket opened and not closed yet, the current one last; guarded by {@code this}. */
    private final List<SocketChannel> open = new ArrayList<>();
    private boolean closed;
    private volatile int connections;
    /** The feeding thread's. */
    private SocketChannel current;

    private EventSource(Endpoint endpoint, InetSocketAddress address, Duration connectTimeout, boolean leaveOpen) {
        this.endpoint = endpoint;
        this.address = address;
        this.connectTimeout = connectTimeout;
        this.leaveOpen = leaveOpen;
    }

    /**
     * Connects the first socket, waiting at most {@code timeout} (and as long for each later
     * one); with {@code leaveOpen}, {@link #reconnect} never closes the socket it leaves.
     */
    public static EventSource open(Endpoint endpoint, Duration timeout, boolean leaveOpen) throws SetupException {
        InetSocketAddress address = endpoint.resolve();
        if (address.isUnresolved()) {
            throw new SetupException("cannot resolve the event address " + endpoint);
        }
        EventSource source = new EventSource(endpoint, address, timeout, leaveOpen);
        try {
            source.current = source.connect();
            return source;
        } catch (IOException e) {
            source.close();
            throw new SetupException("cannot connect the event source to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open();
        synchronized (this) {
            if (closed) {
                channel.close();
                throw new IOException("the event source is closed");
            }
            open.add(channel); // before connecting, so that close() can cut the connect short
        }
        channel.socket().setTcpNoDelay(true);
        channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        connections++;
        return channel;
    }

    /** Writes {@code bytes[0..length)} completely to the current socket, blocking as long as it takes. */
    public void write(byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            current.write(buffer);
        }
    }

    /**
     * Connects a new socket, which later writes go to; once it is connected, closes the old one
     * unless this source leaves them open.
     */
    public void reconnect() throws IOException {
        SocketChannel old = current;
        current = connect();
        if (!leaveOpen) {
            closeOne(old);
        }
    }

    /** Closes the current socket: the last event is written. Sockets left open stay so until {@link #close}. */
    public void finish() throws IOException {
        closeOne(current);
    }

    private void closeOne(SocketChannel channel) throws IOException {
        synchronized (this) {
            open.remove(channel);
        }
        channel.close();
    }

    /** How many sockets were connected so far, the first included; any thread. */
    public int connections() {
        return connections;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Closes every socket still open; any thread, any number of times. */
    @Override
    public void close() {
        List<SocketChannel> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(open);
            open.clear();
        }
        for (SocketChannel channel : toClose) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more goes to it, and the run's outcome does not depend on it.
                log.debug("closing an event-source connection to {}", endpoint, e);
            }
        }
    }
}
