package com.followermaze.processor.delivery;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;

/**
 * The user port's TCP server: binds, hands each connection to {@link UserChannelInitializer},
 * and closes. Its event loop threads do the socket I/O of every user connection.
 */
public final class UserServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UserServer.class);

    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, Transport.best().ioHandlerFactory());
    private final EventLoopGroup workerGroup;
    private final UserChannelInitializer initializer;
    private final int writeBufferLimit;
    private Channel serverChannel;

    /**
     * @param ioThreads        event loop threads for user connections
     * @param writeBufferLimit bytes waiting to be sent after which a user's channel turns
     *                         unwritable (see {@link SlowClientPolicy})
     */
    public UserServer(UserChannelInitializer initializer, int ioThreads, int writeBufferLimit) {
        this.initializer = initializer;
        this.workerGroup = new MultiThreadIoEventLoopGroup(ioThreads, Transport.best().ioHandlerFactory());
        this.writeBufferLimit = writeBufferLimit;
    }

    /** Binds {@code host:port} (port 0 picks a free one), accepting at once, and returns the bound address. */
    public InetSocketAddress bind(String host, int port) throws InterruptedException {
        return bind(host, port, true);
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and returns the bound address; unless
     * {@code accepting}, connections wait in the backlog until {@link #startAccepting()}.
     */
    public InetSocketAddress bind(String host, int port, boolean accepting) throws InterruptedException {
        serverChannel = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(Transport.best().serverChannel())
                .option(ChannelOption.AUTO_READ, accepting)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(writeBufferLimit / 2, writeBufferLimit))
                .childHandler(initializer)
                .bind(host, port)
                .sync()
                .channel();
        InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
        log.debug("user port bound to {}", address);
        return address;
    }

    /** Starts accepting connections, those waiting in the backlog first; from any thread. */
    public void startAccepting() {
        serverChannel.config().setAutoRead(true);
    }

    /** Stops accepting, closes every user connection and the event loops. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
