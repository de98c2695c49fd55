package com.followermaze.processor.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * A registered user's connection.
 *
 * <p>The id and channel are fixed. The pending buffer and count are the engine thread's
 * alone: it fills them between flushes and hands the buffer to Netty at the flush.
 */
public final class UserConnection {

    private final int userId;
    private final Channel channel;
    ByteBuf pending;
    int pendingCount;
    /**
     * When the engine first found the channel unwritable, or 0: set by the engine thread,
     * cleared by the channel's event loop when the client catches up (hence volatile).
     */
    volatile long unwritableSince;

    public UserConnection(int userId, Channel channel) {
        this.userId = userId;
        this.channel = channel;
    }

    public int userId() {
        return userId;
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "user " + userId + " at " + channel.remoteAddress();
    }
}
