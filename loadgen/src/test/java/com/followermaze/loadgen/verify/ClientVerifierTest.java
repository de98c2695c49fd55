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

/** The checks of one client, without sockets: lines are handed straight to the verifier. */
class ClientVerifierTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);

    private InFlightEvents events;
    private Failures failures;
    private LongAdder received;
    private Recorder latency;
    private ClientVerifier client;

    @BeforeEach
    void setUp() {
        events = new InFlightEvents(1024);
        failures = new Failures(10);
        received = new LongAdder();
        latency = new Recorder(ClientVerifier.MAX_LATENCY_MICROS, 3);
        client = new ClientVerifier(1, 56, events, failures, latency, received, 0);
        expect(new GeneratedEvent(1, EventType.FOLLOW, 60, 56), 100);
        expect(new GeneratedEvent(2, EventType.PRIVATE_MESSAGE, 32, 56), 200);
        expect(new GeneratedEvent(3, EventType.BROADCAST, 0, 0), 300);
    }

    private void expect(GeneratedEvent event, long sentAt) {
        events.record(event, 1, sentAt);
        client.expect(event.seq());
    }

    private void receive(String line, long at) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        client.onLine(bytes, 0, bytes.length, at);
    }

    private Failure onlyFailure() {
        assertEquals(1, failures.count());
        return failures.first().get(0);
    }

    @Test
    void acceptsTheExpectedLinesInOrderAndMeasuresTheirLatency() {
        receive("1|F|60|50".replace("50", "56"), 2_100);
        receive("2|P|32|56", 3_200);
        receive("3|B", 4_300);
        assertFalse(failures.any());
        assertEquals(0, client.backlog());
        assertEquals(3, received.sum());
        assertEquals(3, latency.getIntervalHistogram().getTotalCount());
        assertEquals(4, events.oldestUnverified(4), "every event was received by its one recipient");
    }

    @Test
    void aWrongLineFailsWithExpectedAndGot() {
        receive("1|F|60|57", 1_000);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.WRONG_LINE, failure.kind());
        assertEquals("client 1 (user 56)", failure.where());
        assertEquals("1|F|60|56", failure.expected());
        assertEquals("1|F|60|57", failure.got());
    }

    @Test
    void aLaterExpectedLineFirstIsOutOfOrder() {
        receive("2|P|32|56", 1_000);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.OUT_OF_ORDER, failure.kind());
        assertEquals("1|F|60|56", failure.expected());
    }

    @Test
    void anOlderLineAfterANewerOneIsOutOfOrder() {
        receive("1|F|60|56", 1_000);
        receive("2|P|32|56", 1_000);
        receive("1|F|60|56", 1_000);
        assertEquals(FailureKind.OUT_OF_ORDER, onlyFailure().kind());
    }

    @Test
    void theSameLineTwiceIsExtra() {
        receive("1|F|60|56", 1_000);
        receive("1|F|60|56", 1_000);
        assertEquals(FailureKind.EXTRA, onlyFailure().kind());
    }

    @Test
    void aLineWhenNothingIsExpectedIsExtra() {
        receive("1|F|60|56", 1_000);
        receive("2|P|32|56", 1_000);
        receive("3|B", 1_000);
        receive("4|B", 1_000);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.EXTRA, failure.kind());
        assertEquals(Failure.NOTHING, failure.expected());
    }

    @Test
    void aLineWithACarriageReturnLeftInIsWrong() {
        receive("1|F|60|56\r", 1_000);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.WRONG_LINE, failure.kind());
        assertEquals("1|F|60|56\\x0d", failure.got());
    }

    @Test
    void waitingLongerThanTheTimeoutForTheNextLineIsMissing() {
        client.checkTimeout(100 + TIMEOUT, TIMEOUT);
        assertFalse(failures.any(), "exactly the timeout is still in time");
        client.checkTimeout(101 + TIMEOUT, TIMEOUT);
        Failure failure = onlyFailure();
        assertEquals(FailureKind.MISSING, failure.kind());
        assertEquals("1|F|60|56", failure.expected());
    }

    @Test
    void theTimeoutCountsFromTheLastLineReceived() {
        receive("1|F|60|56", TIMEOUT);
        client.checkTimeout(TIMEOUT + TIMEOUT, TIMEOUT);
        assertFalse(failures.any());
    }

    @Test
    void aClientWithNothingExpectedNeverTimesOut() {
        ClientVerifier idle = new ClientVerifier(2, 7, events, failures, latency, received, 0);
        idle.checkTimeout(Long.MAX_VALUE / 2, TIMEOUT);
        assertFalse(failures.any());
    }

    @Test
    void aConnectionClosedByTheServerFailsButNotOneWeClose() {
        client.onDisconnected();
        assertEquals(FailureKind.DISCONNECTED, onlyFailure().kind());

        ClientVerifier closedByUs = new ClientVerifier(2, 7, events, failures, latency, received, 0);
        closedByUs.closing();
        closedByUs.onDisconnected();
        assertEquals(1, failures.count());
    }

    @Test
    void reportsOnlyTheFirstFailureOfAClient() {
        receive("9|B", 1_000);
        receive("10|B", 1_000);
        assertEquals(1, failures.count());
        assertTrue(failures.first().get(0).detail().contains("not a line"));
    }
}
