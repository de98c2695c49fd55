package com.followermaze.loadgen.net;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;

import com.followermaze.loadgen.verify.ClientVerifier;

/**
 * Thin adapter of one user connection: sends the user id once connected, then hands each line
 * to the user's {@link ClientVerifier} on this connection's thread. When the connection ends
 * and the verifier wants the client back ({@code --reconnect}), runs {@code reconnect}.
 */
final class UserClientHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(UserClientHandler.class);

    private final ClientVerifier verifier;
    private final byte[] idLine;
    private final Runnable onIdSent;
    private final Consumer<Throwable> onIdFailed;
    private final boolean rejoining;
    private final Runnable reconnect;
    private byte[] line = new byte[64];

    /**
     * @param rejoining whether this connection replaces one that was lost
     * @param reconnect run on this connection's thread when it ends and the client should come back
     */
    UserClientHandler(ClientVerifier verifier, byte[] idLine, Runnable onIdSent, Consumer<Throwable> onIdFailed,
                      boolean rejoining, Runnable reconnect) {
        this.verifier = verifier;
        this.rejoining = rejoining;
        this.reconnect = reconnect;
        this.idLine = idLine;
        this.onIdSent = onIdSent;
        this.onIdFailed = onIdFailed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (rejoining) {
            verifier.onReconnected(System.nanoTime());
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(idLine)).addListener(future -> {
            if (future.isSuccess()) {
                onIdSent.run();
            } else {
                onIdFailed.accept(future.cause());
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        int length = frame.readableBytes();
        if (length > line.length) {
            line = new byte[Math.max(length, line.length * 2)];
        }
        frame.getBytes(frame.readerIndex(), line, 0, length);
        verifier.onLine(line, length, System.nanoTime());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (verifier.onDisconnected()) {
            reconnect.run();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            verifier.onUnreadableLine("(a line longer than the longest event line)");
            return;
        }
        // A reset connection shows up as channelInactive, which the verifier reports.
        log.debug("{}: connection error", verifier.name(), cause);
        ctx.close();
    }
}
