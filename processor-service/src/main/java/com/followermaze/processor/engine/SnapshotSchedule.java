package com.followermaze.processor.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import com.followermaze.processor.recovery.StateSnapshot;

/**
 * When the engine writes a snapshot, and what the last one written covers.
 *
 * <p>A snapshot is due when the engine's durable state changed since the last one (a new
 * stream, a new next expected number, another session) and the snapshot interval has passed
 * since it, or at once when forced. A batch's events are covered by the last snapshot once
 * their stream was replaced in it, or they lie below its next expected number.
 *
 * <p>With no writer (recovery off), nothing is ever due and every batch counts as covered. Not
 * thread-safe: it belongs to the engine thread; the writer runs on it.
 */
final class SnapshotSchedule {

    /** Where snapshots go; {@code null} when recovery is off. */
    private final Consumer<StateSnapshot> writer;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final EngineStats stats;
    /** What the last snapshot written holds: its stream (counted from 0 by the engine), next expected number, session. */
    private int stream = -1;
    private long nextExpected;
    private String session;
    private long lastWriteNanos;

    /**
     * @param writer    where snapshots go (on the engine thread); {@code null} for no recovery
     * @param interval  the least time between two snapshots that are not forced
     * @param nanoClock the engine's clock, {@link System#nanoTime()} readings
     */
    SnapshotSchedule(Consumer<StateSnapshot> writer, Duration interval, LongSupplier nanoClock, EngineStats stats) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("snapshotInterval: " + interval + " (expected >= 0)");
        }
        this.writer = writer;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.lastWriteNanos = nanoClock.getAsLong();
    }

    /** Takes {@code snapshot}, from which the engine was restored as its stream {@code stream}, as the last written. */
    void restored(int stream, StateSnapshot snapshot) {
        recordWritten(stream, snapshot);
    }

    /**
     * Whether a snapshot should be written now of the state {@code stream}, {@code nextExpected},
     * {@code session}: recovery is on, the state differs from the last snapshot's, and the
     * interval has passed since it (or {@code force}).
     */
    boolean isDue(int stream, long nextExpected, String session, boolean force) {
        if (writer == null) {
            return false;
        }
        // The follow graph changes only when events are released, which moves the next expected number.
        boolean changed = stream != this.stream || nextExpected != this.nextExpected
                || !Objects.equals(session, this.session);
        return changed && (force || nanoClock.getAsLong() - lastWriteNanos >= intervalNanos);
    }

    /** Writes {@code snapshot}, the state of the engine's stream {@code stream}. */
    void write(int stream, StateSnapshot snapshot) {
        writer.accept(snapshot);
        recordWritten(stream, snapshot);
        lastWriteNanos = nanoClock.getAsLong();
        stats.snapshotWritten();
    }

    /**
     * Whether the last snapshot written takes into account a batch whose events up to {@code
     * maxSeq} went to stream {@code stream}; always without recovery.
     */
    boolean covers(int stream, long maxSeq) {
        return writer == null || stream < this.stream || (stream == this.stream && maxSeq < nextExpected);
    }

    private void recordWritten(int stream, StateSnapshot snapshot) {
        this.stream = stream;
        this.nextExpected = snapshot.nextExpected();
        this.session = snapshot.session();
    }
}
