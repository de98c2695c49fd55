package com.followermaze.listener.source;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(gate.arrive("a", member("a")).sessionId()).isEqualTo("b007-1");
        assertThat(gate.arrive("b", member("b")).sessionId()).isEqualTo("b007-2");
    }

    @Test
    void theFirstConnectionIsReadAndTheNextOnesWait() {
        SourceGate gate = gate(1000, 4);
        assertThat(gate.arrive("first", member("first")).decision()).isEqualTo(Decision.READ);
        Admission second = gate.arrive("second", member("second"));
        assertThat(second).isEqualTo(new Admission(Decision.WAIT, "b-2", "first", 1));
        assertThat(gate.waitingCount()).isEqualTo(1);
        assertThat(gate.openRemote()).isEqualTo("first");
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
        assertThat(gate.openRemote()).isEqualTo("second");
        assertThat(gate.waitingCount()).isEqualTo(0);
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
        assertThat(gate.takenOverCount()).isEqualTo(1);

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
        assertThat(refused).isEqualTo(new Admission(Decision.REFUSE, null, "c1", 2));
        assertThat(gate.waitingCount()).isEqualTo(2);

        gate.closed(first);
        gate.finished(first);
        assertThat(gate.arrive("c5", member("c5")).sessionId()).as("numbered as if c4 never came").isEqualTo("b-4");
    }

    @Test
    void theLongestWaitIsTheOldestWaitingConnections() {
        SourceGate gate = gate(0, 4);
        String first = gate.arrive("c1", member("c1")).sessionId();
        assertThat(gate.longestWaitNanos()).isEqualTo(0);
        gate.arrive("c2", member("c2"));
        advance(300);
        gate.arrive("c3", member("c3"));
        advance(200);
        assertThat(gate.longestWaitNanos()).isEqualTo(500 * MS);
        gate.closed(first);
        gate.finished(first);
        assertThat(gate.longestWaitNanos()).isEqualTo(200 * MS);
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
        assertThat(gate.tick()).as("nothing waits: no checks").isEqualTo(0);
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
        assertThat(gate.awaitFinished(1, 1, TimeUnit.MILLISECONDS)).isFalse();
        gate.finished(id);
        assertThat(gate.awaitFinished(1, 1, TimeUnit.MILLISECONDS)).as("the promoted one is not finished").isFalse();
        gate.closed(waiting);
        gate.finished(waiting);
        assertThat(gate.awaitFinished(2, 1, TimeUnit.MILLISECONDS)).isTrue();
    }
}
