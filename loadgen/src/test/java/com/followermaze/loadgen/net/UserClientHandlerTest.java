package com.followermaze.loadgen.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import com.followermaze.loadgen.generate.EventType;
import com.followermaze.loadgen.generate.GeneratedEvent;
import com.followermaze.loadgen.report.LatencyRecorder;
import com.followermaze.loadgen.verify.ClientVerifier;
import com.followermaze.loadgen.verify.Failure;
import com.followermaze.loadgen.verify.FailureKind;
import com.followermaze.loadgen.verify.Failures;
import com.followermaze.loadgen.verify.InFlightEvents;

class UserClientHandlerTest {

    private InFlightEvents events;
    private Failures failures;
    private ClientVerifier verifier;
    private final AtomicInteger idsSent = new AtomicInteger();

    @BeforeEach
    void setUp() {
        events = new InFlightEvents(64);
        failures = new Failures(5);
        verifier = new ClientVerifier(1, 56, events, failures, new LatencyRecorder(ClientVerifier.MAX_LATENCY_MICROS), new LongAdder(), 0);
        for (GeneratedEvent event : new GeneratedEvent[] {new GeneratedEvent(1, EventType.FOLLOW, 60, 56), new GeneratedEvent(2, EventType.BROADCAST, 0, 0)}) {
            events.record(event, 1, 0);
            verifier.expect(event.seq());
        }
    }

    private EmbeddedChannel channel() {
        return channel(LineTerminator.LF);
    }

    private EmbeddedChannel channel(LineTerminator terminator) {
        return new EmbeddedChannel(new UserClientHandler(verifier,
                ("56" + terminator.text()).getBytes(StandardCharsets.US_ASCII), terminator, 64,
                idsSent::incrementAndGet, cause -> { }, false, () -> { }));
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    @Test
    void sendsItsIdOnceConnected() {
        EmbeddedChannel channel = channel(LineTerminator.CRLF);
        ByteBuf id = channel.readOutbound();
        assertThat(id.toString(StandardCharsets.US_ASCII)).isEqualTo("56\r\n");
        id.release();
        assertThat(idsSent.get()).isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void acceptsLfLinesSplitAcrossReads() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(ascii("1|F|6"));
        channel.writeInbound(ascii("0|56"));
        channel.writeInbound(ascii("\n2|B\n"));
        assertThat(failures.any()).as(() -> failures.first().toString()).isFalse();
        assertThat(verifier.backlog()).isEqualTo(0);
        channel.finishAndReleaseAll();
    }

    @Test
    void acceptsManyCrlfLinesInOneReadAndACrlfSplitBetweenReads() {
        EmbeddedChannel channel = channel(LineTerminator.CRLF);
        channel.writeInbound(ascii("1|F|60|56\r"));
        assertThat(verifier.backlog()).as("a line counts once its terminator is in").isEqualTo(2);
        channel.writeInbound(ascii("\n2|B\r\n"));
        assertThat(failures.any()).as(() -> failures.first().toString()).isFalse();
        assertThat(verifier.backlog()).isEqualTo(0);
        channel.finishAndReleaseAll();
    }

    @Test
    void aCrlfLineFailsAClientThatExpectsLf() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(ascii("1|F|60|56\n2|B\r\n"));
        assertThat(failures.count()).isEqualTo(1);
        Failure failure = failures.first().get(0);
        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_LINE);
        assertThat(failure.expected()).isEqualTo("2|B\\n");
        assertThat(failure.got()).isEqualTo("2|B\\r\\n");
        assertThat(verifier.backlog()).as("the right line with the wrong terminator is not received").isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void anLfLineFailsAClientThatExpectsCrlf() {
        EmbeddedChannel channel = channel(LineTerminator.CRLF);
        channel.writeInbound(ascii("1|F|60|56\n"));
        assertThat(failures.first().get(0).kind()).isEqualTo(FailureKind.WRONG_LINE);
        assertThat(failures.first().get(0).got()).isEqualTo("1|F|60|56\\n");
        assertThat(verifier.backlog()).isEqualTo(2);
        channel.finishAndReleaseAll();
    }

    @Test
    void linesArriveOnlyWhenTheirTerminatorDoes() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(ascii("1|F|60|56\n2|B"));
        assertThat(verifier.backlog()).isEqualTo(1);
        assertThat(failures.any()).as(() -> failures.first().toString()).isFalse();
        channel.writeInbound(ascii("\n"));
        assertThat(verifier.backlog()).isEqualTo(0);
        channel.finishAndReleaseAll();
    }

    @Test
    void aWrongLineAfterGoodOnesInTheSameReadFails() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(ascii("1|F|60|56\n2|P|1|56\n"));
        assertThat(failures.first().get(0).kind()).isEqualTo(FailureKind.WRONG_LINE);
        assertThat(verifier.backlog()).isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void anOverlongLineSplitOverReadsIsOneWrongLine() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(ascii("1".repeat(50)));
        assertThat(failures.any()).isFalse();
        channel.writeInbound(ascii("1".repeat(50)));
        assertThat(failures.first().get(0).kind()).isEqualTo(FailureKind.WRONG_LINE);
        assertThat(failures.count()).isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void anOverlongLineIsAWrongLine() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(ascii("1".repeat(100) + "\n"));
        assertThat(failures.first().get(0).kind()).isEqualTo(FailureKind.WRONG_LINE);
        channel.finishAndReleaseAll();
    }

    @Test
    void aConnectionClosedByTheServerIsReported() {
        EmbeddedChannel channel = channel();
        channel.close();
        assertThat(failures.first().get(0).kind()).isEqualTo(FailureKind.DISCONNECTED);
        channel.finishAndReleaseAll();
    }
}
