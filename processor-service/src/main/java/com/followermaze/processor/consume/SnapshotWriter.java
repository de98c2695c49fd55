package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.engine.StreamSnapshotSink;
import com.followermaze.processor.recovery.SnapshotFormat;
import com.followermaze.processor.recovery.StateSnapshot;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/**
 * Writes the engine's snapshots to the stream of snapshots ({@link BrokerSettings#snapshotStream()}),
 * on a thread and a connection of its own, so that the engine never waits for the broker.
 *
 * <p>One processor writes at a time: the one that holds the writer lock, an exclusive queue
 * ({@link #lockQueue}) that the broker deletes when its connection closes, so another caught-up
 * instance takes it over within {@value #LOCK_RETRY_SECONDS} s of the writer's loss. Only a
 * caught-up instance that holds the lock {@link #wants} a snapshot, and only while none waits
 * to be written; the engine then hands one over and goes on. Each is published persistent, with
 * the event stream offset it covers in the {@value SnapshotCatchUp#SNAPSHOT_HEADER} header, and
 * confirmed by the broker. A failed write is logged and counted; the next snapshot tries again.
 * While the lock is held elsewhere or the broker is away, the lock is tried every {@value
 * #LOCK_RETRY_SECONDS} s.
 */
public final class SnapshotWriter implements StreamSnapshotSink, AutoCloseable {

    static final int LOCK_RETRY_SECONDS = 5;
    private static final long CONFIRM_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);
    private static final Logger log = LoggerFactory.getLogger(SnapshotWriter.class);

    private final BrokerConnector connector;
    private final BrokerSettings settings;
    private final ConsumeStats stats;
    private final String instanceId;
    /** The snapshot to write next; at most one waits while another is written. */
    private final BlockingQueue<StateSnapshot> handover = new ArrayBlockingQueue<>(1);
    private final Thread thread;
    private final RateLimitedLog failures = new RateLimitedLog(log, 30, TimeUnit.SECONDS);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean lockHeld;
    private volatile boolean running = true;
    /** The writer's own; used by its thread only, but for {@link #disconnect}. */
    private volatile Connection connection;
    private volatile Channel channel;

    /** @param connector for a connection of the writer's own */
    public SnapshotWriter(BrokerConnector connector, ConsumeStats stats, String instanceId) {
        this.connector = connector;
        this.settings = connector.settings();
        this.stats = stats;
        this.instanceId = instanceId;
        this.thread = new Thread(this::run, "snapshot-writer");
        thread.setDaemon(true);
    }

    /** The queue whose exclusive owner writes the snapshots: the stream of snapshots' name plus {@code .writer}. */
    static String lockQueue(BrokerSettings settings) {
        return settings.snapshotStream() + ".writer";
    }

    public void start() {
        thread.start();
    }

    /** The instance has caught up with the stream: from now on it may take the lock and write. */
    public void caughtUp() {
        caughtUp.countDown();
    }

    /** Whether this instance holds the writer lock now. */
    public boolean isWriter() {
        return lockHeld;
    }

    @Override
    public boolean wants() {
        return lockHeld && handover.isEmpty(); // the lock is taken only once caught up
    }

    @Override
    public void offer(StateSnapshot snapshot) {
        handover.offer(snapshot); // room for it: wants() said so, and only the engine offers
    }

    private void run() {
        try {
            caughtUp.await();
            while (running) {
                if (!lockHeld && !tryLock()) {
                    // Another processor writes, or the broker is away: look again a little later.
                    TimeUnit.SECONDS.sleep(LOCK_RETRY_SECONDS);
                    continue;
                }
                StateSnapshot snapshot = handover.poll(LOCK_RETRY_SECONDS, TimeUnit.SECONDS);
                if (snapshot != null && lockHeld) { // else the lock was lost after the engine offered it
                    try {
                        write(snapshot);
                    } catch (IOException | TimeoutException | RuntimeException e) {
                        stats.snapshotFailed();
                        failures.warn("could not write a snapshot ({} follow pairs) to stream {} ({}); the next one "
                                + "tries again", snapshot.follows().length, settings.snapshotStream(), e.toString());
                        disconnect();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
        }
    }

    /** Takes the writer lock if no other processor holds it; false if it cannot (held, or the broker away). */
    private boolean tryLock() {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = connector.connect();
                connection.addShutdownListener(cause -> lockHeld = false);
            }
            if (!running) {
                return false; // closing: the finally in run() closes the connection
            }
            Channel lock = connection.createChannel();
            try {
                lock.queueDeclare(lockQueue(settings), false, true, true, Map.of());
            } catch (IOException e) {
                // RESOURCE_LOCKED: another connection holds it. The failed declare closed the channel.
                log.debug("the snapshot writer lock {} is held by another processor: {}", lockQueue(settings), e.toString());
                return false;
            }
            channel = lock;
            channel.confirmSelect();
            lockHeld = true;
            log.info("processor {} writes the snapshots to stream {} (it holds {})", instanceId, settings.snapshotStream(),
                    lockQueue(settings));
            return true;
        } catch (IOException | TimeoutException | RuntimeException e) {
            failures.warn("cannot take the snapshot writer lock {} ({}); trying again in {} s", lockQueue(settings),
                    e.toString(), LOCK_RETRY_SECONDS);
            disconnect();
            return false;
        }
    }

    private void write(StateSnapshot snapshot) throws IOException, InterruptedException, TimeoutException {
        long started = System.nanoTime();
        byte[] body = SnapshotFormat.encode(snapshot);
        channel.basicPublish("", settings.snapshotStream(), new AMQP.BasicProperties.Builder()
                .deliveryMode(2)
                .contentType("application/vnd.follower-maze.snapshot")
                .headers(Map.of(SnapshotCatchUp.SNAPSHOT_HEADER, snapshot.streamOffset(), "fm-instance", instanceId))
                .build(), body);
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        stats.snapshotWritten(body.length, millis);
        log.debug("wrote a snapshot of stream {} up to offset {}: {} bytes, {} follow pairs, {} ms",
                settings.streamQueue(), snapshot.streamOffset(), body.length, snapshot.follows().length, millis);
    }

    private synchronized void disconnect() {
        lockHeld = false;
        channel = null;
        Connection conn = connection;
        connection = null;
        if (conn != null) {
            conn.abort(2_000);
        }
    }

    /** Stops writing; the lock goes with the connection, which the writer's thread closes as it ends. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
