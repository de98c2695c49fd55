package com.followermaze.processor.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.event.Excerpt;
import com.followermaze.common.log.RateLimitedLog;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Reads a user connection's first line, its user id (decimal digits, 0 to 2^31-1), and
 * enters the connection in the {@link UserRegistry}.
 *
 * <p>Bad input closes the connection with a log line: an id that is not a number, an empty
 * line, a line longer than the limit, or no line within the registration timeout. A second
 * connection for a registered id replaces the first, which is closed. After registration
 * anything the client sends is read and discarded, so a closed connection is noticed.
 */
public final class UserRegistrationHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UserRegistrationHandler.class);

    private final UserRegistry registry;
    private final DeliveryStats stats;
    private final Duration registrationTimeout;
    private final RateLimitedLog rejections;
    private UserConnection connection;
    private ScheduledFuture<?> deadline;

    /** @param rejections the log of refused connections, shared by every connection of a server */
    public UserRegistrationHandler(UserRegistry registry, DeliveryStats stats, Duration registrationTimeout,
                                   RateLimitedLog rejections) {
        this.registry = registry;
        this.stats = stats;
        this.registrationTimeout = registrationTimeout;
        this.rejections = rejections;
    }

    /** A log for refused connections: at most one line per five seconds. */
    public static RateLimitedLog rejectionLog() {
        return new RateLimitedLog(log, 5, TimeUnit.SECONDS);
    }

    /**
     * Starts the deadline: a deadline, not an idle timeout (a client trickling bytes does not
     * extend it). With TLS, "active" comes once the handshake is done, so the deadline starts
     * then. (An accepted channel is already active when this handler is added: starting there
     * would count the handshake in.)
     */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            if (connection == null && ctx.channel().isOpen()) {
                reject(ctx, "no user id within " + registrationTimeout.toMillis() + " ms");
            }
        }, registrationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // The client caught up: a later slow spell starts its grace period afresh. The engine
        // sets the time when it finds the channel unwritable, and clears it too when it finds
        // the channel writable (this clear may come before the engine's set).
        if (connection != null && ctx.channel().isWritable()) {
            connection.unwritableSince = 0;
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection != null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf line = (ByteBuf) msg;
        try {
            int userId = parseUserId(line);
            if (userId < 0) {
                reject(ctx, "user id \"" + Excerpt.of(ByteBufUtil.getBytes(line), 0, line.readableBytes())
                        + "\" is not a non-negative integer");
                return;
            }
            register(ctx, userId);
        } finally {
            line.release();
        }
    }

    private void register(ChannelHandlerContext ctx, int userId) {
        connection = new UserConnection(userId, ctx.channel());
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.pipeline().remove(UserChannelInitializer.FRAMER);
        UserConnection replaced = registry.register(connection);
        if (replaced != null) {
            stats.userReplaced();
            log.info("user {} connected again from {}; closing its earlier connection from {}", userId,
                    ctx.channel().remoteAddress(), replaced.channel().remoteAddress());
            replaced.channel().close();
        } else {
            log.debug("user {} connected from {}", userId, ctx.channel().remoteAddress());
        }
    }

    /** The id on the line, or -1 when it is not a non-negative int. */
    static int parseUserId(ByteBuf line) {
        int length = line.readableBytes();
        if (length == 0 || length > 10) {
            return -1;
        }
        long id = 0;
        for (int i = line.readerIndex(); i < line.readerIndex() + length; i++) {
            byte b = line.getByte(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            id = id * 10 + (b - '0');
        }
        return id > Integer.MAX_VALUE ? -1 : (int) id;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (connection != null) {
            registry.unregister(connection);
            log.debug("user {} disconnected", connection.userId());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            reject(ctx, "user id line too long (" + cause.getMessage() + ")");
        } else if (cause instanceof IOException) {
            log.debug("user connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            log.warn("closing user connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    private void reject(ChannelHandlerContext ctx, String why) {
        stats.userRejected();
        rejections.warn("closing user connection from {}: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }
}
