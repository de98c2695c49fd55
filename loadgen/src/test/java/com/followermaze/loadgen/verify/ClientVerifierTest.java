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

/** The checks of one client, without sockets: lines are handed straight to the verifier. */
class ClientVerifierTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);

    private InFlightEvents events;
    private Failures failures;
    private LongAdder received;
    private LatencyRecorder latency;
    private ClientVerifier client;

    @BeforeEach
    void setUp() {
        events = new InFlightEvents(1024);
        failures = new Failures(10);
        received = new LongAdder();
        latency = new LatencyRecorder(ClientVerifier.MAX_LATENCY_MICROS);
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
        assertThat(failures.count()).isEqualTo(1);
        return failures.first().get(0);
    }

    @Test
    void acceptsTheExpectedLinesInOrderAndMeasuresTheirLatency() {
        receive("1|F|60|50".replace("50", "56"), 2_100);
        receive("2|P|32|56", 3_200);
        receive("3|B", 4_300);
        assertThat(failures.any()).isFalse();
        assertThat(client.backlog()).isEqualTo(0);
        assertThat(received.sum()).isEqualTo(3);
        assertThat(latency.intervalHistogram(null).getTotalCount()).isEqualTo(3);
        assertThat(events.oldestUnverified(4)).as("every event was received by its one recipient").isEqualTo(4);
    }

    @Test
    void aWrongLineFailsWithExpectedAndGot() {
        receive("1|F|60|57", 1_000);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_LINE);
        assertThat(failure.where()).isEqualTo("client 1 (user 56)");
        assertThat(failure.expected()).isEqualTo("1|F|60|56");
        assertThat(failure.got()).isEqualTo("1|F|60|57");
    }

    @Test
    void aLaterExpectedLineFirstIsOutOfOrder() {
        receive("2|P|32|56", 1_000);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.OUT_OF_ORDER);
        assertThat(failure.expected()).isEqualTo("1|F|60|56");
    }

    @Test
    void anOlderLineAfterANewerOneIsOutOfOrder() {
        receive("1|F|60|56", 1_000);
        receive("2|P|32|56", 1_000);
        receive("1|F|60|56", 1_000);
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.OUT_OF_ORDER);
    }

    @Test
    void theSameLineTwiceIsExtra() {
        receive("1|F|60|56", 1_000);
        receive("1|F|60|56", 1_000);
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.EXTRA);
    }

    @Test
    void aLineWhenNothingIsExpectedIsExtra() {
        receive("1|F|60|56", 1_000);
        receive("2|P|32|56", 1_000);
        receive("3|B", 1_000);
        receive("4|B", 1_000);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.EXTRA);
        assertThat(failure.expected()).isEqualTo(Failure.NOTHING);
    }

    @Test
    void aLineWithACarriageReturnLeftInIsWrong() {
        receive("1|F|60|56\r", 1_000);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_LINE);
        assertThat(failure.got()).isEqualTo("1|F|60|56\\x0d");
    }

    @Test
    void waitingLongerThanTheTimeoutForTheNextLineIsMissing() {
        client.checkTimeout(100 + TIMEOUT, TIMEOUT);
        assertThat(failures.any()).as("exactly the timeout is still in time").isFalse();
        client.checkTimeout(101 + TIMEOUT, TIMEOUT);
        Failure failure = onlyFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.MISSING);
        assertThat(failure.expected()).isEqualTo("1|F|60|56");
    }

    @Test
    void theTimeoutCountsFromTheLastLineReceived() {
        receive("1|F|60|56", TIMEOUT);
        client.checkTimeout(TIMEOUT + TIMEOUT, TIMEOUT);
        assertThat(failures.any()).isFalse();
    }

    @Test
    void aClientWithNothingExpectedNeverTimesOut() {
        ClientVerifier idle = new ClientVerifier(2, 7, events, failures, latency, received, 0);
        idle.checkTimeout(Long.MAX_VALUE / 2, TIMEOUT);
        assertThat(failures.any()).isFalse();
    }

    @Test
    void aConnectionClosedByTheServerFailsButNotOneWeClose() {
        client.onDisconnected();
        assertThat(onlyFailure().kind()).isEqualTo(FailureKind.DISCONNECTED);

        ClientVerifier closedByUs = new ClientVerifier(2, 7, events, failures, latency, received, 0);
        closedByUs.closing();
        closedByUs.onDisconnected();
        assertThat(failures.count()).isEqualTo(1);
    }

    @Test
    void reportsOnlyTheFirstFailureOfAClient() {
        receive("9|B", 1_000);
        receive("10|B", 1_000);
        assertThat(failures.count()).isEqualTo(1);
        assertThat(failures.first().get(0).detail()).contains("not a line");
    }
}
