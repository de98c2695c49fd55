package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.processor.recovery.CorruptSnapshotException;
import com.followermaze.processor.recovery.SnapshotFormat;
import com.followermaze.processor.recovery.StateSnapshot;
import com.rabbitmq.client.Connection;

/**
 * Where a starting scale-out processor begins: the newest snapshot of the stream of snapshots
 * that the event stream still holds everything after, or the event stream's first message.
 *
 * <p>It reads the stream of snapshots' last chunk, then back from the message before it, one
 * message at a time, newest first, looking at {@value #MAX_SNAPSHOTS} snapshots at most. A
 * snapshot is passed over, for an older one, when it does not decode (checksum, version; counted
 * and logged), when its header and body disagree on the offset it covers, when it covers this
 * instance's own catch-up marker (written after this start began: reading on from it would skip
 * the marker), or when the event stream no longer holds everything after it (snapshots are not
 * in offset order: a new writer may be behind the last one). Without a usable snapshot, a replay
 * from the first message is possible only if the event stream still begins at offset 0.
 * Otherwise the follow state cannot be rebuilt and {@link HistoryLostException} says why and
 * what to do: never serve from a state that may be wrong.
 */
final class SnapshotCatchUp {

    /** The header of a snapshot in the stream of snapshots: the event stream offset it covers. */
    static final String SNAPSHOT_HEADER = "fm-snapshot-offset";
    /** How many snapshots a start looks at, newest first. */
    static final int MAX_SNAPSHOTS = 20;
    /** How many messages of the stream of snapshots a start reads at most, snapshots or not. */
    static final int MAX_MESSAGES = 200;
    private static final long READ_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(30);
    /** How long an empty stream of snapshots is waited on; then there is none. */
    private static final long EMPTY_MILLIS = 1_000;
    /** How long after the last message of the last chunk another is waited for. */
    private static final long TAIL_IDLE_MILLIS = 200;
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
    private final ConsumeStats stats;

    SnapshotCatchUp(BrokerSettings settings, ConsumeStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    /**
     * Decides where to begin; call after appending this instance's catch-up marker to the event
     * stream, at offset {@code marker} (so the stream is not empty).
     */
    Plan plan(Connection connection, long marker) throws IOException {
        StreamReads reads = new StreamReads(connection, READ_TIMEOUT_MILLIS);
        long first = reads.read(settings.streamQueue(), "first")
                .orElseThrow(() -> new IOException("stream " + settings.streamQueue() + " sent no message within "
                        + READ_TIMEOUT_MILLIS + " ms, its catch-up marker included"))
                .offset();
        List<StreamReads.Message> newestFirst = new ArrayList<>(reads.readTail(settings.snapshotStream(), EMPTY_MILLIS,
                TAIL_IDLE_MILLIS));
        Collections.reverse(newestFirst);
        long corrupt = 0;
        int snapshots = 0;
        StateSnapshot tooOld = null;
        long before = newestFirst.isEmpty() ? -1 : newestFirst.get(newestFirst.size() - 1).offset();
        for (int read = 0; read < MAX_MESSAGES && snapshots < MAX_SNAPSHOTS; read++) {
            StreamReads.Message message;
            if (read < newestFirst.size()) {
                message = newestFirst.get(read);
            } else {
                long at = --before;
                message = at < 0 ? null : reads.read(settings.snapshotStream(), at).orElse(null);
                if (message == null || message.offset() > at) {
                    break; // retention removed it, and everything older
                }
            }
            Object covered = message.headers().get(SNAPSHOT_HEADER);
            if (!(covered instanceof Number coveredOffset)) {
                continue; // not a snapshot
            }
            snapshots++;
            String where = "at offset " + message.offset() + " of stream " + settings.snapshotStream();
            StateSnapshot snapshot;
            try {
                snapshot = SnapshotFormat.decode(message.body(), where);
                if (snapshot.streamOffset() != coveredOffset.longValue()) {
                    throw new CorruptSnapshotException(where, "it covers offset " + snapshot.streamOffset()
                            + ", its header says " + coveredOffset);
                }
            } catch (CorruptSnapshotException e) {
                corrupt++;
                stats.corruptSnapshot();
                log.warn("skipping the snapshot {}: {}; trying an older one", where, e.problem());
                continue;
            }
            if (marker >= 0 && snapshot.streamOffset() >= marker) {
                continue; // written since this start began; an older one is read on from
            }
            if (snapshot.streamOffset() + 1 < first) {
                if (tooOld == null || snapshot.streamOffset() > tooOld.streamOffset()) {
                    tooOld = snapshot;
                }
                continue; // another writer's may be newer
            }
            stats.restoredFrom(snapshot.streamOffset());
            log.info("restoring the snapshot {}: it covers stream {} up to offset {} ({} follow pairs, {} events held); "
                            + "reading on from offset {}", where, settings.streamQueue(), snapshot.streamOffset(),
                    snapshot.follows().length, snapshot.held().size() + snapshot.undecided().size(),
                    snapshot.streamOffset() + 1);
            return new Plan(Optional.of(snapshot), snapshot.streamOffset() + 1);
        }
        if (first == 0) {
            log.info("{}: replaying stream {} from its first message", snapshots == 0
                    ? "no snapshot in stream " + settings.snapshotStream()
                    : "no usable snapshot among the newest " + snapshots + " (" + corrupt + " could not be read)",
                    settings.streamQueue());
            return new Plan(Optional.empty(), 0);
        }
        throw new HistoryLostException("cannot rebuild the follow state: stream " + settings.streamQueue()
                + " now begins at offset " + first + " (a retention policy removed what came before), and stream "
                + settings.snapshotStream() + " has no snapshot that covers it: "
                + (tooOld != null ? "the newest that can be read covers up to offset " + tooOld.streamOffset()
                        : "none that can be read")
                + (corrupt > 0 ? " (" + corrupt + " of the newest " + snapshots + " could not be read)" : "")
                + ". Serving would be wrong. Keep a processor running with --snapshot-every-events above 0 and size "
                + "the retention so that it keeps what follows a snapshot (docs/OPERATIONS.md, retention); to start "
                + "over, stop every service and delete both streams (every follow is lost)");
    }
}
