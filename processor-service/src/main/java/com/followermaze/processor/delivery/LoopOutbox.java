package com.followermaze.processor.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * The notifications bound for the users of one event loop, and the one round of writes that
 * loop may be doing.
 *
 * <p><b>Self-clocking.</b> The engine thread hands the loop a round (one buffer per user, all
 * its notifications since the user's last round) only when the loop has finished writing the
 * previous one. While the loop is busy, the engine keeps appending to the users' pending
 * buffers, so the next round writes each user once with everything that accumulated: the
 * loop does at most as many writes per second as it can, and the notifications per write grow
 * with the load. After a round the loop rests, {@code restPerRound} times as long as the
 * round took, before it counts as done: under load this leaves the cores to the rest of the
 * pipeline and makes the next round's writes larger; a rest under 50 us is skipped, so at low
 * load (small rounds) nothing waits. When a round ends and the engine had found the loop busy,
 * {@code wakeUp} tells the engine to hand the next one.
 *
 * <p>Threads: {@link #pending}, {@link #tryStartRound}, {@link #add} and {@link #hand} are
 * the engine thread's; {@link #writeRound} runs on the loop. The round's lists are handed over
 * with the state: the engine fills them only after it has seen the state {@code IDLE}, which
 * the loop sets after it has emptied them.
 */
final class LoopOutbox {

    private static final int IDLE = 0;
    private static final int WRITING = 1;
    /** Writing, and the engine has notifications waiting for the next round. */
    private static final int WRITING_MORE_WAITING = 2;
    /** A shorter rest is not worth a timer. */
    private static final long MIN_REST_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final EventLoop loop;
    private final Runnable wakeUp;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final List<Channel> channels = new ArrayList<>();
    private final List<ByteBuf> buffers = new ArrayList<>();
    private final Runnable writeRound = this::writeRound;
    private final Runnable endRound = this::endRound;
    /** The end of the rest after the last round, while it is pending: the loop's. */
    private ScheduledFuture<?> resting;
    private final long restPerRound;
    /** The users of this loop with a pending buffer: the engine thread's. */
    final List<UserConnection> pending = new ArrayList<>();
    /** Rounds handed to the loop so far: the engine thread's. */
    private long rounds;
    /**
     * Rounds the loop has written into its channels so far (their bytes are in the channels'
     * counts from then on, though the loop may still rest): the loop's, read by the engine.
     */
    private volatile long writtenRounds;
    /** Whether this outbox is in the notifier's list of outboxes with pending users: the engine thread's. */
    boolean listed;

    /**
     * @param wakeUp         called on the loop when a round ends and the engine has more waiting
     * @param restPerRound   after a round, the loop takes no new one for this many times the
     *                       round's duration (0: at once)
     */
    LoopOutbox(EventLoop loop, Runnable wakeUp, long restPerRound) {
        this.loop = loop;
        this.wakeUp = wakeUp;
        this.restPerRound = restPerRound;
    }

    EventLoop loop() {
        return loop;
    }

    /**
     * Starts a round if the loop has finished the last one; otherwise notes that more waits,
     * so that the loop wakes the engine when it is done.
     *
     * @return whether the engine may {@link #add} to a new round and {@link #hand} it over
     */
    boolean tryStartRound() {
        while (true) {
            int now = state.get();
            if (now == IDLE) {
                if (state.compareAndSet(IDLE, WRITING)) {
                    return true;
                }
            } else if (now == WRITING_MORE_WAITING || state.compareAndSet(WRITING, WRITING_MORE_WAITING)) {
                return false;
            }
        }
    }

    /** Adds one user's buffer to the round started by {@link #tryStartRound}. */
    void add(Channel channel, ByteBuf buffer) {
        channels.add(channel);
        buffers.add(buffer);
    }

    /** The number of the last round handed to the loop (0 before the first). */
    long rounds() {
        return rounds;
    }

    /** How many rounds the loop has written into its channels (0 before the first). */
    long writtenRounds() {
        return writtenRounds;
    }

    /** Hands the started round to the loop; an empty round just ends. */
    void hand() {
        if (channels.isEmpty()) {
            state.set(IDLE);
            return;
        }
        rounds++;
        try {
            loop.execute(writeRound);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down and its channels are closing: nothing can be written.
            buffers.forEach(ByteBuf::release);
            channels.clear();
            buffers.clear();
            state.set(IDLE);
        }
    }

    /** On the loop: every buffer written, then one flush per channel (one gathering write each). */
    private void writeRound() {
        long start = System.nanoTime();
        int written = 0;
        try {
            for (; written < channels.size(); written++) {
                Channel channel = channels.get(written);
                channel.write(buffers.get(written), channel.voidPromise());
            }
            for (Channel channel : channels) {
                channel.flush();
            }
        } finally {
            writtenRounds++; // only this loop writes it
            for (int i = written + 1; i < buffers.size(); i++) {
                buffers.get(i).release(); // only after a write threw: the rest were never handed to Netty
            }
            channels.clear();
            buffers.clear();
            rest(System.nanoTime() - start);
        }
    }

    private void rest(long roundNanos) {
        long rest = roundNanos * restPerRound;
        if (rest < MIN_REST_NANOS) {
            endRound();
            return;
        }
        try {
            resting = loop.schedule(endRound, rest, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            endRound(); // shutting down
        }
    }

    /**
     * On the loop: ends the rest after the last round now, if one is pending. For the last
     * notifications of a shutdown, which have no reason to wait.
     */
    void cutRest() {
        ScheduledFuture<?> rest = resting;
        if (rest != null && rest.cancel(false)) {
            endRound();
        }
    }

    private void endRound() {
        resting = null;
        if (state.getAndSet(IDLE) == WRITING_MORE_WAITING) {
            wakeUp.run();
        }
    }
}
