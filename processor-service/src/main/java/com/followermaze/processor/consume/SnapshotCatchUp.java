package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.processor.recovery.CorruptSnapshotException;
import com.followermaze.processor.recovery.SnapshotFormat;
import com.followermaze.processor.recovery.StateSnapshot;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/**
 * Where a starting scale-out processor begins: the newest snapshot of the stream of snapshots
 * that the event stream still holds everything after, or the event stream's first message.
 *
 * <p>It appends a marker of its own to the stream of snapshots and finds it from the stream's
 * last chunk, then reads back from the message before it, one message at a time, newest first.
 * A snapshot that does not decode (checksum, version) is counted, logged and passed over for
 * an older one; markers of other instances are passed over. The first snapshot that decodes is
 * used if the event stream's first offset is at most the offset after it; if it is older than
 * that, so is every earlier one. Without one, a replay from the first message is possible only
 * if the event stream still begins at offset 0. Otherwise the follow state cannot be rebuilt
 * and {@link HistoryLostException} says why and what to do: never serve from a state that may
 * be wrong.
 */
final class SnapshotCatchUp {

    /** The header of a snapshot in the stream of snapshots: the event stream offset it covers. */
    static final String SNAPSHOT_HEADER = "fm-snapshot-offset";
    /** How many messages back the newest usable snapshot is looked for, markers and corrupt ones included. */
    static final int MAX_LOOKBACK = 100;
    private static final long READ_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final Logger log = LoggerFactory.getLogger(SnapshotCatchUp.class);

    /** Where to begin: {@code snapshot} to restore (if any), then the event stream from {@code offset}. */
    record Plan(Optional<StateSnapshot> snapshot, long offset) {
    }

    /** The follow state cannot be rebuilt from what the broker holds. */
    static final class HistoryLostException extends RuntimeException {
        HistoryLostException(String message) {
            super(message);
        }
    }

    private final BrokerSettings settings;
    private final String instanceId;
    private final ConsumeStats stats;

    SnapshotCatchUp(BrokerSettings settings, String instanceId, ConsumeStats stats) {
        this.settings = settings;
        this.instanceId = instanceId;
        this.stats = stats;
    }

    /** Decides where to begin; call after appending this instance's marker to the event stream (so it is not empty). */
    Plan plan(Connection connection) throws IOException {
        StreamReads reads = new StreamReads(connection, READ_TIMEOUT_MILLIS);
        long first = reads.read(settings.streamQueue(), "first")
                .orElseThrow(() -> new IOException("stream " + settings.streamQueue() + " sent no message within "
                        + READ_TIMEOUT_MILLIS + " ms, its catch-up marker included"))
                .offset();
        long corrupt = 0;
        StateSnapshot tooOld = null;
        long marker = appendMarker(connection, reads);
        for (long at = marker - 1; at >= 0 && at >= marker - MAX_LOOKBACK; at--) {
            StreamReads.Message message = reads.read(settings.snapshotStream(), at).orElse(null);
            if (message == null || message.offset() > at) {
                break; // retention removed it, and everything older
            }
            Object covered = message.headers().get(SNAPSHOT_HEADER);
            if (covered == null) {
                continue; // another instance's marker
            }
            StateSnapshot snapshot;
            try {
                snapshot = SnapshotFormat.decode(message.body(), "at offset " + at + " of stream " + settings.snapshotStream());
            } catch (CorruptSnapshotException e) {
                corrupt++;
                stats.corruptSnapshot();
                log.warn("skipping the snapshot at offset {} of stream {}: {}; trying an older one", at,
                        settings.snapshotStream(), e.problem());
                continue;
            }
            if (snapshot.streamOffset() + 1 >= first) {
                stats.restoredFrom(snapshot.streamOffset());
                log.info("restoring the snapshot at offset {} of stream {}: it covers stream {} up to offset {} "
                                + "({} follow pairs, {} events held); reading on from offset {}", at,
                        settings.snapshotStream(), settings.streamQueue(), snapshot.streamOffset(),
                        snapshot.follows().length, snapshot.held().size() + snapshot.undecided().size(),
                        snapshot.streamOffset() + 1);
                return new Plan(Optional.of(snapshot), snapshot.streamOffset() + 1);
            }
            tooOld = snapshot;
            break; // every older one covers less
        }
        if (first == 0) {
            log.info("{}: replaying stream {} from its first message", corrupt > 0 ? corrupt
                    + " snapshots could not be read" : "no snapshot in stream " + settings.snapshotStream(), settings.streamQueue());
            return new Plan(Optional.empty(), 0);
        }
        throw new HistoryLostException("cannot rebuild the follow state: stream " + settings.streamQueue()
                + " now begins at offset " + first + " (a retention policy removed what came before), and stream "
                + settings.snapshotStream() + " has no snapshot that covers it: "
                + (tooOld != null ? "the newest that can be read covers up to offset " + tooOld.streamOffset()
                        : "none that can be read")
                + (corrupt > 0 ? " (" + corrupt + " newer ones are corrupt)" : "")
                + ". Serving would be wrong. Keep a processor running with --snapshot-every-events above 0 and size "
                + "the retention so that it keeps what follows a snapshot (docs/OPERATIONS.md, retention); to start "
                + "over, stop every service and delete both streams (every follow is lost)");
    }

    /**
     * Appends a marker to the stream of snapshots and returns its offset: read from the last
     * chunk, subscribed before the marker is appended, so that the marker comes after where
     * reading starts whatever other instances append meanwhile.
     */
    private long appendMarker(Connection connection, StreamReads reads) throws IOException {
        return reads.readUntil(settings.snapshotStream(), "last",
                        message -> instanceId.equals(String.valueOf(message.headers().get(RabbitStreamMode.MARKER_HEADER))),
                        () -> publishMarker(connection))
                .orElseThrow(() -> new IOException("did not find this instance's marker in stream "
                        + settings.snapshotStream() + " within " + READ_TIMEOUT_MILLIS + " ms"))
                .offset();
    }

    private void publishMarker(Connection connection) throws IOException {
        Channel channel = connection.createChannel();
        try {
            channel.confirmSelect();
            channel.basicPublish("", settings.snapshotStream(), new AMQP.BasicProperties.Builder()
                    .deliveryMode(2).headers(Map.of(RabbitStreamMode.MARKER_HEADER, instanceId)).build(), new byte[0]);
            channel.waitForConfirmsOrDie(READ_TIMEOUT_MILLIS);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while appending a marker to stream " + settings.snapshotStream(), e);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the marker in stream " + settings.snapshotStream(), e);
        }
    }
}
