package com.followermaze.processor.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * A registered user's connection.
 *
 * <p>The id and channel are fixed. The delivery fields are the engine thread's alone (see
 * {@link ChannelNotifier}): the pending buffer and count it fills between rounds, the round it
 * last handed to the user's event loop, and its budget for the pending buffer.
 */
public final class UserConnection {

    private final int userId;
    private final Channel channel;
    ByteBuf pending;
    int pendingCount;
    /** The user's event loop's outbox, once the user has had a notification. */
    LoopOutbox outbox;
    /** Bytes of the user's buffer in round {@link #handedRound} of its loop. */
    int handed;
    long handedRound;
    /** Bytes the pending buffer may hold before what is queued for the user is counted again. */
    long budget;
    /** The policy's queue limit for this connection, once asked; -1 before. */
    long queueLimit = -1;
    /** Set when the slow-client policy closed the connection: nothing more is queued for it. */
    boolean abandoned;
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

    /** Bytes written to the channel and not yet sent; safe from any thread. */
    long queuedInChannel() {
        ChannelOutboundBuffer buffer = outbound();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** The channel's outbound buffer, or {@code null} once the channel is closed; safe from any thread. */
    ChannelOutboundBuffer outbound() {
        return channel.unsafe().outboundBuffer();
    }

    @Override
    public String toString() {
        return "user " + userId + " at " + channel.remoteAddress();
    }
}
