package com.followermaze.processor.engine;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.processor.recovery.StateSnapshot;

/**
 * Runs an {@link EventEngine} on its own thread, fed through a bounded inbox.
 *
 * <p>The broker consumer calls {@link #submit} (blocking while the inbox is full, which the
 * prefetch window makes rare); the engine thread takes batches, and once the inbox is empty
 * flushes notifications and settles acknowledgements. {@link #close} lets the thread finish
 * the batches already submitted, then stops it. An exception on the engine thread is a bug:
 * it is logged once and the engine stops, so events are not silently mis-sequenced.
 */
public final class EngineLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineLoop.class);
    private static final int MAX_BATCHES_PER_FLUSH = 16;
    private static final ConsumedBatch STOP = new ConsumedBatch("", 0, List.of(), 0, tag -> { });
    /** Asks for a flush: a user event loop has finished its round and notifications wait for it. */
    private static final ConsumedBatch FLUSH = new ConsumedBatch("", 0, List.of(), 0, tag -> { });
    /** Restores the engine from {@link #pendingRestore}. */
    private static final ConsumedBatch RESTORE = new ConsumedBatch("", 0, List.of(), 0, tag -> { });

    private final EventEngine engine;
    private final EngineStats stats;
    private final Duration statusInterval;
    private final BlockingQueue<ConsumedBatch> inbox;
    private final Thread thread;
    private final Runnable onFailure;
    private volatile boolean failed;
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private volatile StateSnapshot pendingRestore;

    /**
     * @param onFailure called on the engine thread if the engine fails; the processor cannot
     *                  go on correctly after that, so it should stop
     */
    public EngineLoop(EventEngine engine, EngineStats stats, int inboxCapacity, Duration statusInterval,
                      Runnable onFailure) {
        this.engine = engine;
        this.onFailure = onFailure;
        this.stats = stats;
        this.statusInterval = statusInterval;
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
        this.thread = new Thread(this::run, "engine");
    }

    public void start() {
        thread.start();
    }

    /** Hands a batch to the engine thread, waiting while the inbox is full. */
    public void submit(ConsumedBatch batch) throws InterruptedException {
        if (failed) {
            throw new IllegalStateException("the engine has stopped after an error; see the log");
        }
        inbox.put(batch);
    }

    /**
     * Has the engine thread restore the engine from {@code snapshot} before it takes any batch
     * submitted after this call (see {@link EventEngine#restore}).
     */
    public void restore(StateSnapshot snapshot) throws InterruptedException {
        pendingRestore = snapshot;
        inbox.put(RESTORE);
    }

    /**
     * Makes the engine thread flush soon, also when no batch comes: called by a user event loop
     * that has finished a round of writes while notifications waited for it. Never blocks; at
     * most one request is queued at a time, and none while the inbox is full (the engine then
     * flushes after those batches anyway).
     */
    public void requestFlush() {
        if (!flushRequested.getAndSet(true) && !inbox.offer(FLUSH)) {
            flushRequested.set(false);
        }
    }

    public boolean isRunning() {
        return thread.isAlive();
    }


    private void run() {
        long nextStatus = System.nanoTime() + statusInterval.toNanos();
        long lastReleased = 0;
        boolean finished = false;
        try {
            while (true) {
                ConsumedBatch batch = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (batch == STOP) {
                    engine.finish();
                    finished = true;
                    return;
                }
                if (batch == RESTORE) {
                    engine.restore(pendingRestore);
                    pendingRestore = null;
                    batch = null;
                }
                if (batch == FLUSH) {
                    flushRequested.set(false);
                    batch = null; // the settle below flushes
                }
                if (batch != null) {
                    accept(batch);
                    ConsumedBatch more;
                    int sinceFlush = 1;
                    while ((more = inbox.peek()) != null && more != STOP && more != RESTORE) {
                        if (more == FLUSH) {
                            inbox.poll();
                            flushRequested.set(false);
                            continue;
                        }
                        // Under load, notifications of several batches share one write per user
                        // (with thousands of users, writes, not events, are the cost); the cap
                        // bounds what one flush can queue for a client.
                        if (sinceFlush++ == MAX_BATCHES_PER_FLUSH) {
                            engine.flush();
                            sinceFlush = 1;
                        }
                        accept(inbox.poll());
                    }
                }
                if (inbox.isEmpty()) {
                    engine.skipExpiredGap();
                }
                engine.settle(inbox.isEmpty());
                long now = System.nanoTime();
                if (now - nextStatus >= 0) {
                    long released = stats.eventsReleased();
                    if (released != lastReleased || engine.held() > 0) {
                        log.info("released {} events ({}/s); next expected {}; {} held (waiting {} ms); "
                                        + "{} batches unacknowledged",
                                released, (released - lastReleased) * 1000 / statusInterval.toMillis(),
                                engine.nextExpected(), engine.held(), TimeUnit.NANOSECONDS.toMillis(engine.gapAgeNanos()),
                                engine.unsettled());
                    }
                    lastReleased = released;
                    nextStatus = now + statusInterval.toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            log.error("engine stopped: unexpected error; the processor must stop", e);
            onFailure.run();
        } finally {
            if (!finished) {
                engine.discard();
            }
        }
    }

    private void accept(ConsumedBatch batch) {
        engine.accept(batch);
        batch.applied().run();
    }

    /** Lets the engine finish what was submitted, then stops it; waits at most {@code timeout}. */
    public void close(Duration timeout) throws InterruptedException {
        if (!thread.isAlive()) {
            return;
        }
        if (!inbox.offer(STOP, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            thread.interrupt();
        }
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            log.warn("engine did not stop within {} ms; interrupting it", timeout.toMillis());
            thread.interrupt();
        }
    }

    /**
     * Stops the engine thread at once, without finishing: no last snapshot, no last
     * acknowledgements. For tests that simulate a crash.
     */
    public void halt(Duration timeout) throws InterruptedException {
        thread.interrupt();
        thread.join(timeout.toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }
}
