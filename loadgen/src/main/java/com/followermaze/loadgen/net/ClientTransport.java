package com.followermaze.loadgen.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty transport of the user clients: Linux's native epoll where its library loads (Linux
 * on x86-64), else the JDK's NIO; fewer system calls per read with thousands of clients. Chosen
 * once per process, and logged once. (The load generator does not share the services' code.)
 */
enum ClientTransport {
    EPOLL,
    NIO;

    private static final Logger log = LoggerFactory.getLogger(ClientTransport.class);

    /** The transport of this process: epoll when available. */
    static ClientTransport best() {
        return Best.CHOSEN;
    }

    IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Chosen when first asked for (the holder idiom): the check loads the native library. */
    private static final class Best {
        static final ClientTransport CHOSEN = choose();

        private static ClientTransport choose() {
            if (Epoll.isAvailable()) {
                log.info("client transport: native epoll");
                return EPOLL;
            }
            log.info("client transport: NIO (native epoll unavailable: {})", Epoll.unavailabilityCause().toString());
            return NIO;
        }
    }
}
