package com.followermaze.loadgen.net;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;

import com.followermaze.loadgen.generate.EventLines;
import com.followermaze.loadgen.verify.ClientVerifier;

/**
 * Every user connection, on a few Netty event-loop threads. {@link #connect} returns once each
 * client is connected and has sent its id; clients are spread round-robin over the user
 * addresses, and at most {@value #MAX_CONNECTS_IN_FLIGHT} connects are in flight at a time so a
 * server's accept backlog does not overflow when there are thousands.
 *
 * <p>With {@code reconnect}, a client whose connection ends connects again to the same address,
 * on the same thread (its verifier stays single-threaded), and sends its id again: first after
 * {@value #FIRST_RETRY_MILLIS} ms, then doubling up to {@value #MAX_RETRY_MILLIS} ms between
 * attempts; it gives up (a failure) when it has not connected within the run's timeout.
 */
public final class UserClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UserClients.class);

    static final int MAX_CONNECTS_IN_FLIGHT = 256;
    static final long FIRST_RETRY_MILLIS = 50;
    static final long MAX_RETRY_MILLIS = 1_000;
    private static final long ERROR_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Longer than any event line: anything longer is reported as unreadable, never buffered without bound. */
    private static final int MAX_LINE_LENGTH = 4 * EventLines.MAX_LENGTH;

    private final EventLoopGroup group;
    private final ClientVerifier[] verifiers;
    /** Each client's current connection; a reconnection replaces it, on the client's thread. */
    private final AtomicReferenceArray<Channel> channels;
    /** Each client's thread, for every one of its connections. */
    private final EventLoop[] loops;
    /** Per client, on its thread: when reconnecting gives up, 0 before the first loss. */
    private final long[] giveUpAt;
    /** Per client, on its thread: its last received seq when that bound was set. */
    private final long[] progressAtLoss;
    /** Per client, on its thread: the delay before its next attempt. */
    private final long[] retryDelay;
    private final boolean reconnect;
    private final Duration reconnectBound;
    private final List<Endpoint> addresses;
    private final LineTerminator terminator;
    private final Duration connectTimeout;
    private volatile boolean closed;

    private UserClients(EventLoopGroup group, ClientVerifier[] verifiers, List<Endpoint> addresses, LineTerminator terminator,
                        Duration connectTimeout, boolean reconnect, Duration reconnectBound) {
        this.group = group;
        this.verifiers = verifiers;
        this.addresses = List.copyOf(addresses);
        this.terminator = terminator;
        this.connectTimeout = connectTimeout;
        this.channels = new AtomicReferenceArray<>(verifiers.length);
        this.loops = new EventLoop[verifiers.length];
        this.giveUpAt = new long[verifiers.length];
        this.progressAtLoss = new long[verifiers.length];
        this.retryDelay = new long[verifiers.length];
        this.reconnect = reconnect;
        this.reconnectBound = reconnectBound;
    }

    /**
     * Connects one client per verifier, client {@code i} to {@code addresses[i % size]}, each
     * sending its user id and {@code terminator}, which then ends every line it accepts. Waits at most {@code timeout} in all.
     */
    public static UserClients connect(List<Endpoint> addresses, ClientVerifier[] verifiers, LineTerminator terminator,
                                      int ioThreads, Duration timeout) throws SetupException, InterruptedException {
        return connect(addresses, verifiers, terminator, ioThreads, timeout, false, Duration.ZERO);
    }

    /**
     * As above; with {@code reconnect}, a client whose connection ends connects again (see the
     * class comment), giving up after {@code reconnectBound} without a connection.
     */
    public static UserClients connect(List<Endpoint> addresses, ClientVerifier[] verifiers, LineTerminator terminator,
                                      int ioThreads, Duration timeout, boolean reconnect, Duration reconnectBound)
            throws SetupException, InterruptedException {
        UserClients clients = new UserClients(new MultiThreadIoEventLoopGroup(ioThreads, ClientTransport.best().ioHandlerFactory()),
                verifiers, addresses, terminator, timeout, reconnect, reconnectBound);
        try {
            clients.connectAll(timeout);
            return clients;
        } catch (SetupException | InterruptedException | RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    private void connectAll(Duration timeout) throws SetupException, InterruptedException {
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
            EventLoop loop = group.next();
            loops[i] = loop;
            ChannelFuture connected = bootstrap(i, loop, false, idsSent::countDown,
                    cause -> errors.add(verifier.name() + " could not send its id: " + cause))
                    .connect(endpoint.host(), endpoint.port());
            channels.set(i, connected.channel());
            connected.addListener(future -> {
                connectSlots.release();
                if (!future.isSuccess()) {
                    errors.add(verifier.name() + " could not connect to " + endpoint + ": " + withRootCause(future.cause()));
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

    /** {@code cause}, and the root of its causes when that is another (out of file descriptors, say). */
    static String withRootCause(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? cause.toString() : cause + " (" + root + ")";
    }

    private Bootstrap bootstrap(int index, EventLoop loop, boolean rejoining, Runnable onIdSent,
                                Consumer<Throwable> onIdFailed) {
        ClientVerifier verifier = verifiers[index];
        byte[] idLine = (verifier.userId() + terminator.text()).getBytes(StandardCharsets.US_ASCII);
        Runnable again = () -> reconnectAfterLoss(index);
        return new Bootstrap()
                .group(loop)
                .channel(ClientTransport.best().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new UserClientInitializer(verifier, idLine, terminator, MAX_LINE_LENGTH, onIdSent, onIdFailed, rejoining,
                        reconnect ? again : () -> { }));
    }

    /**
     * On the client's thread, when its connection has ended: connects it again. The bound and the
     * backoff run from the first loss after the client last received a line, so a server that
     * takes connections and closes them at once cannot keep a client reconnecting forever.
     */
    private void reconnectAfterLoss(int index) {
        long progress = verifiers[index].lastReceivedSeq();
        if (giveUpAt[index] == 0 || progress != progressAtLoss[index]) {
            giveUpAt[index] = System.nanoTime() + reconnectBound.toNanos();
            progressAtLoss[index] = progress;
            retryDelay[index] = FIRST_RETRY_MILLIS;
        } else {
            retryDelay[index] = Math.min(2 * retryDelay[index], MAX_RETRY_MILLIS);
        }
        reconnect(index, retryDelay[index], giveUpAt[index]);
    }

    /** On the client's thread: connects it again after {@code delayMillis}, retrying until {@code giveUpNanos}. */
    private void reconnect(int index, long delayMillis, long giveUpNanos) {
        ClientVerifier verifier = verifiers[index];
        EventLoop loop = loops[index];
        loop.schedule(() -> {
            if (closed) {
                return;
            }
            if (System.nanoTime() - giveUpNanos > 0) {
                verifier.onReconnectFailed("could not connect again within " + reconnectBound.toMillis() + " ms");
                return;
            }
            Endpoint endpoint = addresses.get(index % addresses.size());
            // A failed id write closes the connection, which reconnects: nothing to do here.
            ChannelFuture connected = bootstrap(index, loop, true, () -> { }, cause -> { })
                    .connect(endpoint.host(), endpoint.port());
            channels.set(index, connected.channel());
            connected.addListener(future -> {
                if (!future.isSuccess()) {
                    log.debug("{} could not connect again: {}", verifier.name(), future.cause().toString());
                    reconnect(index, Math.min(2 * delayMillis, MAX_RETRY_MILLIS), giveUpNanos);
                }
            });
        }, delayMillis, TimeUnit.MILLISECONDS);
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
            // A client that is away is asked every time: it lets go of what it no longer waits for.
            if (verifier.away() || verifier.backlog() > 0 && nowNanos - verifier.lastLineNanos() > timeoutNanos) {
                loops[i].execute(() -> verifier.checkTimeout(System.nanoTime(), timeoutNanos));
            }
        }
    }

    /** Whether every client has received the last line expected so far; see {@link ClientVerifier#satisfied}. */
    public boolean allSatisfied() {
        for (ClientVerifier verifier : verifiers) {
            if (!verifier.satisfied()) {
                return false;
            }
        }
        return true;
    }

    /** Whether some client lost its connection and has received nothing on a new one yet; see {@link ClientVerifier#away}. */
    public boolean anyAway() {
        for (ClientVerifier verifier : verifiers) {
            if (verifier.away()) {
                return true;
            }
        }
        return false;
    }

    /** Closes every connection (which is then no failure) and stops the threads. */
    @Override
    public void close() {
        closed = true;
        for (ClientVerifier verifier : verifiers) {
            verifier.closing();
        }
        for (int i = 0; i < channels.length(); i++) {
            Channel channel = channels.get(i);
            // A channel that was never registered has no socket (its creation failed, out of
            // file descriptors, say) and no loop to close it on: closing it would throw.
            if (channel != null && channel.isRegistered()) {
                channel.close();
            }
        }
        if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("client threads did not stop within 5 s");
        }
    }
}
