package com.followermaze.app;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.followermaze.common.tls.ServerTls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * A TLS-terminating TCP proxy for tests: accepts TLS on 127.0.0.1 (an ephemeral port) with the
 * certificate of {@code tls}, and relays the plaintext, byte for byte, to {@code target} (a real
 * broker without a TLS listener), one outbound connection per accepted one, opened only once
 * the client's handshake has succeeded. Netty's proxy example is the pattern: reading each side
 * waits until the other side has written what it read, so nothing is buffered without bound.
 */
final class TlsTerminatingProxy implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final InetSocketAddress target;
    private final Channel server;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();

    private TlsTerminatingProxy(ServerTls tls, InetSocketAddress target) throws InterruptedException {
        this.target = target;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(tls.newHandler(channel.alloc()), new Frontend());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    static TlsTerminatingProxy start(ServerTls tls, InetSocketAddress target) throws InterruptedException {
        return new TlsTerminatingProxy(tls, target);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Clients whose TLS handshake succeeded. */
    int handshakes() {
        return handshakes.get();
    }

    /** Clients whose TLS handshake failed. */
    int failedHandshakes() {
        return failedHandshakes.get();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** The client side: decrypted bytes go to the broker. */
    private final class Frontend extends ChannelInboundHandlerAdapter {
        private Channel backend;
        /** What the client sent before the broker connection was up (it may come with the handshake's last flight). */
        private final java.util.List<Object> early = new java.util.ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read(); // drives the handshake; relaying starts after it
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (!(event instanceof SslHandshakeCompletionEvent completion)) {
                ctx.fireUserEventTriggered(event);
                return;
            }
            if (!completion.isSuccess()) {
                failedHandshakes.incrementAndGet();
                ctx.close();
                return;
            }
            handshakes.incrementAndGet();
            Channel frontend = ctx.channel();
            backend = new Bootstrap()
                    .group(frontend.eventLoop())
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new Relay(frontend))
                    .connect(target)
                    .addListener((ChannelFutureListener) connected -> {
                        if (connected.isSuccess()) {
                            early.forEach(connected.channel()::write);
                            early.clear();
                            connected.channel().flush();
                            frontend.read();
                            connected.channel().read();
                        } else {
                            early.forEach(io.netty.util.ReferenceCountUtil::release);
                            early.clear();
                            frontend.close();
                        }
                    })
                    .channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (backend == null || !backend.isActive()) {
                early.add(message); // the same event loop runs the connect listener: no race
                return;
            }
            Channel frontend = ctx.channel();
            backend.writeAndFlush(message).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    frontend.read();
                } else {
                    written.channel().close();
                    frontend.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            early.forEach(io.netty.util.ReferenceCountUtil::release);
            early.clear();
            if (backend != null) {
                closeAfterFlush(backend);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a failed handshake, or the client went away: counted above, nothing to relay
        }
    }

    /** The broker side: its bytes go back to the client, encrypted by the client side's SslHandler. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            Channel self = ctx.channel();
            peer.writeAndFlush(message).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    self.read();
                } else {
                    self.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeAfterFlush(peer);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeAfterFlush(ctx.channel());
        }
    }

    private static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
