package com.followermaze.loadgen.net;

import java.util.Arrays;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import com.followermaze.loadgen.verify.ClientVerifier;

/**
 * One user connection: sends the user id once connected, then splits what arrives into lines
 * at each {@code "\n"} and hands each, its terminator stripped, to the user's
 * {@link ClientVerifier} on this connection's thread. Every line must end with the run's
 * {@link LineTerminator} exactly: a {@code "\r\n"} where {@code "\n"} is expected, or the
 * other way round, fails the line. When the connection ends and the
 * verifier wants the client back ({@code --reconnect}), runs {@code reconnect}.
 *
 * <p>It frames the lines itself rather than with a {@code LineBasedFrameDecoder}: each read is
 * copied once into an array that the lines are checked in place from, with no buffer slice and
 * no pipeline pass per line. With 10,000 clients the load generator checks over a million
 * lines a second, on the same cores as the server it measures. A line longer than
 * {@code maxLineLength} is reported as unreadable and skipped up to its end.
 */
final class UserClientHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UserClientHandler.class);
    private static final String TOO_LONG = "(a line longer than the longest event line)";

    private final ClientVerifier verifier;
    private final byte[] idLine;
    /** Whether each line must end in {@code "\r\n"} rather than a bare {@code "\n"}. */
    private final boolean crlf;
    private final int maxLineLength;
    private final Runnable onIdSent;
    private final Consumer<Throwable> onIdFailed;
    private final boolean rejoining;
    private final Runnable reconnect;
    /** {@code bytes[0..carried)} is the start of a line whose end has not arrived yet. */
    private byte[] bytes = new byte[256];
    private int carried;
    /** Within a line already reported as too long: everything up to its end is skipped. */
    private boolean skipping;

    /**
     * @param maxLineLength the longest line, its terminator excluded, that is checked
     * @param rejoining whether this connection replaces one that was lost
     * @param reconnect run on this connection's thread when it ends and the client should come back
     */
    UserClientHandler(ClientVerifier verifier, byte[] idLine, LineTerminator terminator, int maxLineLength, Runnable onIdSent,
                      Consumer<Throwable> onIdFailed, boolean rejoining, Runnable reconnect) {
        this.verifier = verifier;
        this.idLine = idLine;
        this.crlf = terminator == LineTerminator.CRLF;
        this.maxLineLength = maxLineLength;
        this.onIdSent = onIdSent;
        this.onIdFailed = onIdFailed;
        this.rejoining = rejoining;
        this.reconnect = reconnect;
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            int readable = in.readableBytes();
            if (carried + readable > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(carried + readable, 2 * bytes.length));
            }
            in.getBytes(in.readerIndex(), bytes, carried, readable);
            splitLines(carried + readable, System.nanoTime());
        } finally {
            in.release();
        }
    }

    /** Checks every complete line in {@code bytes[0..end)} and carries the incomplete rest over. */
    private void splitLines(int end, long nowNanos) {
        byte[] b = bytes;
        int start = 0;
        for (int i = carried; i < end; i++) {
            if (b[i] == '\n') {
                onLine(start, i, nowNanos);
                start = i + 1;
            }
        }
        int rest = end - start;
        if (skipping || rest > maxLineLength + 1) { // + 1: room for the '\r' of a "\r\n" to come
            if (!skipping) {
                skipping = true; // up to the line's end, in a later read
                verifier.onUnreadableLine(TOO_LONG);
            }
            carried = 0;
            return;
        }
        System.arraycopy(b, start, b, 0, rest);
        carried = rest;
    }

    /** The line {@code bytes[start..newline)}, newline being the index of its {@code '\n'}. */
    private void onLine(int start, int newline, long nowNanos) {
        if (skipping) {
            skipping = false; // the end of the over-long line
            return;
        }
        int length = newline - start;
        boolean endsInCrlf = length > 0 && bytes[newline - 1] == '\r';
        if (endsInCrlf) {
            length--;
        }
        if (length > maxLineLength) {
            verifier.onUnreadableLine(TOO_LONG); // complete: nothing of it to skip
            return;
        }
        if (endsInCrlf != crlf) {
            verifier.onWrongTerminator(bytes, start, length, endsInCrlf, nowNanos);
            return;
        }
        verifier.onLine(bytes, start, length, nowNanos);
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
        // A reset connection shows up as channelInactive, which the verifier reports.
        log.debug("{}: connection error", verifier.name(), cause);
        ctx.close();
    }
}
