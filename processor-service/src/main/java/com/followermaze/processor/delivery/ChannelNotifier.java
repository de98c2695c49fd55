package com.followermaze.processor.delivery;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.followermaze.common.event.Event;
import com.followermaze.processor.ProcessorStats;
import com.followermaze.processor.rules.Notifier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * Delivers notifications to connected users: each user's lines since the last flush are gathered in
 * one buffer, which {@link #flush()} hands to the user's channel with a single write and
 * flush. Payloads are written exactly as read, each followed by the configured terminator.
 *
 * <p>Used by the engine thread only. Users that are not connected are skipped.
 */
public final class ChannelNotifier implements Notifier {

    private static final int INITIAL_BUFFER = 512;

    private final UserRegistry registry;
    private final LineTerminator terminator;
    private final SlowClientPolicy slowClients;
    private final ProcessorStats stats;
    private final ByteBufAllocator allocator;
    private final List<UserConnection> touched = new ArrayList<>();
    private final Map<EventLoop, Outgoing> outgoing = new IdentityHashMap<>();

    public ChannelNotifier(UserRegistry registry, LineTerminator terminator, SlowClientPolicy slowClients,
                           ProcessorStats stats, ByteBufAllocator allocator) {
        this.registry = registry;
        this.terminator = terminator;
        this.slowClients = slowClients;
        this.stats = stats;
        this.allocator = allocator;
    }

    @Override
    public void notifyUser(int userId, Event event) {
        UserConnection connection = registry.get(userId);
        if (connection != null) {
            append(connection, event);
        }
    }

    @Override
    public void notifyAllUsers(Event event) {
        for (UserConnection connection : registry.all()) {
            append(connection, event);
        }
    }

    private void append(UserConnection connection, Event event) {
        ByteBuf buffer = connection.pending;
        if (buffer == null) {
            buffer = allocator.buffer(INITIAL_BUFFER);
            connection.pending = buffer;
            touched.add(connection);
        }
        String payload = event.payload();
        buffer.writeCharSequence(payload, java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < terminator.length(); i++) {
            buffer.writeByte(terminator.at(i));
        }
        connection.pendingCount++;
    }

    @Override
    public void flush() {
        int written = 0;
        long now = System.nanoTime();
        for (UserConnection connection : touched) {
            ByteBuf buffer = connection.pending;
            int count = connection.pendingCount;
            connection.pending = null;
            connection.pendingCount = 0;
            Channel channel = connection.channel();
            boolean writable = channel.isWritable();
            if (writable) {
                connection.unwritableSince = 0;
            } else if (connection.unwritableSince == 0) {
                connection.unwritableSince = now; // the event loop clears it when the client catches up
            }
            if (!channel.isActive() || (!writable
                    && !slowClients.admitWhileUnwritable(connection, count, now - connection.unwritableSince))) {
                buffer.release();
                continue;
            }
            outgoing.computeIfAbsent(channel.eventLoop(), loop -> new Outgoing()).add(channel, buffer);
            written += count;
        }
        touched.clear();
        // One task per event loop for all its channels, not one per user: with thousands of
        // users, handing writes over one by one costs more than the writes.
        for (Map.Entry<EventLoop, Outgoing> entry : outgoing.entrySet()) {
            entry.getKey().execute(entry.getValue()::writeAndFlush);
        }
        outgoing.clear();
        stats.notificationsWritten(written);
    }

    /** The buffers bound for the channels of one event loop; run on that loop. */
    private static final class Outgoing {
        private final List<Channel> channels = new ArrayList<>();
        private final List<ByteBuf> buffers = new ArrayList<>();

        void add(Channel channel, ByteBuf buffer) {
            channels.add(channel);
            buffers.add(buffer);
        }

        void writeAndFlush() {
            for (int i = 0; i < channels.size(); i++) {
                Channel channel = channels.get(i);
                channel.write(buffers.get(i), channel.voidPromise());
            }
            for (Channel channel : channels) {
                channel.flush();
            }
        }
    }
}
