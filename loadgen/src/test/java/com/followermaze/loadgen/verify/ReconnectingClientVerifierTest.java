package com.followermaze.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.followermaze.loadgen.generate.EventType;
import com.followermaze.loadgen.generate.GeneratedEvent;
import com.followermaze.loadgen.report.LatencyRecorder;

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
        client = new ClientVerifier(1, 56, events, failures, new LatencyRecorder(ClientVerifier.MAX_LATENCY_MICROS),
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
        assertThat(client.onDisconnected()).as("a reconnecting client wants to come back").isTrue();
        assertThat(client.away()).isTrue();
        client.onReconnected(1_000);
    }

    private Failure onlyFailure() {
        assertThat(failures.count()).as(() -> "failures: " + failures.first()).isEqualTo(1);
        return failures.first().get(0);
    }

    private void assertPassed() {
        assertThat(failures.any()).as(() -> "failures: " + failures.first()).isFalse();
        assertThat(client.satisfied()).as("the last expected line was received").isTrue();
    }

    @Test
    void aDisconnectionIsNoFailureAndTheClientMayResumeRightWhereItWas() {
        receive(1, 2, 3);
        dropAndRejoin();
        receive(4, 5, 6, 7, 8, 9, 10);
        assertPassed();
        assertThat(client.away()).isFalse();
        ReconnectTotals totals = reconnections.totals();
        assertThat(totals.disconnects()).isEqualTo(1);
        assertThat(totals.reconnects()).isEqualTo(1);
        assertThat(totals.missed()).isEqualTo(0);
        assertThat(totals.repeated()).isEqualTo(0);
    }

    @Test
    void whatWasReleasedWhileAwayIsNotOwedToTheClient() {
        receive(1, 2, 3);
        dropAndRejoin();
        receive(7, 8, 9, 10);
        assertPassed();
        assertThat(reconnections.totals().missed()).as("4, 5 and 6 were missed").isEqualTo(3);
        assertThat(events.oldestUnverified(11)).as("the missed lines left the window").isEqualTo(11);
    }

    @Test
    void aRestartedServerMaySendAgainWhatTheClientAlreadyHad() {
        receive(1, 2, 3, 4, 5);
        dropAndRejoin();
        receive(3, 4, 5, 6, 7, 8, 9, 10);
        assertPassed();
        assertThat(reconnections.totals().repeated()).isEqualTo(3);
        assertThat(reconnections.totals().missed()).isEqualTo(0);
    }

    @Test
    void linesGivenUpOnWhileAwayMayStillComeOnceBack() {
        receive(1, 2);
        assertThat(client.onDisconnected()).isTrue();
        client.checkTimeout(1_000, TIMEOUT); // away: lets go of 3..10
        assertThat(reconnections.totals().missed()).isEqualTo(8);
        client.onReconnected(2_000);
        receive(5, 6, 7, 8, 9, 10);
        assertPassed();
        assertThat(reconnections.totals().missed()).as("only 3 and 4 were never received").isEqualTo(2);
    }

    @Test
    void aGapAfterReconnectingFails() {
        receive(1, 2);
        dropAndRejoin();
        receive(5, 6, 8);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.OUT_OF_ORDER);
        assertThat(failure.expected()).isEqualTo("7|B");
    }

    @Test
    void aGapInsideTheRunSentAgainFails() {
        receive(1, 2, 3, 4, 5);
        dropAndRejoin();
        receive(3, 5);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.OUT_OF_ORDER);
        assertThat(failure.expected()).isEqualTo("4|B");
    }

    @Test
    void aDuplicateWithinTheNewConnectionFails() {
        receive(1, 2);
        dropAndRejoin();
        receive(4, 4);
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.EXTRA);
    }

    @Test
    void aDuplicateWhileSendingAgainFails() {
        receive(1, 2, 3, 4);
        dropAndRejoin();
        receive(2, 2);
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.EXTRA);
    }

    @Test
    void aReorderAfterReconnectingFails() {
        receive(1, 2);
        dropAndRejoin();
        receive(4, 6, 5);
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.OUT_OF_ORDER);
    }

    @Test
    void aFirstLineThatIsNoExpectedLineFails() {
        receive(1, 2);
        dropAndRejoin();
        receive(11);
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.WRONG_LINE);
    }

    @Test
    void aFirstLineWithTheRightSeqButOtherBytesFails() {
        receive(1, 2);
        dropAndRejoin();
        byte[] line = "5|P|1|56".getBytes(StandardCharsets.US_ASCII);
        client.onLine(line, 0, line.length, 1_000);
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.WRONG_LINE);
    }

    @Test
    void aLineAfterTheLastExpectedOneIsExtra() {
        receive(1, 2);
        dropAndRejoin();
        receive(9, 10, 10);
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.EXTRA);
    }

    @Test
    void theRunIsNotCompleteUntilTheLastLineArrivesOnTheNewConnection() {
        receive(1, 2);
        dropAndRejoin();
        receive(8, 9);
        assertThat(client.satisfied()).isFalse();
        receive(10);
        assertThat(client.satisfied()).isTrue();
    }

    @Test
    void aClientThatHadEverythingBeforeItWasCutOffIsComplete() {
        receive(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(client.onDisconnected()).isTrue();
        client.checkTimeout(TIMEOUT * 5, TIMEOUT);
        assertPassed();
    }

    @Test
    void aClientBackWithoutALineForTheTimeoutIsMissing() {
        receive(1, 2);
        assertThat(client.onDisconnected()).isTrue();
        client.onReconnected(1_000);
        client.checkTimeout(1_000 + TIMEOUT, TIMEOUT);
        assertThat(failures.any()).as("exactly the timeout is still in time").isFalse();
        client.checkTimeout(1_001 + TIMEOUT, TIMEOUT);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.MISSING);
        assertThat(failure.detail()).as(failure::detail).contains("seq 10");
    }

    @Test
    void aClientBackAfterItsLastLinesWereSentIsOwedNothingAndComplete() {
        receive(1, 2);
        events.markSent(1, 10, 0);
        assertThat(client.onDisconnected()).isTrue();
        assertThat(client.satisfied()).as("away: it may still be sent lines once back").isFalse();
        client.onReconnected(1_000);
        assertThat(client.satisfied()).as("3..10 were sent before it came back: released while it was away").isTrue();
        client.checkTimeout(1_001 + TIMEOUT, TIMEOUT);
        assertPassed();
        assertThat(reconnections.totals().missed()).isEqualTo(8);

        assertThat(client.onDisconnected()).isTrue();
        assertThat(client.satisfied()).as("away again: not done until it is back").isFalse();
    }

    @Test
    void aClientBackIsStillOwedWhatIsSentAfterItCameBack() {
        receive(1, 2);
        events.markSent(1, 10, 0);
        assertThat(client.onDisconnected()).isTrue();
        client.onReconnected(1_000);
        expect(11);
        events.markSent(11, 11, 2_000);
        assertThat(client.satisfied()).as("11 was sent after it came back").isFalse();
        client.checkTimeout(2_001 + TIMEOUT, TIMEOUT);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.MISSING);
        assertThat(failure.detail()).as(failure::detail).contains("seq 11");
    }

    @Test
    void aClientThatCannotConnectAgainFails() {
        assertThat(client.onDisconnected()).isTrue();
        client.onReconnectFailed("could not connect again within 20000 ms");
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.DISCONNECTED);
    }

    @Test
    void aLineThatLeftTheWindowCannotBeCheckedAndFailsAsUnverifiable() {
        receive(1, 2, 3, 4, 5);
        // The feeding thread moves on by a whole window: slot of seq 3 now holds seq 3 + 1024.
        events.record(new GeneratedEvent(3 + 1024, EventType.BROADCAST, 0, 0), 0, 0);
        dropAndRejoin();
        receive(3);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.UNVERIFIABLE);
        assertThat(failure.detail()).as(failure::detail).contains("--window");
    }

    @Test
    void aLineOlderThanTheHistoryFailsAsUnverifiable() {
        InFlightEvents ring = new InFlightEvents(4096);
        ClientVerifier busy = new ClientVerifier(2, 57, ring, failures, new LatencyRecorder(ClientVerifier.MAX_LATENCY_MICROS),
                received, 0, reconnections);
        int lines = ReconnectHistory.REMEMBERED + 10;
        for (long seq = 1; seq <= lines; seq++) {
            ring.record(new GeneratedEvent(seq, EventType.BROADCAST, 0, 0), 1, 0);
            busy.expect(seq);
            byte[] line = (seq + "|B").getBytes(StandardCharsets.US_ASCII);
            busy.onLine(line, 0, line.length, 1_000);
        }
        assertThat(busy.onDisconnected()).isTrue();
        busy.onReconnected(1_000);
        byte[] old = "5|B".getBytes(StandardCharsets.US_ASCII);
        busy.onLine(old, 0, old.length, 2_000);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.UNVERIFIABLE);
        assertThat(failure.detail()).as(failure::detail).contains("remembers");
    }

    @Test
    void withoutReconnectionADisconnectionStillFails() {
        ClientVerifier strict = new ClientVerifier(2, 57, events, failures,
                new LatencyRecorder(ClientVerifier.MAX_LATENCY_MICROS), received, 0);
        assertThat(strict.onDisconnected()).isFalse();
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.DISCONNECTED);
    }
}
