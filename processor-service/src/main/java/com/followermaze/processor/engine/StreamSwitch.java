package com.followermaze.processor.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;
import com.followermaze.common.log.RateLimitedLog;

/**
 * Decides which stream each source session's batches belong to, and holds the events of a
 * session not yet decided.
 *
 * <p>The current stream's session feeds its events straight to the {@link Stream}. Batches of
 * a session a newer stream retired are dropped and counted. A new session becomes the current
 * one at once while the stream has not begun (nothing released, nothing held). Otherwise its
 * events are held, undecided, until the first of:
 * <ol>
 *   <li>its sequence number 1: a <b>new stream</b> ({@link StreamDecision#NEW_STREAM});</li>
 *   <li>an event numbered the stream's next expected number ({@link StreamDecision#NEXT_EXPECTED})
 *       or above the new-stream window ({@link StreamDecision#ABOVE_WINDOW}): a <b>continuation</b>;</li>
 *   <li>a new-stream window's worth of events held without a 1 ({@link StreamDecision#WINDOW_FULL}): a
 *       continuation, so that what is held stays bounded;</li>
 *   <li>a batch of the session marked {@link SessionMark#DEADLINE} or {@link SessionMark#END}: a
 *       continuation;</li>
 *   <li>a batch of another session ({@link StreamDecision#ANOTHER_SESSION}): a continuation.</li>
 * </ol>
 * Once decided, the held events are fed in the order they arrived, then the deciding event.
 * The decision depends on the batches alone, never on a clock, so every processor that reads
 * the same batches (scale-out, a replay) decides the same. A batch with no events and no mark
 * (a catch-up marker, a batch of bad lines) says nothing about any session and is ignored.
 *
 * <p>A batch whose events are held counts them in its {@link Receipt#undecided}, so it is not
 * acknowledged before they are decided; nothing undecided is in a snapshot, which is why an
 * undecided session's batches are redelivered after a crash.
 *
 * <p>Not thread-safe: it belongs to the engine thread.
 */
final class StreamSwitch {

    /** The stream the switch feeds: the engine's sequencer and rules. */
    interface Stream {

        /** The sequence number the current stream waits for. */
        long nextExpected();

        /** How many events the current stream holds behind a gap. */
        int held();

        /** Takes in an event of the current stream, on behalf of the batch of {@code receipt}. */
        void feed(Event event, Receipt receipt);

        /** Ends the current stream (its held events are discarded, every follow forgotten) and begins a new one at 1. */
        void restart();
    }

    private static final Logger log = LoggerFactory.getLogger(StreamSwitch.class);
    private static final int RETIRED_SESSIONS_KEPT = 64;
    /** The undecided session's "since" while no session is undecided. */
    static final long NO_UNDECIDED_SESSION = Long.MIN_VALUE;

    private final int newStreamWindow;
    private final Stream stream;
    private final LongSupplier nanoClock;
    private final EngineStats stats;
    private final LinkedHashSet<String> retiredSessions = new LinkedHashSet<>();
    private final RateLimitedLog refusals = new RateLimitedLog(log, 5, TimeUnit.SECONDS);
    private final List<Held> held = new ArrayList<>();

    private String currentSession;
    /** The session being decided, or {@code null}; then {@link #held} is empty. */
    private String undecidedSession;
    private long undecidedSinceNanos;

    /**
     * @param newStreamWindow how many events of a new session may be held undecided, and the
     *                        highest sequence number a new stream's first events may have
     * @param nanoClock       the engine's clock, read when a session becomes undecided and when it is decided
     */
    StreamSwitch(int newStreamWindow, Stream stream, LongSupplier nanoClock, EngineStats stats) {
        if (newStreamWindow < 1) {
            throw new IllegalArgumentException("newStreamWindow: " + newStreamWindow + " (expected > 0)");
        }
        this.newStreamWindow = newStreamWindow;
        this.stream = Objects.requireNonNull(stream, "stream");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Resumes with {@code session} as the current stream's session and {@code retired} as retired. */
    void restore(String session, Collection<String> retired) {
        currentSession = session;
        retiredSessions.addAll(retired);
    }

    /**
     * Resumes with {@code session} undecided, holding {@code events} (in the order they came)
     * for its decision, as a snapshot taken then recorded it; after {@link #restore}.
     */
    void restoreUndecided(String session, List<Event> events, Receipt receipt) {
        if (session == null) {
            return;
        }
        undecidedSession = session;
        undecidedSinceNanos = nanoClock.getAsLong();
        for (Event event : events) {
            receipt.undecided++;
            held.add(new Held(event, receipt));
        }
    }

    /** The session whose stream decision is pending, or {@code null}. */
    String undecidedSession() {
        return undecidedSession;
    }

    /** The events held for the pending decision, in the order they came. */
    List<Event> undecidedEvents() {
        List<Event> events = new ArrayList<>(held.size());
        for (Held event : held) {
            events.add(event.event);
        }
        return events;
    }

    /** The session whose events make up the current stream; {@code null} before the first. */
    String currentSession() {
        return currentSession;
    }

    /** The sessions a newer stream retired, oldest first (at most the last 64). */
    List<String> retiredSessions() {
        return List.copyOf(retiredSessions);
    }

    /** How many events wait for their session to be decided. */
    int undecided() {
        return held.size();
    }

    /** Takes in one batch, whose acknowledgement {@code receipt} tracks. */
    void accept(ConsumedBatch batch, Receipt receipt) {
        String session = batch.session();
        if (batch.events().isEmpty() && batch.mark() == SessionMark.NONE) {
            return;
        }
        if (retiredSessions.contains(session)) {
            stats.eventsFromRetiredSession(batch.events().size());
            if (!batch.events().isEmpty()) {
                refusals.warn("dropped {} events of batch {} from source {}: a newer stream has replaced it",
                        batch.events().size(), batch.number(), session);
            }
            return;
        }
        if (!session.equals(currentSession) && !session.equals(undecidedSession)) {
            if (undecidedSession != null) {
                decide(StreamDecision.ANOTHER_SESSION, "source " + session + " arrived");
            }
            if (isBegun()) {
                undecidedSession = session;
                undecidedSinceNanos = nanoClock.getAsLong();
            } else {
                takeOver(session);
            }
        }
        for (Event event : batch.events()) {
            if (undecidedSession == null) {
                stream.feed(event, receipt);
            } else {
                consider(event, receipt);
            }
        }
        if (undecidedSession != null && batch.mark() != SessionMark.NONE) {
            boolean end = batch.mark() == SessionMark.END;
            decide(end ? StreamDecision.END : StreamDecision.DEADLINE,
                    end ? "it ended without sequence number 1" : "its deadline passed without sequence number 1");
        }
        stats.undecided(held.size(), undecidedSession == null ? NO_UNDECIDED_SESSION : undecidedSinceNanos);
    }

    /** Whether the current stream has begun: it has released or holds events. */
    private boolean isBegun() {
        return stream.nextExpected() > 1 || stream.held() > 0;
    }

    /** An event of the undecided session: does it decide, or is it held? */
    private void consider(Event event, Receipt receipt) {
        long seq = event.seq();
        if (seq == 1) {
            decide(StreamDecision.NEW_STREAM, "sequence 1");
        } else if (seq == stream.nextExpected()) {
            decide(StreamDecision.NEXT_EXPECTED, "sequence " + seq + " is the next expected one");
        } else if (seq > newStreamWindow) {
            decide(StreamDecision.ABOVE_WINDOW, "sequence " + seq + " is above the new-stream window of " + newStreamWindow);
        } else {
            receipt.undecided++;
            held.add(new Held(event.withOwnLine(), receipt)); // may wait long: no hold on its batch's body
            if (held.size() >= newStreamWindow) {
                decide(StreamDecision.WINDOW_FULL, held.size() + " events without sequence number 1 (the new-stream window)");
            }
            return;
        }
        stream.feed(event, receipt);
    }

    /** Decides the undecided session, then feeds what it held. */
    private void decide(StreamDecision decision, String why) {
        long undecidedMillis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - undecidedSinceNanos);
        if (decision == StreamDecision.NEW_STREAM) {
            log.info("source {} starts a new stream at sequence 1 ({} events held undecided for {} ms); the stream "
                            + "of source {} ends at {} ({} events it held are discarded, every follow is forgotten)",
                    undecidedSession, held.size(), undecidedMillis, currentSession, stream.nextExpected() - 1,
                    stream.held());
            stats.streamStarted(stream.held());
            if (currentSession != null) {
                retiredSessions.add(currentSession);
                if (retiredSessions.size() > RETIRED_SESSIONS_KEPT) {
                    retiredSessions.remove(retiredSessions.iterator().next());
                }
            }
            stream.restart();
        } else {
            log.info("source {} continues the stream of source {} at {}: {} ({} events held undecided for {} ms)",
                    undecidedSession, currentSession, stream.nextExpected(), why, held.size(), undecidedMillis);
        }
        stats.streamDecided(decision);
        currentSession = undecidedSession;
        undecidedSession = null;
        for (Held event : held) {
            event.receipt.undecided--;
            stream.feed(event.event, event.receipt);
        }
        held.clear();
    }

    /** A new session while the stream has not begun: nothing to decide, it is the stream's now. */
    private void takeOver(String session) {
        if (currentSession != null) {
            log.info("source {} takes the place of source {}, whose stream has not begun", session, currentSession);
        }
        currentSession = session;
    }

    private record Held(Event event, Receipt receipt) {
    }
}
