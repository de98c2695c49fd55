package com.followermaze.listener.source;

import java.util.Objects;
import java.util.Arrays;

import com.followermaze.common.event.EventParser;
import com.followermaze.common.event.Rejection;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.listener.publish.RejectedLine;

/**
 * One event-source connection, from its first line to its last: parses each line, passes
 * the valid ones (their exact bytes) to its {@link EventBatcher}, and counts and logs the
 * rest. Bad input is expected, never an error: a rejected line is counted by its {@link
 * Rejection.Reason}, logged (rate-limited) with the remote address, and skipped.
 *
 * <p>Not thread-safe: it belongs to the connection's event loop.
 */
public final class SourceSession {

    private final String id;
    private final String remote;
    private final EventBatcher batcher;
    private final SourceStats stats;
    private final RateLimitedLog rejections;
    private long lines;
    private long rejected;

    public SourceSession(String id, String remote, EventBatcher batcher, SourceStats stats, RateLimitedLog rejections) {
        this.id = Objects.requireNonNull(id, "id");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.batcher = Objects.requireNonNull(batcher, "batcher");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    public String id() {
        return id;
    }

    public String remote() {
        return remote;
    }

    public EventBatcher batcher() {
        return batcher;
    }

    /**
     * One line, without its terminator, in {@code line[0, length)}; {@code crlf} when it ended in
     * {@code \r\n} (for a last line without one, what the caller decided). The array is reused by
     * the caller.
     */
    public void onLine(byte[] line, int length, boolean crlf) {
        lines++;
        // The listener forwards the line's bytes, so it only validates: nothing is allocated.
        Rejection rejection = EventParser.validate(line, 0, length);
        if (rejection == null) {
            stats.eventAccepted();
            batcher.add(line, 0, length, crlf);
        } else {
            reject(rejection);
            batcher.rejected(new RejectedLine(id, remote, rejection, Arrays.copyOf(line, length)));
        }
    }

    /** A line longer than the limit was discarded; {@code detail} says how long. */
    public void onLineTooLong(String detail) {
        lines++;
        Rejection rejection = new Rejection(Rejection.Reason.LINE_TOO_LONG, detail, "(discarded)");
        reject(rejection);
        batcher.rejected(new RejectedLine(id, remote, rejection, new byte[0]));
    }

    /** The source disconnected. */
    public void finish() {
        batcher.finish();
    }

    /** Lines read in this session, rejected ones included. */
    public long lines() {
        return lines;
    }

    /** Lines rejected in this session. */
    public long rejected() {
        return rejected;
    }

    private void reject(Rejection rejection) {
        rejected++;
        stats.lineRejected(rejection.reason());
        rejections.warn("rejected line from event source {} (session {}): {}", remote, id, rejection.message());
    }
}
