package com.followermaze.common.tls;

import com.followermaze.common.log.RateLimitedLog;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Sits right after the {@code SslHandler} and holds back {@code channelActive} until the TLS
 * handshake has succeeded, so that the handlers after it (which take the event-source gate or
 * start the user's registration timer on {@code channelActive}) only ever see connections
 * that speak TLS. A failed handshake is closed by the {@code SslHandler}; this handler then
 * passes nothing on, and logs the failure (rate-limited: a client that does not speak TLS is
 * bad input, not an error of the service). The handshake itself is bounded by the
 * {@code SslHandler}'s handshake timeout (Netty's default, 10 s). One per connection.
 */
final class HandshakeGate extends ChannelInboundHandlerAdapter {

    private final RateLimitedLog failures;

    HandshakeGate(RateLimitedLog failures) {
        this.failures = failures;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held back: passed on once the handshake succeeds, see the class comment.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                ctx.fireChannelActive();
                ctx.pipeline().remove(this);
            } else {
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Still here, so the handshake has not succeeded: the later handlers never saw this connection.
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        failures.warn("TLS handshake with {} failed, closing it: {}", ctx.channel().remoteAddress(), root.toString());
        ctx.close();
    }
}
