package com.followermaze.loadgen.verify;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;

import com.followermaze.loadgen.generate.EventLines;

/**
 * Checks everything one connected user receives: each line must be, byte for byte, the line
 * of the next seq it expects. The first failure is reported, with the expected and the
 * received line; after it the client is out of step and checks nothing more (the run stops).
 *
 * <p>Threading: {@link #expect} is called by the feeding thread; {@link #onLine},
 * {@link #onUnreadableLine}, {@link #onDisconnected} and {@link #checkTimeout} by this client's
 * connection thread only; {@link #backlog} and {@link #lastLineNanos} by anyone.
 */
public final class ClientVerifier {

    /** The largest latency recorded, in microseconds; anything slower counts as this. */
    public static final long MAX_LATENCY_MICROS = TimeUnit.HOURS.toMicros(1);

    private final String name;
    private final int userId;
    private final InFlightEvents events;
    private final Failures failures;
    private final Recorder latencyMicros;
    private final LongAdder received;
    private final ExpectedLines expected = new ExpectedLines();
    private final byte[] expectedLine = new byte[EventLines.MAX_LENGTH];
    private long lastVerifiedSeq;
    private volatile long lastLineNanos;
    private volatile boolean closing;
    private boolean failed;

    public ClientVerifier(int clientIndex, int userId, InFlightEvents events, Failures failures,
                          Recorder latencyMicros, LongAdder received, long startNanos) {
        this.name = "client " + clientIndex + " (user " + userId + ")";
        this.userId = userId;
        this.events = events;
        this.failures = failures;
        this.latencyMicros = latencyMicros;
        this.received = received;
        this.lastLineNanos = startNanos;
    }

    public int userId() {
        return userId;
    }

    public String name() {
        return name;
    }

    /** Feeding thread: this user must receive {@code seq} after everything expected so far. */
    public void expect(long seq) {
        expected.add(seq);
    }

    /** How many lines this user still has to receive; a snapshot, any thread. */
    public long backlog() {
        return expected.size();
    }

    /** When the last line arrived (or the client was created); any thread. */
    public long lastLineNanos() {
        return lastLineNanos;
    }

    /** Checks one received line, {@code line[0..length)} without its terminator. */
    public void onLine(byte[] line, int length, long nowNanos) {
        received.increment();
        lastLineNanos = nowNanos;
        if (failed) {
            return;
        }
        long seq = expected.peek();
        if (seq == ExpectedLines.NONE) {
            long gotSeq = EventLines.leadingSeq(line, length);
            String detail = gotSeq >= 0 && gotSeq == lastVerifiedSeq
                    ? "seq " + gotSeq + " again: a duplicate of the last line received"
                    : "nothing more was expected for this user";
            fail(FailureKind.EXTRA, Failure.NOTHING, Failure.excerpt(line, length), detail);
            return;
        }
        int expectedLength = events.appendLine(seq, expectedLine, 0);
        if (Arrays.equals(expectedLine, 0, expectedLength, line, 0, length)) {
            long micros = (nowNanos - events.sentAtNanos(seq)) / 1_000;
            latencyMicros.recordValue(Math.max(0, Math.min(micros, MAX_LATENCY_MICROS)));
            expected.pop();
            events.verified(seq);
            lastVerifiedSeq = seq;
            return;
        }
        explainMismatch(seq, expectedLength, line, length);
    }

    private void explainMismatch(long seq, int expectedLength, byte[] line, int length) {
        String wanted = Failure.excerpt(expectedLine, expectedLength);
        String got = Failure.excerpt(line, length);
        long gotSeq = EventLines.leadingSeq(line, length);
        if (gotSeq > seq && expected.containsLater(gotSeq) && isLineOf(gotSeq, line, length)) {
            fail(FailureKind.OUT_OF_ORDER, wanted, got,
                    "seq " + gotSeq + " arrived before seq " + seq + ": reordered, or " + seq + " was lost");
        } else if (gotSeq >= 0 && gotSeq == lastVerifiedSeq) {
            fail(FailureKind.EXTRA, wanted, got, "seq " + gotSeq + " again: a duplicate of the last line received");
        } else if (gotSeq >= 0 && gotSeq < lastVerifiedSeq) {
            fail(FailureKind.OUT_OF_ORDER, wanted, got, "seq " + gotSeq + " arrived after seq " + lastVerifiedSeq);
        } else {
            fail(FailureKind.WRONG_LINE, wanted, got, "not a line this user must receive here");
        }
    }

    private boolean isLineOf(long seq, byte[] line, int length) {
        byte[] other = new byte[EventLines.MAX_LENGTH];
        int otherLength = events.appendLine(seq, other, 0);
        return Arrays.equals(other, 0, otherLength, line, 0, length);
    }

    /** A line that could not be read at all (too long, say). */
    public void onUnreadableLine(String what) {
        received.increment();
        if (!failed) {
            fail(FailureKind.WRONG_LINE, nextExpected(), what, "unreadable line");
        }
    }

    /** The run is ending: closing the connection from now on is not a failure. */
    public void closing() {
        closing = true;
    }

    /** The connection was closed. */
    public void onDisconnected() {
        if (!closing && !failed) {
            fail(FailureKind.DISCONNECTED, nextExpected(), Failure.NOTHING,
                    "the server closed the connection with " + backlog() + " line(s) still expected");
        }
    }

    /**
     * Fails with a missing line if the next expected line was sent, and the last line received,
     * more than {@code timeoutNanos} ago.
     */
    public void checkTimeout(long nowNanos, long timeoutNanos) {
        if (failed) {
            return;
        }
        long seq = expected.peek();
        if (seq == ExpectedLines.NONE) {
            return;
        }
        long waitingSince = Math.max(lastLineNanos, events.sentAtNanos(seq));
        if (nowNanos - waitingSince > timeoutNanos) {
            fail(FailureKind.MISSING, nextExpected(), Failure.NOTHING,
                    "no line for " + TimeUnit.NANOSECONDS.toMillis(nowNanos - waitingSince) + " ms; "
                            + backlog() + " line(s) still expected");
        }
    }

    private String nextExpected() {
        long seq = expected.peek();
        if (seq == ExpectedLines.NONE) {
            return Failure.NOTHING;
        }
        return Failure.excerpt(expectedLine, events.appendLine(seq, expectedLine, 0));
    }

    private void fail(FailureKind kind, String wanted, String got, String detail) {
        failed = true;
        failures.record(new Failure(kind, name, wanted, got, detail));
    }
}
