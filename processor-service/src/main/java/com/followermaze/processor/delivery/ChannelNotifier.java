package com.followermaze.processor.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.event.Event;
import com.followermaze.processor.rules.Notifier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;

/**
 * Delivers notifications to connected users. Each user's lines are appended to one pending
 * buffer; {@link #flush()} hands the pending buffers of an event loop's users to that loop as
 * one round of writes (one write and flush per user), but only when the loop has finished the
 * round before. Until then the buffers keep growing, and the loop's next round carries all of
 * it (see {@link LoopOutbox}): with thousands of users, the number of writes, not of
 * notifications, is the cost. Payloads are written exactly as read, each followed by the
 * terminator it was read with or the one configured ({@link LineTerminator}); each user's
 * lines go out in the order they were notified.
 *
 * <p><b>Bounds.</b> What waits for a user in its pending buffer counts toward its limit, with
 * what its channel still has to send: a notification that would take the total past the
 * policy's {@link SlowClientPolicy#queueLimit queue limit} goes to {@link
 * SlowClientPolicy#overflowed} (dropped and counted, or the client disconnected), never into
 * the buffer. So no buffer grows without bound, whatever the clients and the loops do.
 *
 * <p>Used by the engine thread only, except {@link #wakeEngineWith}. Users that are not
 * connected are skipped.
 */
public final class ChannelNotifier implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(ChannelNotifier.class);
    private static final int INITIAL_BUFFER = 512;
    /**
     * After each round, a loop rests twice as long as the round took before it takes the next:
     * under load it writes at most a third of the time, and each user's writes carry three
     * times as much. On a machine whose cores are all busy this leaves them to the engine and
     * the broker client and makes fewer, larger writes; BENCHMARKS.md has the measurements that
     * chose the factor. A longer rest adds latency under full load; a client that bounds what it
     * has in flight then waits for it.
     */
    private static final long REST_PER_ROUND = 2;

    private final UserRegistry registry;
    private final LineTerminator terminator;
    private final SlowClientPolicy slowClients;
    private final DeliveryStats stats;
    private final ByteBufAllocator allocator;
    private final long restPerRound;
    private final Map<EventLoop, LoopOutbox> outboxes = new IdentityHashMap<>();
    /** The outboxes with users that have pending notifications, in no particular order. */
    private final List<LoopOutbox> listed = new ArrayList<>();
    private final Runnable wakeUp = this::wakeUp;
    /** The connected users as of registry version {@link #everyoneVersion}: broadcasts walk an array. */
    private UserConnection[] everyone = new UserConnection[0];
    private long everyoneVersion = -1;
    private volatile Runnable wakeEngine = () -> { };

    public ChannelNotifier(UserRegistry registry, LineTerminator terminator, SlowClientPolicy slowClients,
                           DeliveryStats stats, ByteBufAllocator allocator) {
        this(registry, terminator, slowClients, stats, allocator, REST_PER_ROUND);
    }

    /** As above, with the rest after each round ({@code restPerRound} times its duration; 0 for none). */
    ChannelNotifier(UserRegistry registry, LineTerminator terminator, SlowClientPolicy slowClients,
                    DeliveryStats stats, ByteBufAllocator allocator, long restPerRound) {
        if (restPerRound < 0) {
            throw new IllegalArgumentException("restPerRound: " + restPerRound + " (expected >= 0)");
        }
        this.restPerRound = restPerRound;
        this.registry = registry;
        this.terminator = terminator;
        this.slowClients = slowClients;
        this.stats = stats;
        this.allocator = allocator;
    }

    /**
     * What to call, on an event loop, when the loop has finished a round and notifications
     * wait for it: it must make the engine thread call {@link #flush()} soon. Without it, they
     * go out at the engine's next flush (its next batch, or its idle tick).
     */
    public void wakeEngineWith(Runnable wakeEngine) {
        this.wakeEngine = wakeEngine;
    }

    private void wakeUp() {
        wakeEngine.run();
    }

    @Override
    public void notifyUser(int userId, Event event) {
        UserConnection connection = registry.get(userId);
        if (connection != null) {
            boolean crlf = terminator.crlf(event);
            append(connection, event, crlf, copyLength(event, crlf));
        }
    }

    @Override
    public void notifyAllUsers(Event event) {
        long version = registry.version();
        if (version != everyoneVersion) {
            everyone = registry.all().toArray(new UserConnection[0]);
            everyoneVersion = version;
        }
        boolean crlf = terminator.crlf(event);
        int copied = copyLength(event, crlf);
        for (UserConnection connection : everyone) {
            append(connection, event, crlf, copied);
        }
    }

    /**
     * How many bytes of the event's array, from its line, to copy: the line and the terminator
     * it is sent with when that terminator follows it there (a line of a batch body sent as
     * read, the usual case: one copy), else the line alone.
     */
    private static int copyLength(Event event, boolean crlf) {
        byte[] array = event.line();
        int end = event.lineOffset() + event.lineLength();
        if (crlf) {
            return end + 1 < array.length && array[end] == '\r' && array[end + 1] == '\n'
                    ? event.lineLength() + 2 : event.lineLength();
        }
        return end < array.length && array[end] == '\n' ? event.lineLength() + 1 : event.lineLength();
    }

    /**
     * Appends the event's line, as read, and its terminator ({@code \r\n} if {@code crlf}, else
     * {@code \n}) to the user's pending buffer: {@code copied} bytes of the event's array (see
     * {@link #copyLength}), then the terminator if they did not include it.
     */
    private void append(UserConnection connection, Event event, boolean crlf, int copied) {
        if (connection.abandoned) {
            return;
        }
        int size = event.lineLength() + (crlf ? 2 : 1);
        ByteBuf buffer = connection.pending;
        int pendingBytes = buffer == null ? 0 : buffer.readableBytes();
        if (pendingBytes + size > connection.budget && !makeRoom(connection, pendingBytes, size)) {
            slowClients.overflowed(connection);
            return;
        }
        if (buffer == null) {
            buffer = allocator.buffer(INITIAL_BUFFER);
            connection.pending = buffer;
            LoopOutbox outbox = outbox(connection);
            outbox.pending.add(connection);
            if (!outbox.listed) {
                outbox.listed = true;
                listed.add(outbox);
            }
        }
        buffer.writeBytes(event.line(), event.lineOffset(), copied);
        if (copied < size) {
            if (crlf) {
                buffer.writeByte('\r');
            }
            buffer.writeByte('\n');
        }
        connection.pendingCount++;
    }

    /**
     * The slow path of the bound: counts what is queued for the user now (its channel's buffer,
     * the last round's buffer if its loop may not have written it yet, its pending buffer) and,
     * if {@code size} more bytes fit under the limit, sets the user's budget for its pending
     * buffer. The budget is conservative: the channel only drains while the engine appends.
     */
    private boolean makeRoom(UserConnection connection, int pendingBytes, int size) {
        LoopOutbox outbox = outbox(connection);
        // Read before the channel's count: a round written in between is then counted twice
        // (too much, for a moment), never not at all. A round written but still resting is in
        // the channel's count only.
        boolean lastRoundUnwritten = connection.handedRound > outbox.writtenRounds();
        long outside = connection.queuedInChannel() + (lastRoundUnwritten ? connection.handed : 0);
        long budget = queueLimit(connection) - outside;
        connection.budget = budget;
        return pendingBytes + size <= budget;
    }

    private long queueLimit(UserConnection connection) {
        if (connection.queueLimit < 0) {
            connection.queueLimit = slowClients.queueLimit(connection);
        }
        return connection.queueLimit;
    }

    private LoopOutbox outbox(UserConnection connection) {
        LoopOutbox outbox = connection.outbox;
        if (outbox == null) {
            EventLoop loop = connection.channel().eventLoop();
            outbox = outboxes.computeIfAbsent(loop, l -> new LoopOutbox(l, wakeUp, restPerRound));
            connection.outbox = outbox;
        }
        return outbox;
    }

    /**
     * Hands each event loop that has finished its last round a new one with its users' pending
     * buffers; the others keep theirs for the next round (their loop wakes the engine when it is
     * done). Asks the slow-client policy about each user that is over its limit.
     */
    @Override
    public void flush() {
        int written = 0;
        int writes = 0;
        long now = System.nanoTime();
        int kept = 0;
        for (int i = 0; i < listed.size(); i++) {
            LoopOutbox outbox = listed.get(i);
            if (!outbox.tryStartRound()) {
                listed.set(kept++, outbox);
                continue;
            }
            for (UserConnection connection : outbox.pending) {
                ByteBuf buffer = connection.pending;
                int count = connection.pendingCount;
                connection.pending = null;
                connection.pendingCount = 0;
                ChannelOutboundBuffer outbound = connection.outbound();
                if (!admit(connection, outbound, buffer, count, now)) {
                    connection.budget = 0; // the next notification recounts what is queued
                    buffer.release();
                    continue;
                }
                connection.handed = buffer.readableBytes();
                connection.handedRound = outbox.rounds() + 1;
                // Until its loop has written this round, the buffer is not in the channel's count.
                connection.budget = queueLimit(connection) - outbound.totalPendingWriteBytes() - connection.handed;
                outbox.add(connection.channel(), buffer);
                written += count;
                writes++;
            }
            outbox.pending.clear();
            outbox.listed = false;
            outbox.hand();
        }
        listed.subList(kept, listed.size()).clear();
        stats.notificationsWritten(written, writes);
    }

    private boolean admit(UserConnection connection, ChannelOutboundBuffer outbound, ByteBuf buffer, int count,
                          long now) {
        if (connection.abandoned || outbound == null) {
            return false; // closed
        }
        if (outbound.isWritable()) {
            // Also cleared here: the loop's clear may have come before this thread's last set.
            connection.unwritableSince = 0;
            return true;
        }
        if (connection.unwritableSince == 0) {
            connection.unwritableSince = now; // the event loop clears it when the client catches up
        }
        return slowClients.admitWhileUnwritable(connection, count, buffer.readableBytes(),
                now - connection.unwritableSince);
    }

    /**
     * Sends what is pending, waiting up to {@code timeout} for busy loops to finish their rounds
     * so that the last ones can be handed over too; what still waits then is released unsent
     * (and logged). For a clean shutdown: no notification may follow.
     */
    @Override
    public void finish(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        flush();
        while (!listed.isEmpty() && System.nanoTime() - deadline < 0) {
            for (LoopOutbox outbox : List.copyOf(listed)) {
                if (!outbox.loop().inEventLoop() && !outbox.loop().isShuttingDown()) {
                    try {
                        // Tasks run in order: once this one has run, the round before it is
                        // written, and the rest after it is cut short.
                        outbox.loop().submit(outbox::cutRest).awaitUninterruptibly(
                                Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException e) {
                        // The loop is shutting down: nothing more can be written there.
                    }
                }
            }
            flush();
            if (listed.stream().allMatch(outbox -> outbox.loop().inEventLoop() || outbox.loop().isShuttingDown())) {
                // An embedded loop only runs its tasks when its owner says so; a loop shutting
                // down takes no more rounds.
                break;
            }
        }
        if (!listed.isEmpty()) {
            log.warn("shutting down with notifications for {} users not handed to their connections: dropped",
                    listed.stream().mapToInt(outbox -> outbox.pending.size()).sum());
        }
        discard();
    }

    /** Releases every pending buffer unsent: after a failure, or a simulated crash. */
    @Override
    public void discard() {
        for (LoopOutbox outbox : listed) {
            for (UserConnection connection : outbox.pending) {
                connection.pending.release();
                connection.pending = null;
                connection.pendingCount = 0;
            }
            outbox.pending.clear();
            outbox.listed = false;
        }
        listed.clear();
    }
}
