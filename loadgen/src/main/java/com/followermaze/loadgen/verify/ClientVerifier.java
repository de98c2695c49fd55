package com.followermaze.loadgen.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.followermaze.loadgen.generate.EventLines;
import com.followermaze.loadgen.report.LatencyRecorder;

/**
 * Checks everything one connected user receives: each line must be, byte for byte, the line
 * of the next seq it expects. The first failure is reported, with the expected and the
 * received line; after it the client is out of step and checks nothing more (the run stops).
 *
 * <p><b>Reconnecting clients</b> ({@code --reconnect}). Let {@code E = e1 < e2 < ... < en} be
 * the seqs this user must receive over the whole run (the full history implies them). A
 * disconnection is then no failure; the client connects again, and the check is:
 * <ul>
 * <li>on each connection before the first disconnection, the lines form a prefix of what
 *     remains of {@code E} (exactly as without reconnection);
 * <li>on each later connection, the lines are a contiguous run {@code ei, ei+1, ..., ej} of
 *     {@code E}: the first line may be any element of {@code E}, one received before included
 *     (a restarted server releases again what it had not made durable) or one after a gap (what
 *     the server released while the client was away is not owed to it); every next line must
 *     be the very next element: a gap, a reorder, a repeat within the connection or a line not
 *     in {@code E} fails as without reconnection;
 * <li>the run is complete for this client once it has received {@code en} (on the current
 *     connection if it disconnected after its last line before {@code en}), or once it is
 *     connected again, has received nothing since, and {@code en} was sent before it connected
 *     again (the server may have released everything left for it while it was away); a line
 *     after {@code en} is extra. A client that reconnected and receives nothing while an
 *     element of {@code E} sent after it connected again is due fails as missing after
 *     {@code --timeout}.
 * </ul>
 * What cannot be checked: which of the lines released while the client was away it should
 * still have got; a server that loses the first lines after a reconnection passes. To check a
 * first line that it had already been told about, the client remembers its last
 * {@value ReconnectHistory#REMEMBERED} elements of {@code E} (its {@link ReconnectHistory}), and the line's bytes must still be in the in-flight
 * window ({@code --window}); a line older than either fails as {@link FailureKind#UNVERIFIABLE}.
 *
 * <p>Threading: {@link #expect} is called by the feeding thread; {@link #onLine},
 * {@link #onWrongTerminator}, {@link #onUnreadableLine}, {@link #onDisconnected}, {@link #onReconnected} and
 * {@link #checkTimeout} by this client's connection thread only (every connection of the
 * client uses the same thread); {@link #backlog}, {@link #lastLineNanos}, {@link #away} and
 * {@link #satisfied} by anyone.
 */
public final class ClientVerifier {

    /** The largest latency recorded, in microseconds; anything slower counts as this. */
    public static final long MAX_LATENCY_MICROS = TimeUnit.HOURS.toMicros(1);

    // The common case writes the two fields that other threads read with release stores, not
    // volatile ones, which fence on every line. The readers (timeouts, completion) need the
    // values in order, not at once.
    private static final VarHandle LAST_RECEIVED_SEQ;
    private static final VarHandle LAST_LINE_NANOS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LAST_RECEIVED_SEQ = lookup.findVarHandle(ClientVerifier.class, "lastReceivedSeq", long.class);
            LAST_LINE_NANOS = lookup.findVarHandle(ClientVerifier.class, "lastLineNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int userId;
    private final InFlightEvents events;
    private final Failures failures;
    private final LatencyRecorder latencyMicros;
    private final LongAdder received;
    /** Null when the client does not reconnect. */
    private final ReconnectHistory history;
    private final ExpectedLines expected;
    private final byte[] expectedLine = new byte[EventLines.MAX_LENGTH];
    private long lastVerifiedSeq;
    // Read by any thread; written on every line with release stores (see LAST_RECEIVED_SEQ).
    private volatile long lastReceivedSeq = ExpectedLines.NONE;
    private volatile long lastLineNanos;
    private volatile boolean closing;
    private boolean failed;

    public ClientVerifier(int clientIndex, int userId, InFlightEvents events, Failures failures,
                          LatencyRecorder latencyMicros, LongAdder received, long startNanos) {
        this(clientIndex, userId, events, failures, latencyMicros, received, startNanos, null);
    }

    /** @param reconnections where reconnections are counted, or null if a disconnection is a failure */
    public ClientVerifier(int clientIndex, int userId, InFlightEvents events, Failures failures,
                          LatencyRecorder latencyMicros, LongAdder received, long startNanos, Reconnections reconnections) {
        this.name = "client " + clientIndex + " (user " + userId + ")";
        this.userId = userId;
        this.events = events;
        this.failures = failures;
        this.latencyMicros = latencyMicros;
        this.received = received;
        this.lastLineNanos = startNanos;
        this.history = reconnections == null ? null : new ReconnectHistory(reconnections);
        this.expected = new ExpectedLines(events.broadcasts());
    }

    public int userId() {
        return userId;
    }

    public String name() {
        return name;
    }

    /**
     * Feeding thread: this user must receive {@code seq} after everything expected so far. (A
     * broadcast goes to {@code events.broadcasts()} instead, once for every client.)
     */
    public void expect(long seq) {
        expected.add(seq);
    }

    /** The queue {@link #expect} adds to: for the feeding thread's fan-out, one object less to reach per seq. */
    ExpectedLines expectedLines() {
        return expected;
    }

    /** How many lines this user still has to receive; a snapshot, any thread. */
    public long backlog() {
        return expected.size();
    }

    /** The seq of the last line received, or {@code ExpectedLines.NONE}; any thread. */
    public long lastReceivedSeq() {
        return lastReceivedSeq;
    }

    /** When the last line arrived (or the client was created, or connected again); any thread. */
    public long lastLineNanos() {
        return lastLineNanos;
    }

    /** Whether the client lost its connection and has received nothing on a new one yet; any thread. */
    public boolean away() {
        return history != null && history.away();
    }

    /**
     * Whether this client has received the last line expected so far (or nothing is expected),
     * or is back after a disconnection, has received nothing since, and expects nothing sent
     * after it came back: with everything sent, the client is done. Any thread.
     */
    public boolean satisfied() {
        long last = expected.lastAdded();
        if (lastReceivedSeq == last) {
            return true;
        }
        // Back, nothing received since, and nothing expected that was sent after it came back:
        // what it missed was released while it was away, and nothing more is coming.
        return history != null && history.away() && last <= history.sentBeforeRejoin();
    }

    /** Checks one received line, {@code bytes[offset..offset+length)} without its terminator. */
    public void onLine(byte[] bytes, int offset, int length, long nowNanos) {
        received.increment();
        LAST_LINE_NANOS.setRelease(this, nowNanos);
        if (failed) {
            return;
        }
        if ((history == null || history.inStep()) && receivedHead(bytes, offset, length, nowNanos)) {
            return; // the common case, checked in place
        }
        byte[] line = Arrays.copyOfRange(bytes, offset, offset + length);
        if (history != null && history.rejoined()) {
            rejoinAt(line, length, nowNanos);
            return;
        }
        if (replaying()) {
            checkRemembered(line, length);
            return;
        }
        checkQueued(line, length, nowNanos);
    }

    /** Whether the line is that of the head of the queue; if so, takes it as received. */
    private boolean receivedHead(byte[] bytes, int offset, int length, long nowNanos) {
        long seq = expected.peek();
        if (seq == ExpectedLines.NONE || !events.isLineOf(seq, bytes, offset, length, expectedLine)) {
            return false;
        }
        long micros = (nowNanos - events.sentAtNanos(seq)) / 1_000;
        latencyMicros.recordValue(Math.max(0, Math.min(micros, MAX_LATENCY_MICROS)));
        take(seq, true);
        lastVerifiedSeq = seq;
        LAST_RECEIVED_SEQ.setRelease(this, seq);
        return true;
    }

    /** A line that must be the head of the queue, {@code line[0..length)}. */
    private void checkQueued(byte[] line, int length, long nowNanos) {
        if (receivedHead(line, 0, length, nowNanos)) {
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
        explainMismatch(seq, events.appendLine(seq, expectedLine, 0), line, length);
    }

    /** Takes the head of the queue, {@code seq}, received or given up on. */
    private void take(long seq, boolean receivedIt) {
        expected.pop(seq);
        events.verified(seq);
        if (history != null) {
            history.taken(seq, receivedIt);
        }
    }

    /** The first line on a new connection: it must be some element of E; the run goes on from there. */
    private void rejoinAt(byte[] line, int length, long nowNanos) {
        long gotSeq = EventLines.leadingSeq(line, length);
        history.firstLineReceived();
        lastVerifiedSeq = 0; // a repeat of a line of an earlier connection is no duplicate
        if (gotSeq > 0 && expected.contains(gotSeq)) {
            // Everything before it was released while the client was away: not owed to it.
            for (long seq = expected.peek(); seq != gotSeq; seq = expected.peek()) {
                take(seq, false);
            }
            checkQueued(line, length, nowNanos);
            return;
        }
        if (gotSeq > 0 && history.replayFrom(gotSeq)) {
            checkRemembered(line, length);
            return;
        }
        if (gotSeq > 0 && history.olderThanRemembered(gotSeq)) {
            fail(FailureKind.UNVERIFIABLE, Failure.NOTHING, Failure.excerpt(line, length),
                    "first line after reconnecting, seq " + gotSeq + ", is older than the " + ReconnectHistory.REMEMBERED
                            + " lines this client remembers: cannot check it");
        } else {
            fail(FailureKind.WRONG_LINE, Failure.NOTHING, Failure.excerpt(line, length),
                    "first line after reconnecting is not a line this user must receive");
        }
    }

    /** A line while re-receiving remembered elements of E: it must be the history's next one. */
    private void checkRemembered(byte[] line, int length) {
        long seq = history.replaySeq();
        int expectedLength = events.appendLineIfHeld(seq, expectedLine, 0);
        if (expectedLength < 0) {
            fail(FailureKind.UNVERIFIABLE, "seq " + seq, Failure.excerpt(line, length),
                    "seq " + seq + " left the in-flight window (--window) before it came again: cannot check it");
            return;
        }
        if (!Arrays.equals(expectedLine, 0, expectedLength, line, 0, length)) {
            explainMismatch(seq, expectedLength, line, length);
            return;
        }
        history.replayed();
        lastVerifiedSeq = seq;
        lastReceivedSeq = seq;
    }

    /** Whether the client is re-receiving lines it was told about before it reconnected. */
    private boolean replaying() {
        return history != null && history.replaying();
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
        } else if (gotSeq > seq && replaying()) {
            fail(FailureKind.OUT_OF_ORDER, wanted, got, "seq " + gotSeq + " arrived before seq " + seq
                    + ": reordered, or " + seq + " was lost");
        } else {
            fail(FailureKind.WRONG_LINE, wanted, got, "not a line this user must receive here");
        }
    }

    private boolean isLineOf(long seq, byte[] line, int length) {
        return events.isLineOf(seq, line, 0, length, new byte[EventLines.MAX_LENGTH]); // explaining a failure only
    }

    /**
     * A line, {@code bytes[offset..offset+length)} without its terminator, that ends with the
     * other terminator than the run's ({@code --line-terminator}): {@code "\r\n"} if
     * {@code endsInCrlf}, else {@code "\n"}. It fails whatever the line says.
     */
    public void onWrongTerminator(byte[] bytes, int offset, int length, boolean endsInCrlf, long nowNanos) {
        received.increment();
        lastLineNanos = nowNanos;
        if (failed) {
            return;
        }
        String got = endsInCrlf ? "\\r\\n" : "\\n";
        String wanted = endsInCrlf ? "\\n" : "\\r\\n";
        byte[] line = Arrays.copyOfRange(bytes, offset, offset + length);
        fail(FailureKind.WRONG_LINE, nextExpected() + wanted, Failure.excerpt(line, length) + got,
                "the line ends in " + got + ", expected " + wanted + " (--line-terminator "
                        + (endsInCrlf ? "LF" : "CRLF") + ")");
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

    /**
     * The connection was closed. Without reconnection that is a failure; with it, the client
     * is away until {@link #onReconnected}.
     *
     * @return whether the client should connect again
     */
    public boolean onDisconnected() {
        if (closing || failed) {
            return false;
        }
        if (history == null) {
            fail(FailureKind.DISCONNECTED, nextExpected(), Failure.NOTHING,
                    "the server closed the connection with " + backlog() + " line(s) still expected");
            return false;
        }
        history.disconnected();
        return true;
    }

    /** Connected again (and about to send the id): the next line picks the place in E. */
    public void onReconnected(long nowNanos) {
        lastLineNanos = nowNanos;
        history.reconnected(events.lastSentSeq());
    }

    /** Could not connect again within the bound. */
    public void onReconnectFailed(String why) {
        if (!closing && !failed) {
            fail(FailureKind.DISCONNECTED, nextExpected(), Failure.NOTHING, why);
        }
    }

    /**
     * Fails with a missing line if the next expected line was sent, and the last line received,
     * more than {@code timeoutNanos} ago. While away, gives up on (and so releases from the
     * in-flight window) the lines expected meanwhile: they are remembered, in case the server sends them
     * after all once the client is back; a client back without a line for the timeout while it
     * has not received its last expected line fails as missing.
     */
    public void checkTimeout(long nowNanos, long timeoutNanos) {
        if (failed) {
            return;
        }
        if (history != null && !history.connected()) {
            for (long seq = expected.peek(); seq != ExpectedLines.NONE; seq = expected.peek()) {
                take(seq, false);
            }
            long last = expected.lastAdded();
            if (history.rejoined() && !satisfied() && nowNanos - lastLineNanos > timeoutNanos) {
                fail(FailureKind.MISSING, "seq " + last, Failure.NOTHING,
                        "nothing for " + TimeUnit.NANOSECONDS.toMillis(nowNanos - lastLineNanos)
                                + " ms since reconnecting; the last line expected, seq " + last + ", never came");
            }
            return;
        }
        boolean replaying = replaying();
        long seq = replaying ? history.replaySeq() : expected.peek();
        if (seq == ExpectedLines.NONE) {
            return;
        }
        long waitingSince = replaying ? lastLineNanos : Math.max(lastLineNanos, events.sentAtNanos(seq));
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
