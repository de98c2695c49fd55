package com.followermaze.processor.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The Netty transport of the user port: Linux's native epoll where its library loads (Linux on
 * x86-64), else the JDK's NIO; {@code -Dio.netty.transport.noNative=true} forces NIO. Chosen once
 * per process, and logged once. (It measured no faster than NIO with 10,000 clients, see
 * BENCHMARKS.md. The event port stays on NIO: it has one connection, and its reads pause and
 * resume for back-pressure, which has run on NIO only.)
 */
enum Transport {
    EPOLL,
    NIO;

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /** The transport of this process: epoll when available. */
    public static Transport best() {
        return Best.CHOSEN;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Chosen when first asked for (the holder idiom): the check loads the native library. */
    private static final class Best {
        static final Transport CHOSEN = choose();

        private static Transport choose() {
            if (Epoll.isAvailable()) {
                log.info("user port transport: native epoll");
                return EPOLL;
            }
            log.info("user port transport: NIO (native epoll unavailable: {})", Epoll.unavailabilityCause().toString());
            return NIO;
        }
    }
}
