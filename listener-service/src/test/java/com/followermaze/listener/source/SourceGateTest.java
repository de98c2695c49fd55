package com.followermaze.listener.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.followermaze.listener.source.SourceGate.Admission;
import com.followermaze.listener.source.SourceGate.Decision;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class SourceGateTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 1_000_000_000L;
    private final List<String> events = new ArrayList<>();

    private SourceGate gate(long takeoverMs, int maxWaiting) {
        return new SourceGate("b", Duration.ofMillis(takeoverMs), maxWaiting, () -> now);
    }

    /** A member that records what the gate told it. */
    private SourceGate.Member member(String name) {
        return new SourceGate.Member() {
            @Override
            public void promote() {
                events.add("promote " + name);
            }

            @Override
            public void takeOver() {
                events.add("takeOver " + name);
            }
        };
    }

    private void advance(long millis) {
        now += millis * MS;
    }

    @Test
    void sessionIdsAreTheBootIdAndTheConnectionCountInArrivalOrder() {
        SourceGate gate = new SourceGate("b007", Duration.ofSeconds(1), 4, () -> now);
        assertEquals("b007-1", gate.arrive("a", member("a")).sessionId());
        assertEquals("b007-2", gate.arrive("b", member("b")).sessionId());
    }

    @Test
    void theFirstConnectionIsReadAndTheNextOnesWait() {
        SourceGate gate = gate(1000, 4);
        assertEquals(Decision.READ, gate.arrive("first", member("first")).decision());
        Admission second = gate.arrive("second", member("second"));
        assertEquals(new Admission(Decision.WAIT, "b-2", "first", 1), second);
        assertEquals(1, gate.waitingCount());
        assertEquals("first", gate.openRemote());
    }

    @Test
    void aWaitingConnectionIsPromotedOnlyOnceTheCurrentSessionHasFinished() {
        SourceGate gate = gate(1000, 4);
        String first = gate.arrive("first", member("first")).sessionId();
        gate.arrive("second", member("second"));

        gate.closed(first);
        assertThat(events).as("ended, but its last batch is not handed over yet").isEmpty();
        gate.finished(first);
        assertThat(events).containsExactly("promote second");
        assertEquals("second", gate.openRemote());
        assertEquals(0, gate.waitingCount());
    }

    @Test
    void waitingConnectionsArePromotedInArrivalOrder() {
        SourceGate gate = gate(0, 4);
        String id = gate.arrive("c1", member("c1")).sessionId();
        String id2 = gate.arrive("c2", member("c2")).sessionId();
        String id3 = gate.arrive("c3", member("c3")).sessionId();
        gate.arrive("c4", member("c4"));
        gate.closed(id3); // a waiting one goes away unread: it leaves the queue
        for (String session : List.of(id, id2)) {
            gate.closed(session);
            gate.finished(session);
        }
        assertThat(events).containsExactly("promote c2", "promote c4");
    }

    @Test
    void aCurrentSourceSilentWhileReadIsTakenOverAfterTheTakeoverTime() {
        SourceGate gate = gate(1000, 4);
        String first = gate.arrive("first", member("first")).sessionId();
        gate.arrive("second", member("second"));
        advance(600);
        gate.activity(first);
        advance(999);
        gate.tick();
        assertThat(events).as("999 ms since its last read").isEmpty();

        advance(1);
        gate.tick();
        gate.tick();
        assertThat(events).containsExactly("takeOver first");
        assertEquals(1, gate.takenOverCount());

        gate.closed(first);
        gate.finished(first);
        assertThat(events).containsExactly("takeOver first", "promote second");
    }

    @Test
    void aSourceAlreadySilentForLongerWhenAnotherArrivesIsTakenOverAtOnce() {
        SourceGate gate = gate(1000, 4);
        gate.arrive("first", member("first"));
        advance(5000);
        gate.arrive("second", member("second"));
        assertThat(events).containsExactly("takeOver first");
    }

    @Test
    void timeWithReadingPausedIsNotSilence() {
        SourceGate gate = gate(1000, 4);
        String first = gate.arrive("first", member("first")).sessionId();
        advance(400);
        gate.reading(first, false);
        gate.arrive("second", member("second"));
        advance(60_000);
        gate.tick();
        assertThat(events).as("paused for a minute: it may have a backlog in its socket").isEmpty();

        gate.reading(first, true);
        advance(599);
        gate.tick();
        assertThat(events).isEmpty();
        advance(1);
        gate.tick();
        assertThat(events).as("400 ms before the pause and 600 ms after").containsExactly("takeOver first");
    }

    @Test
    void aTakeoverTimeOfZeroNeverTakesOver() {
        SourceGate gate = gate(0, 4);
        gate.arrive("first", member("first"));
        advance(3_600_000);
        gate.arrive("second", member("second"));
        gate.tick();
        assertThat(events).isEmpty();
    }

    @Test
    void anEndedSourceIsNotTakenOverWhileItsLastBatchesWait() {
        SourceGate gate = gate(1000, 4);
        String first = gate.arrive("first", member("first")).sessionId();
        gate.arrive("second", member("second"));
        gate.closed(first);
        advance(10_000);
        gate.tick();
        assertThat(events).isEmpty();
    }

    @Test
    void connectionsBeyondMaxWaitingAreRefusedWithoutUsingASessionNumber() {
        SourceGate gate = gate(1000, 2);
        String first = gate.arrive("c1", member("c1")).sessionId();
        gate.arrive("c2", member("c2"));
        gate.arrive("c3", member("c3"));
        Admission refused = gate.arrive("c4", member("c4"));
        assertEquals(new Admission(Decision.REFUSE, null, "c1", 2), refused);
        assertEquals(2, gate.waitingCount());

        gate.closed(first);
        gate.finished(first);
        assertEquals("b-4", gate.arrive("c5", member("c5")).sessionId(), "numbered as if c4 never came");
    }

    @Test
    void theLongestWaitIsTheOldestWaitingConnections() {
        SourceGate gate = gate(0, 4);
        String first = gate.arrive("c1", member("c1")).sessionId();
        assertEquals(0, gate.longestWaitNanos());
        gate.arrive("c2", member("c2"));
        advance(300);
        gate.arrive("c3", member("c3"));
        advance(200);
        assertEquals(500 * MS, gate.longestWaitNanos());
        gate.closed(first);
        gate.finished(first);
        assertEquals(200 * MS, gate.longestWaitNanos());
    }

    @Test
    void twoSourcesSendingAtOnceAreWarnedAboutOnceAfterTenTakeoverTimes() {
        Logger logger = (Logger) org.slf4j.LoggerFactory.getLogger(SourceGate.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            SourceGate gate = gate(100, 4);
            String first = gate.arrive("first", member("first")).sessionId();
            gate.arrive("second", member("second"));
            for (int i = 0; i < 30; i++) {
                advance(50);
                gate.activity(first); // it keeps sending
                gate.tick();
            }
            assertThat(events).as("a sending source is never cut").isEmpty();
            List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).startsWith("two sources are sending at once: event source second (session b-2)");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void tickSaysWhenTheTakeoverIsDue() {
        SourceGate gate = gate(1000, 4);
        assertEquals(0, gate.tick(), "nothing waits: no checks");
        gate.arrive("first", member("first"));
        advance(300);
        gate.arrive("second", member("second"));
        assertThat(gate.tick()).isBetween(1L, 700 * MS);
    }

    @Test
    void waitingForFinishedSessionsEndsWhenTheLastBatchIsHandedOverAndNoneWaits() throws InterruptedException {
        SourceGate gate = gate(1000, 4);
        String id = gate.arrive("first", member("first")).sessionId();
        String waiting = gate.arrive("second", member("second")).sessionId();
        gate.closed(id);
        assertFalse(gate.awaitFinished(1, 1, TimeUnit.MILLISECONDS));
        gate.finished(id);
        assertFalse(gate.awaitFinished(1, 1, TimeUnit.MILLISECONDS), "the promoted one is not finished");
        gate.closed(waiting);
        gate.finished(waiting);
        assertTrue(gate.awaitFinished(2, 1, TimeUnit.MILLISECONDS));
    }
}
