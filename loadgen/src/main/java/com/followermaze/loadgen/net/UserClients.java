package com.followermaze.loadgen.net;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;

import com.followermaze.loadgen.generate.EventLines;
import com.followermaze.loadgen.verify.ClientVerifier;

/**
 * Every user connection, on a few Netty event-loop threads. {@link #connect} returns once each
 * client is connected and has sent its id; clients are spread round-robin over the user
 * addresses, and at most {@value #MAX_CONNECTS_IN_FLIGHT} connects are in flight at a time so a
 * server's accept backlog does not overflow when there are thousands.
 */
public final class UserClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UserClients.class);

    static final int MAX_CONNECTS_IN_FLIGHT = 256;
    private static final long ERROR_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Longer than any event line: anything longer is reported as unreadable, never buffered without bound. */
    private static final int MAX_LINE_LENGTH = 4 * EventLines.MAX_LENGTH;

    private final EventLoopGroup group;
    private final ClientVerifier[] verifiers;
    private final Channel[] channels;

    private UserClients(EventLoopGroup group, ClientVerifier[] verifiers) {
        this.group = group;
        this.verifiers = verifiers;
        this.channels = new Channel[verifiers.length];
    }

    /**
     * Connects one client per verifier, client {@code i} to {@code addresses[i % size]}, each
     * sending its user id and {@code terminator}. Waits at most {@code timeout} in all.
     */
    public static UserClients connect(List<Endpoint> addresses, ClientVerifier[] verifiers, String terminator,
                                      int ioThreads, Duration timeout) throws SetupException, InterruptedException {
        UserClients clients = new UserClients(
                new MultiThreadIoEventLoopGroup(ioThreads, Transport.best().ioHandlerFactory()), verifiers);
        try {
            clients.connectAll(addresses, terminator, timeout);
            return clients;
        } catch (SetupException | InterruptedException | RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    private void connectAll(List<Endpoint> addresses, String terminator, Duration timeout)
            throws SetupException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CountDownLatch idsSent = new CountDownLatch(verifiers.length);
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        Semaphore connectSlots = new Semaphore(MAX_CONNECTS_IN_FLIGHT);
        for (int i = 0; i < verifiers.length; i++) {
            if (!connectSlots.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS) || !errors.isEmpty()) {
                break;
            }
            ClientVerifier verifier = verifiers[i];
            Endpoint endpoint = addresses.get(i % addresses.size());
            byte[] idLine = (verifier.userId() + terminator).getBytes(StandardCharsets.US_ASCII);
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(Transport.best().socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .handler(new UserClientInitializer(verifier, idLine, MAX_LINE_LENGTH, idsSent::countDown,
                            cause -> errors.add(verifier.name() + " could not send its id: " + cause)));
            ChannelFuture connected = bootstrap.connect(endpoint.host(), endpoint.port());
            channels[i] = connected.channel();
            connected.addListener(future -> {
                connectSlots.release();
                if (!future.isSuccess()) {
                    errors.add(verifier.name() + " could not connect to " + endpoint + ": " + future.cause());
                }
            });
        }
        // Wait in slices, so that a client that cannot connect ends the wait at once.
        boolean allSent = false;
        while (!allSent && errors.isEmpty() && remaining(deadline) > 0) {
            allSent = idsSent.await(Math.min(remaining(deadline), ERROR_CHECK_NANOS), TimeUnit.NANOSECONDS);
        }
        if (!allSent || !errors.isEmpty()) {
            String first = errors.isEmpty() ? "timed out after " + timeout.toMillis() + " ms" : errors.peek();
            throw new SetupException((verifiers.length - idsSent.getCount()) + " of " + verifiers.length
                    + " clients connected; " + first);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /**
     * Asks, on its own thread, every client that has waited longer than {@code timeoutNanos}
     * for a line to check whether its next expected line is missing. Cheap enough to call every
     * few milliseconds: a client is only bothered when its snapshot suggests it is late.
     */
    public void checkTimeouts(long nowNanos, long timeoutNanos) {
        for (int i = 0; i < verifiers.length; i++) {
            ClientVerifier verifier = verifiers[i];
            if (verifier.backlog() > 0 && nowNanos - verifier.lastLineNanos() > timeoutNanos) {
                channels[i].eventLoop().execute(() -> verifier.checkTimeout(System.nanoTime(), timeoutNanos));
            }
        }
    }

    /** Closes every connection (which is then no failure) and stops the threads. */
    @Override
    public void close() {
        for (ClientVerifier verifier : verifiers) {
            verifier.closing();
        }
        for (Channel channel : channels) {
            if (channel != null) {
                channel.close();
            }
        }
        if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("client threads did not stop within 5 s");
        }
    }
}
