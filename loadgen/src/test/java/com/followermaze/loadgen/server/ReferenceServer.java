package com.followermaze.loadgen.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * A small, correct Follower Maze server for the loadgen's own tests: sequences the events,
 * applies the follow rules, and forwards each line byte for byte, with {@code \n}. Broken
 * servers are subclasses that override one step ({@link #onEvent}, {@link #unfollow},
 * {@link #deliver}). Binds 127.0.0.1 on ephemeral ports.
 *
 * <p>Threading: all event processing happens on the event-source connection's thread; user
 * connections only register themselves in a concurrent map.
 */
public class ReferenceServer implements AutoCloseable {

    /** One parsed event; {@code line} is the exact bytes read, without terminator. */
    protected record ParsedEvent(long seq, char type, int from, int to, byte[] line) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<Integer, Channel> users = new ConcurrentHashMap<>();
    // Owned by the event-source connection's thread.
    private final Map<Integer, Set<Integer>> followers = new HashMap<>();
    private final Map<Long, ParsedEvent> waiting = new HashMap<>();
    private final Set<Channel> unflushed = new LinkedHashSet<>();
    private long nextSeq = 1;
    private volatile Channel source;
    private int eventBindPort;
    private int userBindPort;
    private Channel eventServer;
    private Channel userServer;

    /**
     * Runs the server on its own, for trying the loadgen by hand; it serves one run, then must
     * be restarted (its state is not reset when a new event source connects).
     *
     * <pre>java -cp 'loadgen/target/test-classes:loadgen/target/lib/*' com.followermaze.loadgen.server.ReferenceServer 9090 9099</pre>
     */
    public static void main(String[] args) throws InterruptedException {
        ReferenceServer server = new ReferenceServer();
        server.eventBindPort = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
        server.userBindPort = args.length > 1 ? Integer.parseInt(args[1]) : 9099;
        server.start();
        System.err.println("reference server on 127.0.0.1:" + server.eventPort() + " (events) and :" + server.userPort() + " (users)");
    }

    public ReferenceServer start() throws InterruptedException {
        eventServer = bind(EventSourceHandler::new, eventBindPort);
        userServer = bind(UserHandler::new, userBindPort);
        return this;
    }

    private Channel bind(Supplier<ChannelHandler> handlers, int port) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LineBasedFrameDecoder(1024), handlers.get());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
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

    /** The event source's connection, once connected. */
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
            ByteBuf line = Unpooled.buffer(event.line().length + 1).writeBytes(event.line()).writeByte('\n');
            channel.write(line);
            unflushed.add(channel);
        }
    }

    protected final boolean isConnected(int user) {
        return users.containsKey(user);
    }

    private Set<Integer> followersOf(int user) {
        return followers.computeIfAbsent(user, ignored -> new HashSet<>());
    }

    private static ParsedEvent parse(byte[] line) {
        String[] fields = new String(line, StandardCharsets.US_ASCII).trim().split("\\|");
        if (fields.length < 2 || fields[1].length() != 1) {
            return null;
        }
        return new ParsedEvent(Long.parseLong(fields[0]), fields[1].charAt(0),
                fields.length > 2 ? Integer.parseInt(fields[2]) : 0,
                fields.length > 3 ? Integer.parseInt(fields[3]) : 0,
                line);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class EventSourceHandler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            source = ctx.channel();
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] line = new byte[frame.readableBytes()];
            frame.readBytes(line);
            ParsedEvent event = parse(line);
            if (event != null) {
                onEvent(event);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flushUsers();
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
