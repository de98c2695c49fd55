package com.followermaze.loadgen;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.followermaze.loadgen.generate.BatchShuffler;
import com.followermaze.loadgen.generate.EventGenerator;
import com.followermaze.loadgen.generate.EventLines;
import com.followermaze.loadgen.generate.GeneratedEvent;
import com.followermaze.loadgen.net.EventSource;
import com.followermaze.loadgen.verify.Expectations;
import com.followermaze.loadgen.verify.Failure;
import com.followermaze.loadgen.verify.FailureKind;
import com.followermaze.loadgen.verify.Failures;
import com.followermaze.loadgen.verify.InFlightEvents;

/**
 * The feeding thread: generates each batch in sequence order, tells the clients what to expect,
 * shuffles it, and writes it to the event source, many batches per system call. It pauses,
 * only ever between batches, while the in-flight window is full (clients lagging) or while ahead of the
 * {@code --rate} schedule. With {@code --source-reconnect-at}, right after the event of each
 * such number in send order (mid-batch, if that is where it falls) it writes what it has and
 * moves to a new event-source connection. After the last event it closes the event source, as
 * the official program does.
 *
 * <p>It owns the generator, the follow model and the feeding side of {@link InFlightEvents};
 * other threads only {@link #stop} it and read its counters.
 */
final class EventFeed implements Runnable {

    /** Many events per write: at about 20 bytes an event, thousands of events per system call. */
    private static final int CHUNK_BYTES = 256 * 1024;
    private static final long IN_FLIGHT_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final EventGenerator generator;
    private final BatchShuffler shuffler;
    private final Expectations expectations;
    private final InFlightEvents events;
    private final EventSource source;
    private final Failures failures;
    private final long totalEvents;
    private final long rate;
    private final byte[] terminator;
    private final byte[] chunk;
    private final int flushAt;
    private final GeneratedEvent[] batch;
    /** The event numbers, in send order, after which the source connects again; ascending. */
    private final long[] reconnectAt;

    private volatile boolean stopped;
    private volatile long sent;
    private volatile long expectedNotifications;
    private volatile long firstSentNanos;
    private int used;
    private long chunkFirstSeq = 1;
    /** Index in {@link #reconnectAt} of the next reconnection. */
    private int nextReconnect;

    EventFeed(LoadgenConfig config, EventGenerator generator, BatchShuffler shuffler, Expectations expectations,
              InFlightEvents events, EventSource source, Failures failures) {
        this.generator = generator;
        this.shuffler = shuffler;
        this.expectations = expectations;
        this.events = events;
        this.source = source;
        this.failures = failures;
        this.totalEvents = config.totalEvents();
        this.rate = config.rate();
        this.terminator = config.lineTerminator().bytes();
        int batchBytes = config.maxBatchSize() * (EventLines.MAX_LENGTH + terminator.length);
        this.chunk = new byte[Math.max(CHUNK_BYTES, 2 * batchBytes)];
        this.flushAt = chunk.length - batchBytes;
        this.batch = new GeneratedEvent[config.maxBatchSize()];
        this.reconnectAt = config.sourceReconnectAt().stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void run() {
        try {
            feed();
            source.finish();
        } catch (Reconnection failed) {
            if (!stopped) {
                failures.record(new Failure(FailureKind.DISCONNECTED, "event source " + source.endpoint(), Failure.NOTHING,
                        Failure.NOTHING, "could not connect again after event " + failed.afterEvent + " (in send order): "
                                + failed.getCause().getMessage()));
            }
        } catch (IOException e) {
            if (!stopped) {
                failures.record(new Failure(FailureKind.DISCONNECTED, "event source " + source.endpoint(), Failure.NOTHING,
                        Failure.NOTHING, "could not write events after seq " + sent + ": " + e.getMessage()));
            }
        }
    }

    private void feed() throws IOException {
        long next = 1;
        long startNanos = System.nanoTime();
        long expected = 0;
        while (next <= totalEvents && !stopped) {
            int size = shuffler.nextBatchSize(totalEvents - next + 1);
            long last = next + size - 1;
            if (!events.hasRoomFor(last, next)) {
                flush(next);
                while (!events.hasRoomFor(last, next)) {
                    if (stopped) {
                        return;
                    }
                    LockSupport.parkNanos(IN_FLIGHT_POLL_NANOS);
                }
            }
            long now = System.nanoTime();
            for (int i = 0; i < size; i++) {
                GeneratedEvent event = generator.next();
                batch[i] = event;
                expected += expectations.expect(event, now);
            }
            expectedNotifications = expected;
            int[] order = shuffler.shuffle(size);
            // The next reconnection's place in this batch, or past its end; the batch's first event is number next.
            long reconnectAfter = nextReconnect < reconnectAt.length ? reconnectAt[nextReconnect] - next : size;
            for (int i = 0; i < size; i++) {
                GeneratedEvent event = batch[order[i]];
                used = events.appendLine(event.seq(), chunk, used); // encoded when expectations recorded it
                System.arraycopy(terminator, 0, chunk, used, terminator.length);
                used += terminator.length;
                if (i == reconnectAfter) {
                    reconnect(next, next + i);
                    reconnectAfter = nextReconnect < reconnectAt.length ? reconnectAt[nextReconnect] - next : size;
                }
            }
            next = last + 1;
            if (used >= flushAt) {
                flush(next);
            }
            if (rate > 0) {
                pace(startNanos, last, next);
            }
        }
        flush(next);
    }

    /** Sleeps until the schedule of {@code --rate} reaches event {@code last}; flushes first, so the events go now. */
    private void pace(long startNanos, long last, long next) throws IOException {
        long due = startNanos + (long) (last * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            flush(next);
            while (wait > 0 && !stopped) {
                LockSupport.parkNanos(wait);
                wait = due - System.nanoTime();
            }
        }
    }

    /**
     * Writes what the chunk holds, the current batch's first events included, then moves to a
     * new connection; {@code number} is the last event written, in send order, and
     * {@code next} the current batch's first seq.
     */
    private void reconnect(long next, long number) throws IOException {
        // The batch's events go out on two connections; they count as sent with the rest of it.
        flush(next);
        nextReconnect++;
        try {
            source.reconnect();
        } catch (IOException e) {
            throw new Reconnection(number, e);
        }
    }

    /**
     * Writes the chunk, and counts events chunkFirstSeq..next-1 as sent (the start of a batch
     * split by a reconnection went out already, or goes out now with them).
     */
    private void flush(long next) throws IOException {
        if (used == 0 && chunkFirstSeq == next) {
            return;
        }
        long now = System.nanoTime();
        if (firstSentNanos == 0) {
            firstSentNanos = now;
        }
        events.markSent(chunkFirstSeq, next - 1, now);
        if (used > 0) {
            source.write(chunk, used);
        }
        used = 0;
        chunkFirstSeq = next;
        sent = next - 1;
    }

    /** Asks the feed to stop at the next batch boundary; a blocked write ends when the source is closed. */
    void stop() {
        stopped = true;
    }

    /** Events written to the socket so far. */
    long sent() {
        return sent;
    }

    /** Notifications the clients must receive for the events generated so far. */
    long expectedNotifications() {
        return expectedNotifications;
    }

    /** When the first chunk was written, or 0. */
    long firstSentNanos() {
        return firstSentNanos;
    }

    /** A failed reconnection, told apart from a failed write. */
    private static final class Reconnection extends IOException {
        private static final long serialVersionUID = 1L;
        final long afterEvent;

        Reconnection(long afterEvent, IOException cause) {
            super(cause);
            this.afterEvent = afterEvent;
        }
    }
}
