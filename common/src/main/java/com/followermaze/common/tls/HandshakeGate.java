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
 * passes nothing on, counts the failure once per connection ({@code onFailure}) and logs it
 * (rate-limited: a client that does not speak TLS is bad input, not an error of the service).
 * A handshake fails when the client does not speak TLS or refuses the certificate, when it
 * does not finish within the {@code SslHandler}'s handshake timeout (Netty's default, 10 s),
 * or when the connection ends first. One per connection.
 */
final class HandshakeGate extends ChannelInboundHandlerAdapter {

    private final RateLimitedLog failures;
    private final Runnable onFailure;
    /** The first error seen on this connection, which says more than the closed channel that may follow it. */
    private Throwable firstError;
    private boolean failed;

    HandshakeGate(RateLimitedLog failures, Runnable onFailure) {
        this.failures = failures;
        this.onFailure = onFailure;
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
                handshakeFailed(ctx, firstError != null ? firstError : completion.cause());
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Still here, so the handshake has not succeeded: the later handlers never saw this
        // connection. The SslHandler reports the failed handshake as an event (before this
        // exception, or when the channel closes after it): counted and logged there.
        if (firstError == null) {
            firstError = cause;
        }
        ctx.close();
    }

    private void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (!failed) {
            failed = true;
            onFailure.run();
            failures.warn("TLS handshake with {} failed, closing it: {}", ctx.channel().remoteAddress(),
                    rootCause(cause).toString());
        }
        ctx.close();
    }

    private static Throwable rootCause(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
