package com.followermaze.listener.source;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The TCP server of the event port: binds, accepts event sources, closes.
 *
 * <p>One thread accepts, one thread serves the source connections (one read at a time, the
 * others waiting, see {@link SourceGate}). {@link #close} stops accepting and closes them; the
 * current source's session then cuts its remainder.
 */
public final class EventSourceServer {

    private static final Logger log = LoggerFactory.getLogger(EventSourceServer.class);

    /**
     * Set on every connection before {@link #stopAccepting} closes it: what is then left of it
     * was cut by the listener, not ended by its source (see {@link EventLineDecoder}).
     */
    public static final AttributeKey<Boolean> STOPPING = AttributeKey.valueOf(EventSourceServer.class, "stopping");

    private final String bindAddress;
    private final int port;
    private final EventSourceChannelInitializer initializer;
    private final ChannelGroup connections = new DefaultChannelGroup("event-sources", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    /** A server for {@code bindAddress:port}; port 0 picks a free port, see {@link #port()}. */
    public EventSourceServer(String bindAddress, int port, EventSourceChannelInitializer initializer) {
        this.bindAddress = bindAddress;
        this.port = port;
        this.initializer = initializer;
    }

    /**
     * Binds the port.
     *
     * @throws IOException when the port cannot be bound
     */
    public synchronized void start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("event-port-accept"), NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("event-source"), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // The pooled allocator recycles the slice the line decoder makes for every line
                // (Netty's default, the adaptive one, allocates a new one per line).
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(initializer);
                    }
                });
        ChannelFuture bound = bootstrap.bind(bindAddress, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutdownGroups();
            Throwable cause = bound.cause();
            throw cause instanceof IOException io ? io
                    : new IOException("cannot bind the event port " + bindAddress + ":" + port, cause);
        }
        serverChannel = bound.channel();
        log.info("event port listening on {}", serverChannel.localAddress());
    }

    /** The bound address; valid after {@link #start()}. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The bound port; valid after {@link #start()}. */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * Stops accepting and closes every source connection; their sessions finish on their own. A
     * current source's partial last line is not read; waiting connections are closed unread.
     */
    public synchronized void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        // Every connection first, so that none is promoted after the current one finished.
        for (Channel connection : connections) {
            connection.attr(STOPPING).set(Boolean.TRUE);
        }
        connections.close().awaitUninterruptibly();
    }

    /** Releases the threads, waiting at most {@code timeout}. Call after the sessions finished. */
    public synchronized void close(Duration timeout) {
        stopAccepting();
        shutdownGroups();
        long timeoutMillis = Math.max(1, timeout.toMillis());
        if (workerGroup != null) {
            workerGroup.terminationFuture().awaitUninterruptibly(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        if (bossGroup != null) {
            bossGroup.terminationFuture().awaitUninterruptibly(timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
