package com.followermaze.listener.source;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which event-source connection is read: one at a time, handed over in arrival order,
 * never two interleaved, and names each connection it admits.
 *
 * <p><b>Handover.</b> The first connection {@link #arrive arrives} as the <em>current</em>
 * source and is read. One that arrives while a current one exists <em>waits</em>, unread; it
 * is {@linkplain Member#promote promoted} once the current connection has {@linkplain #closed
 * ended} and its session has {@linkplain #finished finished} (its last batch handed to the
 * sink), so the sink sees one session's batches entirely before the next one's. Waiting
 * connections are promoted in arrival order. At most {@code maxWaiting} wait; one more is
 * refused (no session number is used for it).
 *
 * <p><b>Takeover.</b> While a connection waits, a current one that has sent nothing for {@code
 * takeover} <em>while it was read</em> is taken for a half-open peer and {@linkplain
 * Member#takeOver closed} (once; logged at WARN, counted). Time with reading paused ({@link
 * #reading reading(id, false)}, backpressure) is not silence: the clock stops and resumes
 * where it was. A current connection that keeps sending is never cut (that would lose what is
 * in its socket); when a connection has waited {@code 10 x takeover} (10 s with takeover off)
 * of the current one's reading time, one WARN says two sources are sending at once.
 *
 * <p>Time only moves in the gate's calls: {@link #tick()} performs what is due and says when to
 * call it next; the connections' event loop calls it while any connection waits.
 *
 * <p>Session ids are {@code <bootId>-<n>}: {@code bootId} is chosen at random once per listener
 * instance, {@code n} counts the admitted connections from 1 in arrival order, so ids are unique
 * across restarts. Thread-safe (a monitor: it is touched per connection and per socket read,
 * never per line); {@link Member} callbacks run outside the monitor, on the calling thread.
 */
public final class SourceGate {

    private static final Logger log = LoggerFactory.getLogger(SourceGate.class);
    /** The concurrent-senders warning with takeover off: ten times the default takeover. */
    private static final long WARN_WITHOUT_TAKEOVER_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A connection as the gate sees it: told when to start reading and when to close. */
    public interface Member {
        /** It is the source now: start reading. Called at most once, never while the gate's lock is held. */
        void promote();

        /** It was silent while another connection waited: close it. Called at most once. */
        void takeOver();
    }

    /** What {@link #arrive} decided. */
    public enum Decision {
        /** The connection is the source: read it now. */
        READ,
        /** Another connection is the source: hold this one unread until {@link Member#promote}. */
        WAIT,
        /** {@code maxWaiting} connections wait already: close this one unread. */
        REFUSE
    }

    /**
     * @param decision  what the connection must do
     * @param sessionId its session id; {@code null} when refused
     * @param current   the remote address of the current source, {@code null} when it is this one
     * @param waiting   how many connections wait now, this one included
     */
    public record Admission(Decision decision, String sessionId, String current, int waiting) {
        public Admission {
            Objects.requireNonNull(decision, "decision");
        }
    }

    private final String bootId;
    private final long takeoverNanos;
    private final long warnNanos;
    private final int maxWaiting;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private Entry current;
    private long connections;
    private long unfinished;
    private long finishedCount;
    private long takenOver;

    /**
     * @param takeover   how long a current source may be silent, while read, before a waiting one
     *                   takes over; {@link Duration#ZERO} never takes over
     * @param maxWaiting how many connections may wait; 0 refuses every connection but the current one
     * @param nanoTime   the clock ({@code System::nanoTime})
     */
    public SourceGate(String bootId, Duration takeover, int maxWaiting, LongSupplier nanoTime) {
        this.bootId = Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(takeover, "takeover");
        if (takeover.isNegative()) {
            throw new IllegalArgumentException("takeover: " + takeover + " (expected >= 0, 0 = never)");
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting: " + maxWaiting + " (expected >= 0)");
        }
        this.takeoverNanos = takeover.toNanos();
        this.warnNanos = takeoverNanos > 0 ? 10 * takeoverNanos : WARN_WITHOUT_TAKEOVER_NANOS;
        this.maxWaiting = maxWaiting;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** A connection from {@code remote} arrived: read it, hold it, or refuse it. */
    public Admission arrive(String remote, Member member) {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(member, "member");
        Runnable action = null;
        Admission admission;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (current == null) {
                current = new Entry(bootId + "-" + ++connections, remote, member, now);
                current.startReading(now);
                unfinished++;
                return new Admission(Decision.READ, current.id, null, 0);
            }
            if (waiting.size() >= maxWaiting) {
                return new Admission(Decision.REFUSE, null, current.remote, waiting.size());
            }
            Entry entry = new Entry(bootId + "-" + ++connections, remote, member, now);
            entry.baseline = current.readNanos(now);
            waiting.addLast(entry);
            unfinished++;
            log.info("event source {} waits (session {}): event source {} (session {}) is being read; {} waiting",
                    remote, entry.id, current.remote, current.id, waiting.size());
            action = takeOverIfSilent(now);
            admission = new Admission(Decision.WAIT, entry.id, current.remote, waiting.size());
        }
        run(action);
        return admission;
    }

    /** The current source {@code sessionId} read something: its silence starts again. */
    public synchronized void activity(String sessionId) {
        if (isCurrent(sessionId)) {
            current.lastActivity = nanoTime.getAsLong();
            current.silenceAtPause = 0;
        }
    }

    /** The current source {@code sessionId} is read ({@code true}) or paused for backpressure. */
    public synchronized void reading(String sessionId, boolean reading) {
        if (!isCurrent(sessionId) || current.ended) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (reading) {
            current.startReading(now);
        } else {
            current.stopReading(now);
        }
    }

    /**
     * The connection of {@code sessionId} ended: the current one's session now finishes; a
     * waiting one leaves the queue, unread.
     */
    public synchronized void closed(String sessionId) {
        if (isCurrent(sessionId)) {
            current.stopReading(nanoTime.getAsLong());
            current.ended = true;
            return;
        }
        if (waiting.removeIf(entry -> entry.id.equals(sessionId))) {
            unfinished--;
            notifyAll();
        }
    }

    /** The session handed over its last batch: the next waiting connection, if any, is promoted. */
    public void finished(String sessionId) {
        Runnable action = null;
        synchronized (this) {
            if (!isCurrent(sessionId)) {
                return;
            }
            Entry done = current;
            current = null;
            unfinished--;
            finishedCount++;
            notifyAll();
            Entry next = waiting.pollFirst();
            if (next != null) {
                long now = nanoTime.getAsLong();
                next.startReading(now);
                current = next;
                for (Entry entry : waiting) {
                    entry.baseline = 0;
                }
                log.info("event source {} takes over (session {}) from session {} ({}), which ended and is "
                        + "batched to its end; {} waiting", next.remote, next.id, done.id, done.remote, waiting.size());
                action = next.member::promote;
            }
        }
        run(action);
    }

    /**
     * Takes over a silent current source and warns about concurrent senders when due.
     *
     * @return how long until it should be called again, in nanoseconds; 0 when no connection waits
     */
    public long tick() {
        Runnable action;
        long next;
        synchronized (this) {
            if (waiting.isEmpty() || current == null) {
                return 0;
            }
            long now = nanoTime.getAsLong();
            action = takeOverIfSilent(now);
            warnConcurrentSenders(now);
            next = nextCheck(now);
        }
        run(action);
        return next;
    }

    /** The remote address of the current source, or {@code null}. */
    public synchronized String openRemote() {
        return current == null ? null : current.remote;
    }

    /** How many connections wait to be read, now. */
    public synchronized int waitingCount() {
        return waiting.size();
    }

    /** How long the longest-waiting connection has waited, now, in nanoseconds; 0 when none waits. */
    public synchronized long longestWaitNanos() {
        Entry first = waiting.peekFirst();
        return first == null ? 0 : Math.max(0, nanoTime.getAsLong() - first.arrivedAt);
    }

    /** How many current sources were closed for silence since this gate was made. */
    public synchronized long takenOverCount() {
        return takenOver;
    }

    /** How many sessions have finished since this gate was made. */
    public synchronized long finishedCount() {
        return finishedCount;
    }

    /**
     * Waits until at least {@code count} sessions have finished and none is unfinished (current
     * or waiting), or the timeout passes; the timeout is real time, not the gate's clock.
     *
     * @return whether that happened in time
     */
    public synchronized boolean awaitFinished(long count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (finishedCount < count || unfinished > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private boolean isCurrent(String sessionId) {
        return current != null && current.id.equals(sessionId);
    }

    /** Under the lock; the returned action (or {@code null}) runs after it is released. */
    private Runnable takeOverIfSilent(long now) {
        Entry source = current;
        Entry next = waiting.peekFirst();
        if (takeoverNanos == 0 || next == null || source.ended || source.takenOver || !source.reading
                || source.silence(now) < takeoverNanos) {
            return null;
        }
        source.takenOver = true;
        takenOver++;
        log.warn("event source {} (session {}) sent nothing for {} ms while read and event source {} (session {}) "
                        + "waits: closing it as half-open; the waiting one takes over once its session is batched",
                source.remote, source.id, TimeUnit.NANOSECONDS.toMillis(source.silence(now)), next.remote, next.id);
        return source.member::takeOver;
    }

    private void warnConcurrentSenders(long now) {
        if (current.ended) {
            return;
        }
        long read = current.readNanos(now);
        for (Entry entry : waiting) {
            if (!entry.warned && read - entry.baseline > warnNanos) {
                entry.warned = true;
                log.warn("two sources are sending at once: event source {} (session {}) has waited {} ms while "
                                + "event source {} (session {}) keeps sending; it is read only once that one has ended",
                        entry.remote, entry.id, TimeUnit.NANOSECONDS.toMillis(now - entry.arrivedAt),
                        current.remote, current.id);
            }
        }
    }

    private long nextCheck(long now) {
        // While the source is paused or ended nothing is due; check again soon, in case it resumes.
        long next = Math.max(MIN_CHECK_NANOS, Math.min(takeoverNanos > 0 ? takeoverNanos : warnNanos, warnNanos) / 4);
        if (current.reading && !current.ended) {
            if (takeoverNanos > 0 && !current.takenOver) {
                next = Math.min(next, takeoverNanos - current.silence(now));
            }
            long read = current.readNanos(now);
            for (Entry entry : waiting) {
                if (!entry.warned) {
                    next = Math.min(next, warnNanos - (read - entry.baseline));
                }
            }
        }
        return Math.max(MIN_CHECK_NANOS, next);
    }

    private static void run(Runnable action) {
        if (action != null) {
            action.run();
        }
    }

    /** One connection's state; guarded by the gate's monitor. */
    private static final class Entry {
        final String id;
        final String remote;
        final Member member;
        final long arrivedAt;
        boolean reading;
        boolean ended;
        boolean takenOver;
        /** When it last read something, shifted by the time reading was paused. */
        long lastActivity;
        /** Its silence when reading was paused; frozen until it resumes. */
        long silenceAtPause;
        /** Time it was read, before {@link #readingSince}. */
        long readTotal;
        long readingSince;
        /** For a waiting entry: the current source's {@link #readNanos} when this one began waiting on it. */
        long baseline;
        boolean warned;

        Entry(String id, String remote, Member member, long now) {
            this.id = id;
            this.remote = remote;
            this.member = member;
            this.arrivedAt = now;
            this.lastActivity = now;
        }

        void startReading(long now) {
            if (!reading) {
                reading = true;
                readingSince = now;
                lastActivity = now - silenceAtPause;
            }
        }

        void stopReading(long now) {
            if (reading) {
                reading = false;
                readTotal += now - readingSince;
                silenceAtPause = now - lastActivity;
            }
        }

        long silence(long now) {
            return reading ? now - lastActivity : silenceAtPause;
        }

        long readNanos(long now) {
            return readTotal + (reading ? now - readingSince : 0);
        }
    }
}
