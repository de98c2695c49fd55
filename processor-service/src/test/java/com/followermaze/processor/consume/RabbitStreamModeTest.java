package com.followermaze.processor.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.batch.BatchBuilder;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.processor.engine.EngineLoop;
import com.followermaze.processor.engine.EngineSettings;
import com.followermaze.processor.engine.EngineStats;
import com.followermaze.processor.engine.EventEngine;
import com.followermaze.processor.rules.RecordingNotifier;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;

/** The RabbitMQ stream's deliveries, handed to a real engine thread; no broker. */
@Timeout(30)
class RabbitStreamModeTest {

    private static final String INSTANCE = "instance-1";

    private final EngineStats engineStats = new EngineStats();
    private final ConsumeStats stats = new ConsumeStats();
    private final EngineLoop engine = new EngineLoop(
            new EventEngine(new EngineSettings(1024, 100, 8), new RecordingNotifier(Set.of()), engineStats),
            engineStats, 16, Duration.ofHours(1), () -> { });
    private final List<Long> acknowledged = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicInteger caughtUpCalls = new AtomicInteger();
    private final AtomicInteger fatalErrors = new AtomicInteger();
    private final RabbitStreamMode mode = new RabbitStreamMode(
            new BrokerSettings("amqp://127.0.0.1", "events", "events", Optional.empty(), true), 8,
            new EngineHandoff(engine, stats), engineStats, INSTANCE, () -> {
                caughtUpCalls.incrementAndGet();
                caughtUp.countDown();
            }, fatalErrors::incrementAndGet, null, snapshot -> { }); // no start(), so no snapshot: from offset 0
    private final ChannelDeliveries deliveries = new ChannelDeliveries(channel(), new CountDownLatch(1), mode);

    {
        mode.subscribed(deliveries, 0); // as start() does on a first connection with no snapshot
    }

    @AfterEach
    void stopEngine() throws InterruptedException {
        engine.close(Duration.ofSeconds(10));
    }

    /** A channel that is open and records the acknowledgements; nothing else is called. */
    private Channel channel() {
        return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "abort" -> null;
                    case "basicAck" -> {
                        acknowledged.add((Long) args[0]);
                        yield null;
                    }
                    default -> throw new AssertionError("not expected: " + method);
                });
    }

    private static AMQP.BasicProperties at(long offset, AMQP.BasicProperties properties) {
        Map<String, Object> headers = new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
        headers.put("x-stream-offset", offset);
        return properties.builder().headers(headers).build();
    }

    private static AMQP.BasicProperties marker(String instance) {
        return new AMQP.BasicProperties.Builder().headers(Map.of(RabbitStreamMode.MARKER_HEADER, instance)).build();
    }

    private static EventBatch batch(String session, String... lines) {
        BatchBuilder builder = new BatchBuilder(session, 256);
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            builder.add(bytes, 0, bytes.length);
        }
        return builder.cut();
    }

    private void deliver(long tag, long offset, EventBatch batch) throws Exception {
        mode.deliver(deliveries, new Envelope(tag, false, "", "events.stream"),
                at(offset, BatchMessages.properties(batch)), batch.body());
    }

    private void deliver(long tag, long offset, AMQP.BasicProperties properties, byte[] body) throws Exception {
        mode.deliver(deliveries, new Envelope(tag, false, "", "events.stream"), at(offset, properties), body);
    }

    @Test
    void itsOwnMarkerReadBackMeansCaughtUpOnceTheEngineHasTakenInWhatCameBefore() throws Exception {
        engine.start();
        deliver(1, 0, batch("s-1", "1|S|1", "2|S|1"));
        deliver(2, 1, marker("another-instance"), new byte[0]);
        deliver(3, 2, batch("s-1", "3|S|1"));
        deliver(4, 3, marker(INSTANCE), new byte[0]);

        assertThat(caughtUp.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(engineStats.eventsReleased()).as("everything before the marker").isEqualTo(3);
        assertThat(mode.lastOffset()).isEqualTo(3);
        assertThat(stats.badMessages()).as("markers are not bad messages").isZero();

        deliver(5, 4, marker(INSTANCE), new byte[0]); // of an earlier connection, read again
        deliver(6, 5, batch("s-1", "4|S|1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> engineStats.eventsReleased() == 4);
        assertThat(caughtUpCalls).hasValue(1);
    }

    @Test
    void aMessageThatIsNotABatchIsCountedAndAcknowledgedInOrder() throws Exception {
        engine.start();
        deliver(1, 0, new AMQP.BasicProperties.Builder().build(), "not a batch".getBytes(StandardCharsets.US_ASCII));
        deliver(2, 1, batch("s-1", "1|S|1"));

        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.contains(2L));
        assertThat(stats.badMessages()).isEqualTo(1);
        assertThat(engineStats.eventsReleased()).isEqualTo(1);
    }

    @Test
    void theOffsetNeverGoesBackwards() throws Exception {
        deliver(1, 0, batch("s-1", "1|S|1"));
        deliver(2, 5, batch("s-1", "2|S|1"));
        deliver(3, 4, batch("s-1", "3|S|1")); // a delivery of a lost channel, finishing late
        assertThat(mode.lastOffset()).isEqualTo(5);
    }

    @Test
    void afterAReconnectWhatWasTakenIsSkippedAndAGapIsFatal() throws Exception {
        engine.start();
        deliver(1, 0, batch("s-1", "1|S|1"));
        deliver(2, 1, batch("s-1", "2|S|1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> engineStats.eventsReleased() == 2);

        // Reconnected: subscribed from the last offset taken, which comes again and is skipped.
        ChannelDeliveries again = new ChannelDeliveries(channel(), new CountDownLatch(1), mode);
        assertThat(mode.subscribed(again, mode.lastOffset() + 1)).isEqualTo(1);
        mode.deliver(again, new Envelope(1, false, "", "events.stream"), at(1, BatchMessages.properties(batch("s-1", "2|S|1"))),
                batch("s-1", "2|S|1").body());
        EventBatch third = batch("s-1", "3|S|1");
        mode.deliver(again, new Envelope(2, false, "", "events.stream"), at(2, BatchMessages.properties(third)), third.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> engineStats.eventsReleased() == 3);
        assertThat(engineStats.duplicatesStale()).as("the skipped message never reached the engine").isZero();

        // Reconnected again, after retention removed offsets 3 and 4: a gap, so nothing more goes on.
        await().atMost(Duration.ofSeconds(10)).until(() -> engineStats.batchesConsumed() == 4); // the skipped one too
        ChannelDeliveries late = new ChannelDeliveries(channel(), new CountDownLatch(1), mode);
        mode.subscribed(late, mode.lastOffset() + 1);
        EventBatch far = batch("s-1", "9|S|1");
        assertThatThrownBy(() -> mode.deliver(late, new Envelope(1, false, "", "events.stream"),
                at(5, BatchMessages.properties(far)), far.body()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated");
        assertThat(fatalErrors).hasValue(1);
        EventBatch next = batch("s-1", "4|S|1");
        mode.deliver(late, new Envelope(2, false, "", "events.stream"), at(6, BatchMessages.properties(next)), next.body());
        // Nothing handed on after the gap: the engine, which takes a batch within milliseconds, takes none.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> engineStats.batchesConsumed() == 4);
    }

    @Test
    void aRabbitStreamWhoseStartIsGoneIsFatal() {
        assertThatThrownBy(() -> deliver(1, 42, batch("s-1", "7|S|1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated");
        assertThat(fatalErrors).hasValue(1);
        assertThat(mode.lastOffset()).isEqualTo(-1);
        assertThat(engineStats.batchesConsumed()).isZero();
    }
}
