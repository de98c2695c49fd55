package com.followermaze.loadgen.net;

import java.util.function.Consumer;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

import com.followermaze.loadgen.verify.ClientVerifier;

/** The pipeline of one user connection. */
final class UserClientInitializer extends ChannelInitializer<SocketChannel> {

    private final ClientVerifier verifier;
    private final byte[] idLine;
    private final LineTerminator terminator;
    private final int maxLineLength;
    private final Runnable onIdSent;
    private final Consumer<Throwable> onIdFailed;
    private final boolean rejoining;
    private final Runnable reconnect;

    UserClientInitializer(ClientVerifier verifier, byte[] idLine, LineTerminator terminator, int maxLineLength,
                          Runnable onIdSent, Consumer<Throwable> onIdFailed,
                          boolean rejoining, Runnable reconnect) {
        this.rejoining = rejoining;
        this.reconnect = reconnect;
        this.verifier = verifier;
        this.idLine = idLine;
        this.terminator = terminator;
        this.maxLineLength = maxLineLength;
        this.onIdSent = onIdSent;
        this.onIdFailed = onIdFailed;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline().addLast("client",
                new UserClientHandler(verifier, idLine, terminator, maxLineLength, onIdSent, onIdFailed, rejoining, reconnect));
    }
}
