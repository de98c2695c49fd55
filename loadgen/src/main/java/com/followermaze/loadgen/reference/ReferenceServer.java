package com.followermaze.loadgen.reference;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * A small, correct Follower Maze server: sequences the events, applies the follow rules, and
 * forwards each line byte for byte, with the terminator it was read with. It is the yardstick
 * of {@code bin/bench} (a pipeline's figures as a ratio of its own, on the same machine) and
 * of the loadgen's tests, whose broken servers are subclasses that override one step
 * ({@link #onEvent}, {@link #unfollow}, {@link #deliver}, {@link #terminatorOf}). Binds
 * 127.0.0.1, on ephemeral ports unless told otherwise. It serves one stream: its state is not
 * reset when a new event source connects (a source that connects again carries on the
 * stream), so a new run needs a new server.
 *
 * <p>An event source that connects again loses nothing: a new source connection is held (not
 * read) while an older one is open, and read once the older one has been read to its end; an
 * older one that stays open and silent for {@link #TAKE_OVER_AFTER_MILLIS} while a newer one
 * waits is closed, and the newer one read. Sequencing carries on across connections.
 *
 * <p>Threading: every event-source connection is on one event loop, where all event
 * processing happens; user connections only register themselves in a concurrent map.
 */
public class ReferenceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferenceServer.class);

    /** How long an open event-source connection may stay silent while a newer one waits. */
    public static final long TAKE_OVER_AFTER_MILLIS = 1_000;
    private static final long TAKE_OVER_CHECK_MILLIS = 50;
    /** Bound on binding a port. */
    private static final long BIND_SECONDS = 10;
    /** Bound on {@link #close} waiting for the threads, and so the ports, to be released. */
    private static final long STOP_SECONDS = 10;

    /**
     * One parsed event; {@code line} is the exact bytes read, without terminator, and
     * {@code terminator} the one it was read with; {@code connection} counts the event-source
     * connections from 1.
     */
    protected record ParsedEvent(long seq, char type, int from, int to, byte[] line, byte[] terminator, int connection) {
    }

    private static final byte[] LF = {'\n'};
    private static final byte[] CRLF = {'\r', '\n'};

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    /**
     * One of the group's threads: every event-source connection, and so every step of event
     * processing (the users on it are written to directly, the others through their own loop).
     */
    private final EventLoop sourceLoop = group.next();
    private final AtomicInteger sourceConnections = new AtomicInteger();
    private final Map<Integer, LongAdder> eventsReadOn = new ConcurrentHashMap<>();
    private final Map<Integer, Long> highestSeqOn = new ConcurrentHashMap<>();
    // Owned by the event-source thread: the connections waiting for the one being read to end.
    private final Deque<Channel> heldSources = new ArrayDeque<>();
    private long lastSourceReadNanos;
    private final Map<Integer, Channel> users = new ConcurrentHashMap<>();
    // Owned by the event-source connection's thread.
    private final Map<Integer, Set<Integer>> followers = new HashMap<>();
    private final Map<Long, ParsedEvent> waiting = new HashMap<>();
    private final Set<Channel> unflushed = new LinkedHashSet<>();
    private long nextSeq = 1;
    private volatile Channel source;
    private final int eventBindPort;
    private final int userBindPort;
    private Channel eventServer;
    private Channel userServer;

    /** On ephemeral ports. */
    public ReferenceServer() {
        this(0, 0);
    }

    /** On the given ports of 127.0.0.1 (0: an ephemeral one). */
    public ReferenceServer(int eventPort, int userPort) {
        this.eventBindPort = eventPort;
        this.userBindPort = userPort;
    }

    /**
     * Runs the server on its own, for trying the loadgen by hand; it serves one run, then must
     * be restarted.
     *
     * <pre>java -cp loadgen/target/loadgen.jar com.followermaze.loadgen.reference.ReferenceServer 9090 9099</pre>
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        ReferenceServer server = new ReferenceServer(args.length > 0 ? Integer.parseInt(args[0]) : 9090,
                args.length > 1 ? Integer.parseInt(args[1]) : 9099).start();
        log.info("reference server on 127.0.0.1:{} (events) and :{} (users)", server.eventPort(), server.userPort());
    }

    /**
     * Binds both ports and serves. A port that cannot be bound (in use, say) fails the start with
     * an {@link IOException} naming it, once what was started has stopped: nothing stays bound.
     */
    public ReferenceServer start() throws IOException, InterruptedException {
        try {
            bindPorts();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        sourceLoop.scheduleWithFixedDelay(this::takeOverSilentSource, TAKE_OVER_CHECK_MILLIS,
                TAKE_OVER_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void bindPorts() throws IOException, InterruptedException {
        ServerBootstrap events = new ServerBootstrap()
                .group(group, sourceLoop)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false) // read once it is this connection's turn
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // The terminator stays on the frame: it is forwarded as read.
                        channel.pipeline().addLast(new LineBasedFrameDecoder(1024, false, false), new EventSourceHandler());
                    }
                });
        eventServer = bind(events, eventBindPort);
        ServerBootstrap users = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LineBasedFrameDecoder(1024), new UserHandler());
                    }
                });
        userServer = bind(users, userBindPort);
    }

    /** The bound server channel; not {@code sync()}, which would rethrow a BindException undeclared. */
    private static Channel bind(ServerBootstrap bootstrap, int port) throws IOException, InterruptedException {
        ChannelFuture bound = bootstrap.bind("127.0.0.1", port);
        if (!bound.await(BIND_SECONDS, TimeUnit.SECONDS)) {
            throw new IOException("could not bind 127.0.0.1:" + port + " within " + BIND_SECONDS + " s");
        }
        if (!bound.isSuccess()) {
            throw new IOException("could not bind 127.0.0.1:" + port + ": " + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }

    /** How many event-source connections were accepted so far; any thread. */
    public final int sourceConnections() {
        return sourceConnections.get();
    }

    /** How many events were read on event-source connection {@code connection} (from 1); any thread. */
    public final long eventsReadOn(int connection) {
        LongAdder count = eventsReadOn.get(connection);
        return count == null ? 0 : count.sum();
    }

    /** The highest seq read on event-source connection {@code connection}, or 0; any thread. */
    public final long highestSeqOn(int connection) {
        return highestSeqOn.getOrDefault(connection, 0L);
    }

    public int eventPort() {
        return ((InetSocketAddress) eventServer.localAddress()).getPort();
    }

    public int userPort() {
        return ((InetSocketAddress) userServer.localAddress()).getPort();
    }

    /** Receives each event in arrival order; the correct server applies them in sequence order. */
    protected void onEvent(ParsedEvent event) {
        hold(event);
        release();
    }

    /** Keeps an event until its turn. */
    protected final void hold(ParsedEvent event) {
        waiting.put(event.seq(), event);
    }

    /** Applies every held event whose turn has come. */
    protected final void release() {
        ParsedEvent next;
        while ((next = waiting.remove(nextSeq)) != null) {
            nextSeq++;
            apply(next);
        }
    }

    /** The next seq to apply. */
    protected final long nextSeq() {
        return nextSeq;
    }

    /** A copy of who follows whom, for a restart. */
    protected final Map<Integer, Set<Integer>> copyOfFollowers() {
        Map<Integer, Set<Integer>> copy = new HashMap<>();
        followers.forEach((user, set) -> copy.put(user, new HashSet<>(set)));
        return copy;
    }

    /**
     * Restarts from a saved state: the follow graph {@code saved}, the next seq {@code next}, and
     * {@code again}, the events from {@code next} on that were applied already, held to be applied again.
     */
    protected final void restartFrom(Map<Integer, Set<Integer>> saved, long next, Iterable<ParsedEvent> again) {
        followers.clear();
        saved.forEach((user, set) -> followers.put(user, new HashSet<>(set)));
        nextSeq = next;
        again.forEach(this::hold);
    }

    /**
     * Closes every user connection, as a crash would, once what was delivered so far is flushed
     * (so that the test knows what the users had); returns the ids that were connected.
     */
    /** The ids of the users connected now. */
    protected final Set<Integer> connectedUsers() {
        return new HashSet<>(users.keySet());
    }

    protected final Set<Integer> disconnectUsers() {
        flushUsers();
        Set<Integer> ids = new HashSet<>(users.keySet());
        users.values().forEach(Channel::close);
        return ids;
    }

    /** Called on the user's thread once {@code user} has registered. */
    protected void onRegistered(int user) {
    }

    /** The event-source connection being read, once connected. */
    protected final Channel source() {
        return source;
    }

    /** Flushes what {@link #deliver} wrote; on the event source's thread. */
    protected final void flushUsers() {
        unflushed.forEach(Channel::flush);
        unflushed.clear();
    }

    protected final void apply(ParsedEvent event) {
        switch (event.type()) {
            case 'F' -> {
                followersOf(event.to()).add(event.from());
                deliver(event.to(), event);
            }
            case 'U' -> unfollow(event);
            case 'B' -> users.keySet().forEach(user -> deliver(user, event));
            case 'P' -> deliver(event.to(), event);
            case 'S' -> followersOf(event.from()).forEach(follower -> deliver(follower, event));
            default -> throw new IllegalStateException("unknown type in " + event);
        }
    }

    protected void unfollow(ParsedEvent event) {
        followersOf(event.to()).remove(event.from());
    }

    /** Sends the event's line to {@code user}, if connected. */
    protected void deliver(int user, ParsedEvent event) {
        Channel channel = users.get(user);
        if (channel != null) {
            byte[] terminator = terminatorOf(event);
            ByteBuf line = Unpooled.buffer(event.line().length + terminator.length)
                    .writeBytes(event.line()).writeBytes(terminator);
            channel.write(line);
            unflushed.add(channel);
        }
    }

    /** What ends the event's line when it is forwarded: the terminator it was read with. */
    protected byte[] terminatorOf(ParsedEvent event) {
        return event.terminator();
    }

    protected final boolean isConnected(int user) {
        return users.containsKey(user);
    }

    private Set<Integer> followersOf(int user) {
        return followers.computeIfAbsent(user, ignored -> new HashSet<>());
    }

    /** {@code frame} is a line with its terminator, from event-source connection {@code connection}. */
    private static ParsedEvent parse(byte[] frame, int connection) {
        boolean crlf = frame.length >= 2 && frame[frame.length - 2] == '\r';
        byte[] line = Arrays.copyOf(frame, frame.length - (crlf ? 2 : 1));
        String[] fields = new String(line, StandardCharsets.US_ASCII).trim().split("\\|");
        if (fields.length < 2 || fields[1].length() != 1) {
            return null;
        }
        return new ParsedEvent(Long.parseLong(fields[0]), fields[1].charAt(0),
                fields.length > 2 ? Integer.parseInt(fields[2]) : 0,
                fields.length > 3 ? Integer.parseInt(fields[3]) : 0,
                line, crlf ? CRLF : LF, connection);
    }

    /** On the event-source thread: reads {@code channel} from now on, the one before it being done. */
    private void readFrom(Channel channel) {
        source = channel;
        lastSourceReadNanos = System.nanoTime();
        channel.config().setAutoRead(true);
    }

    /** On the event-source thread: a source left open and silent while a newer one waits is done. */
    private void takeOverSilentSource() {
        Channel reading = source;
        if (!heldSources.isEmpty() && reading != null
                && System.nanoTime() - lastSourceReadNanos > TimeUnit.MILLISECONDS.toNanos(TAKE_OVER_AFTER_MILLIS)) {
            reading.close(); // its channelInactive hands over to the next one
        }
    }

    /**
     * Closes both listening sockets, then stops the threads, waiting at most {@value
     * #STOP_SECONDS} s for each; logs a warning if the threads did not end in time. The sockets
     * are closed first: left to the threads' shutdown, one that still had a connection waiting
     * to be accepted stayed open (and its port bound) after they had ended.
     */
    @Override
    public void close() {
        for (Channel server : new Channel[] {eventServer, userServer}) {
            if (server != null) {
                server.close().awaitUninterruptibly(STOP_SECONDS, TimeUnit.SECONDS);
            }
        }
        if (!group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(STOP_SECONDS, TimeUnit.SECONDS)) {
            log.warn("reference server threads did not stop within {} s: its ports may still be bound", STOP_SECONDS);
        }
    }

    private final class EventSourceHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private int connection;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connection = sourceConnections.incrementAndGet();
            if (source == null) {
                readFrom(ctx.channel());
            } else {
                heldSources.add(ctx.channel()); // after the one being read
            }
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] line = new byte[frame.readableBytes()];
            frame.readBytes(line);
            ParsedEvent event = parse(line, connection);
            if (event != null) {
                eventsReadOn.computeIfAbsent(connection, ignored -> new LongAdder()).increment();
                highestSeqOn.merge(connection, event.seq(), Math::max);
                onEvent(event);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            lastSourceReadNanos = System.nanoTime();
            flushUsers();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // Everything it sent has been read by now: the next one's turn.
            if (ctx.channel() == source) {
                source = null;
                Channel next = heldSources.poll();
                if (next != null) {
                    readFrom(next);
                }
            } else {
                heldSources.remove(ctx.channel());
            }
            ctx.fireChannelInactive();
        }
    }

    private final class UserHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private int id;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            if (id == 0) {
                id = Integer.parseInt(frame.toString(StandardCharsets.US_ASCII).trim());
                users.put(id, ctx.channel());
                onRegistered(id);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (id != 0) {
                users.remove(id, ctx.channel());
            }
        }
    }
}
