package com.followermaze.loadgen.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.followermaze.loadgen.generate.EventType;
import com.followermaze.loadgen.generate.GeneratedEvent;

/**
 * The check of a client that reconnects ({@code --reconnect}), without sockets. User 56 must
 * receive broadcasts 1..10 (E); every case disconnects it somewhere and feeds it lines.
 */
class ReconnectingClientVerifierTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);

    private InFlightEvents events;
    private Failures failures;
    private LongAdder received;
    private Reconnections reconnections;
    private ClientVerifier client;

    @BeforeEach
    void setUp() {
        events = new InFlightEvents(1024);
        failures = new Failures(10);
        received = new LongAdder();
        reconnections = new Reconnections();
        client = new ClientVerifier(1, 56, events, failures, new Recorder(ClientVerifier.MAX_LATENCY_MICROS, 3),
                received, 0, reconnections);
        for (long seq = 1; seq <= 10; seq++) {
            expect(seq);
        }
    }

    private void expect(long seq) {
        events.record(new GeneratedEvent(seq, EventType.BROADCAST, 0, 0), 1, 0);
        client.expect(seq);
    }

    private void receive(long... seqs) {
        for (long seq : seqs) {
            byte[] line = (seq + "|B").getBytes(StandardCharsets.US_ASCII);
            client.onLine(line, 0, line.length, 1_000);
        }
    }

    private void dropAndRejoin() {
        assertTrue(client.onDisconnected(), "a reconnecting client wants to come back");
        assertTrue(client.away());
        client.onReconnected(1_000);
    }

    private Failure onlyFailure() {
        assertEquals(1, failures.count(), () -> "failures: " + failures.first());
        return failures.first().get(0);
    }

    private void assertPassed() {
        assertFalse(failures.any(), () -> "failures: " + failures.first());
        assertTrue(client.satisfied(), "the last expected line was received");
    }

    @Test
    void aDisconnectionIsNoFailureAndTheClientMayResumeRightWhereItWas() {
        receive(1, 2, 3);
        dropAndRejoin();
        receive(4, 5, 6, 7, 8, 9, 10);
        assertPassed();
        assertFalse(client.away());
        ReconnectTotals totals = reconnections.totals();
        assertEquals(1, totals.disconnects());
        assertEquals(1, totals.reconnects());
        assertEquals(0, totals.missed());
        assertEquals(0, totals.repeated());
    }

    @Test
    void whatWasReleasedWhileAwayIsNotOwedToTheClient() {
        receive(1, 2, 3);
        dropAndRejoin();
        receive(7, 8, 9, 10);
        assertPassed();
        assertEquals(3, reconnections.totals().missed(), "4, 5 and 6 were missed");
        assertEquals(11, events.oldestUnverified(11), "the missed lines left the window");
    }

    @Test
    void aRestartedServerMaySendAgainWhatTheClientAlreadyHad() {
        receive(1, 2, 3, 4, 5);
        dropAndRejoin();
        receive(3, 4, 5, 6, 7, 8, 9, 10);
        assertPassed();
        assertEquals(3, reconnections.totals().repeated());
        assertEquals(0, reconnections.totals().missed());
    }

    @Test
    void linesGivenUpOnWhileAwayMayStillComeOnceBack() {
        receive(1, 2);
        assertTrue(client.onDisconnected());
        client.checkTimeout(1_000, TIMEOUT); // away: lets go of 3..10
        assertEquals(8, reconnections.totals().missed());
        client.onReconnected(2_000);
        receive(5, 6, 7, 8, 9, 10);
        assertPassed();
        assertEquals(2, reconnections.totals().missed(), "only 3 and 4 were never received");
    }

    @Test
    void aGapAfterReconnectingFails() {
        receive(1, 2);
        dropAndRejoin();
        receive(5, 6, 8);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.OUT_OF_ORDER, failure.kind());
        assertEquals("7|B", failure.expected());
    }

    @Test
    void aGapInsideTheRunSentAgainFails() {
        receive(1, 2, 3, 4, 5);
        dropAndRejoin();
        receive(3, 5);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.OUT_OF_ORDER, failure.kind());
        assertEquals("4|B", failure.expected());
    }

    @Test
    void aDuplicateWithinTheNewConnectionFails() {
        receive(1, 2);
        dropAndRejoin();
        receive(4, 4);
        assertEquals(FailureKind.EXTRA, onlyFailure().kind());
    }

    @Test
    void aDuplicateWhileSendingAgainFails() {
        receive(1, 2, 3, 4);
        dropAndRejoin();
        receive(2, 2);
        assertEquals(FailureKind.EXTRA, onlyFailure().kind());
    }

    @Test
    void aReorderAfterReconnectingFails() {
        receive(1, 2);
        dropAndRejoin();
        receive(4, 6, 5);
        assertEquals(FailureKind.OUT_OF_ORDER, onlyFailure().kind());
    }

    @Test
    void aFirstLineThatIsNoExpectedLineFails() {
        receive(1, 2);
        dropAndRejoin();
        receive(11);
        assertEquals(FailureKind.WRONG_LINE, onlyFailure().kind());
    }

    @Test
    void aFirstLineWithTheRightSeqButOtherBytesFails() {
        receive(1, 2);
        dropAndRejoin();
        byte[] line = "5|P|1|56".getBytes(StandardCharsets.US_ASCII);
        client.onLine(line, 0, line.length, 1_000);
        assertEquals(FailureKind.WRONG_LINE, onlyFailure().kind());
    }

    @Test
    void aLineAfterTheLastExpectedOneIsExtra() {
        receive(1, 2);
        dropAndRejoin();
        receive(9, 10, 10);
        assertEquals(FailureKind.EXTRA, onlyFailure().kind());
    }

    @Test
    void theRunIsNotCompleteUntilTheLastLineArrivesOnTheNewConnection() {
        receive(1, 2);
        dropAndRejoin();
        receive(8, 9);
        assertFalse(client.satisfied());
        receive(10);
        assertTrue(client.satisfied());
    }

    @Test
    void aClientThatHadEverythingBeforeItWasCutOffIsComplete() {
        receive(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertTrue(client.onDisconnected());
        client.checkTimeout(TIMEOUT * 5, TIMEOUT);
        assertPassed();
    }

    @Test
    void aClientBackWithoutALineForTheTimeoutIsMissing() {
        receive(1, 2);
        assertTrue(client.onDisconnected());
        client.onReconnected(1_000);
        client.checkTimeout(1_000 + TIMEOUT, TIMEOUT);
        assertFalse(failures.any(), "exactly the timeout is still in time");
        client.checkTimeout(1_001 + TIMEOUT, TIMEOUT);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.MISSING, failure.kind());
        assertTrue(failure.detail().contains("seq 10"), failure::detail);
    }

    @Test
    void aClientBackAfterItsLastLinesWereSentIsOwedNothingAndComplete() {
        receive(1, 2);
        events.markSent(1, 10, 0);
        assertTrue(client.onDisconnected());
        assertFalse(client.satisfied(), "away: it may still be sent lines once back");
        client.onReconnected(1_000);
        assertTrue(client.satisfied(), "3..10 were sent before it came back: released while it was away");
        client.checkTimeout(1_001 + TIMEOUT, TIMEOUT);
        assertPassed();
        assertEquals(8, reconnections.totals().missed());

        assertTrue(client.onDisconnected());
        assertFalse(client.satisfied(), "away again: not done until it is back");
    }

    @Test
    void aClientBackIsStillOwedWhatIsSentAfterItCameBack() {
        receive(1, 2);
        events.markSent(1, 10, 0);
        assertTrue(client.onDisconnected());
        client.onReconnected(1_000);
        expect(11);
        events.markSent(11, 11, 2_000);
        assertFalse(client.satisfied(), "11 was sent after it came back");
        client.checkTimeout(2_001 + TIMEOUT, TIMEOUT);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.MISSING, failure.kind());
        assertTrue(failure.detail().contains("seq 11"), failure::detail);
    }

    @Test
    void aClientThatCannotConnectAgainFails() {
        assertTrue(client.onDisconnected());
        client.onReconnectFailed("could not connect again within 20000 ms");
        assertEquals(FailureKind.DISCONNECTED, onlyFailure().kind());
    }

    @Test
    void aLineThatLeftTheWindowCannotBeCheckedAndFailsAsUnverifiable() {
        receive(1, 2, 3, 4, 5);
        // The feeding thread moves on by a whole window: slot of seq 3 now holds seq 3 + 1024.
        events.record(new GeneratedEvent(3 + 1024, EventType.BROADCAST, 0, 0), 0, 0);
        dropAndRejoin();
        receive(3);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.UNVERIFIABLE, failure.kind());
        assertTrue(failure.detail().contains("--window"), failure::detail);
    }

    @Test
    void aLineOlderThanTheHistoryFailsAsUnverifiable() {
        InFlightEvents ring = new InFlightEvents(4096);
        ClientVerifier busy = new ClientVerifier(2, 57, ring, failures, new Recorder(ClientVerifier.MAX_LATENCY_MICROS, 3),
                received, 0, reconnections);
        int lines = ReconnectHistory.REMEMBERED + 10;
        for (long seq = 1; seq <= lines; seq++) {
            ring.record(new GeneratedEvent(seq, EventType.BROADCAST, 0, 0), 1, 0);
            busy.expect(seq);
            byte[] line = (seq + "|B").getBytes(StandardCharsets.US_ASCII);
            busy.onLine(line, 0, line.length, 1_000);
        }
        assertTrue(busy.onDisconnected());
        busy.onReconnected(1_000);
        byte[] old = "5|B".getBytes(StandardCharsets.US_ASCII);
        busy.onLine(old, 0, old.length, 2_000);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.UNVERIFIABLE, failure.kind());
        assertTrue(failure.detail().contains("remembers"), failure::detail);
    }

    @Test
    void withoutReconnectionADisconnectionStillFails() {
        ClientVerifier strict = new ClientVerifier(2, 57, events, failures,
                new Recorder(ClientVerifier.MAX_LATENCY_MICROS, 3), received, 0);
        assertFalse(strict.onDisconnected());
        assertEquals(FailureKind.DISCONNECTED, onlyFailure().kind());
    }
}
