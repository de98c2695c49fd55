package com.followermaze.listener.source;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.followermaze.common.log.RateLimitedLog;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The shared-secret handshake of the event port: the connection's first line must be {@code
 * AUTH <secret>} (see {@link SourceSecret}), within {@code timeout} of connecting.
 *
 * <p>Until then it holds back {@code channelActive}, so the connection does not reach the
 * {@link SourceGate}: an unauthenticated connection never becomes the source and never blocks
 * the real one. On success it passes {@code channelActive} on (the gate is taken then) and
 * leaves the pipeline; the lines after the {@code AUTH} line are events. A wrong or missing
 * secret (any other first line, a too-long line, nothing within the timeout, or the connection
 * ending first) closes the connection, counted and logged at most once per interval, without
 * what was sent: nothing it sent is read as events.
 *
 * <p>One per connection; runs on the channel's event loop.
 */
public final class SourceAuthHandler extends ChannelInboundHandlerAdapter {

    private final SourceSecret secret;
    private final Duration timeout;
    private final SourceStats stats;
    private final RateLimitedLog refusals;
    private ScheduledFuture<?> deadline;
    private boolean failed;

    public SourceAuthHandler(SourceSecret secret, Duration timeout, SourceStats stats, RateLimitedLog refusals) {
        this.secret = secret;
        this.timeout = timeout;
        this.stats = stats;
        this.refusals = refusals;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held back until the secret is read: see the class comment.
        deadline = ctx.executor().schedule(
                () -> fail(ctx, "no AUTH line within " + timeout.toMillis() + " ms"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean matches;
        ByteBuf line = (ByteBuf) msg;
        try {
            // The line comes with its terminator (none if it was the last, unterminated one).
            int length = line.readableBytes();
            if (length > 0 && line.getByte(line.readerIndex() + length - 1) == '\n') {
                length -= length > 1 && line.getByte(line.readerIndex() + length - 2) == '\r' ? 2 : 1;
            }
            matches = secret.matches(ByteBufUtil.getBytes(line, line.readerIndex(), length));
        } finally {
            line.release();
        }
        if (!matches) {
            fail(ctx, "the first line is not AUTH with the right secret");
            return;
        }
        deadline.cancel(false);
        // Active first, so that the lines decoded after this one in the same read find the
        // source handler ready; then out of the way.
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            fail(ctx, "the first line is too long for an AUTH line");
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null && deadline.cancel(false)) {
            fail(ctx, "the connection ended before an AUTH line");
        }
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (failed) {
            return;
        }
        failed = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        stats.sourceUnauthenticated();
        refusals.warn("refused event source {}: {}", ctx.channel().remoteAddress(), why);
        ctx.channel().config().setAutoRead(false);
        ctx.close();
    }
}
