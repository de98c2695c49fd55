package com.followermaze.listener;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.amqp.BatchMessages;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.Topology;
import com.followermaze.common.batch.BatchFormat;
import com.followermaze.common.event.Rejection.Reason;
import com.followermaze.common.testing.RealRabbitMq;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;

/** The listener against the real RabbitMQ: what a source sends is what the queue holds. */
@Timeout(60)
class ListenerServiceIT {

    private static final Map<String, Reason> MALFORMED = Map.of(
            "", Reason.EMPTY_LINE,
            "x|B", Reason.BAD_SEQUENCE,
            "7|Q|1", Reason.UNKNOWN_TYPE,
            "7|F|1", Reason.MISSING_FIELD,
            "7|S|1|2", Reason.EXTRA_FIELD,
            "7|P|a|2", Reason.BAD_USER_ID,
            "9".repeat(1500), Reason.LINE_TOO_LONG);

    private String uri;
    private BrokerSettings broker;
    private Connection connection;

    @BeforeEach
    void connectToTheBroker() throws Exception {
        uri = RealRabbitMq.uriOrSkip();
        String name = "fm-it-listener-" + UUID.randomUUID();
        // Unbounded: these tests read the queue only after the source has ended, or declare it
        // themselves without arguments; the bounded queue has its own test (BoundedQueueIT).
        broker = new BrokerSettings(uri, name, name).withMaxQueuedBatches(0);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        connection = factory.newConnection("listener-it");
    }

    @AfterEach
    void deleteTheExchangeAndQueue() throws Exception {
        if (connection != null) {
            try (Channel channel = connection.createChannel()) {
                RealRabbitMq.deleteTopology(channel, broker);
            }
            connection.close();
        }
    }

    /** Valid lines like the official test program's: seq 1..n, every type, sent in shuffled runs of 1..100. */
    private static List<String> validLines(int count, Random random) {
        List<String> lines = new ArrayList<>(count);
        for (int seq = 1; seq <= count; seq++) {
            int from = 1 + random.nextInt(1000);
            int to = 1 + random.nextInt(1000);
            String line = switch (random.nextInt(5)) {
                case 0 -> seq + "|F|" + from + "|" + to;
                case 1 -> seq + "|U|" + from + "|" + to;
                case 2 -> seq + "|P|" + from + "|" + to;
                case 3 -> seq + "|S|" + from;
                default -> seq + "|B";
            };
            // Leading zeros are valid and must survive byte for byte.
            lines.add(random.nextInt(50) == 0 ? "00" + line : line);
        }
        List<String> sent = new ArrayList<>(count);
        for (int start = 0; start < count; ) {
            int end = Math.min(count, start + 1 + random.nextInt(100));
            List<String> run = new ArrayList<>(lines.subList(start, end));
            Collections.shuffle(run, random);
            sent.addAll(run);
            start = end;
        }
        return sent;
    }

    private static void sendAndClose(int port, List<String> lines, Random random) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 + random.nextInt(8192));
            for (String line : lines) {
                out.write(line.getBytes(US_ASCII));
                out.write((random.nextBoolean() ? "\r\n" : "\n").getBytes(US_ASCII));
            }
            out.flush();
        }
    }

    /** Every message in the queue, checked for the batch headers; returns the lines of all bodies. */
    private List<String> drainQueue(String expectedSource, long expectedBatches) throws Exception {
        List<String> lines = new ArrayList<>();
        TreeSet<Long> numbers = new TreeSet<>();
        try (Channel channel = connection.createChannel()) {
            GetResponse response;
            while ((response = channel.basicGet(broker.queue(), true)) != null) {
                Map<String, Object> headers = response.getProps().getHeaders();
                assertThat(((Number) headers.get(BatchMessages.FORMAT_HEADER)).intValue()).isEqualTo(BatchFormat.VERSION);
                assertThat(headers.get(BatchMessages.SOURCE_HEADER).toString()).isEqualTo(expectedSource);
                assertThat(response.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
                assertThat(numbers.add(((Number) headers.get(BatchMessages.BATCH_HEADER)).longValue())).as("batch numbers are unique").isTrue();
                String body = new String(response.getBody(), US_ASCII);
                int count = ((Number) headers.get(BatchMessages.COUNT_HEADER)).intValue();
                if (count == 0) {
                    assertThat(body).as("only a marked batch (the session's END, a DEADLINE) is empty").isEqualTo("");
                    continue;
                }
                assertThat(body.endsWith("\n")).isTrue();
                // Each line ends with the terminator it was read with; the lines compared are without it.
                List<String> bodyLines = Arrays.stream(body.substring(0, body.length() - 1).split("\n", -1))
                        .map(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toList();
                assertThat(bodyLines.size()).isEqualTo(count);
                lines.addAll(bodyLines);
            }
        }
        assertThat(numbers.size()).as("one message per confirmed batch").isEqualTo(expectedBatches);
        assertThat(numbers.isEmpty() ? 1L : numbers.first()).isEqualTo(1L);
        assertThat(numbers.isEmpty() ? 0L : numbers.last()).as("batch numbers run 1..n without gaps").isEqualTo(expectedBatches);
        return lines;
    }

    @Test
    void everyValidLineArrivesExactlyOnceWithItsExactBytesAndTheStatsAgree() throws Exception {
        Random random = new Random(666);
        List<String> valid = validLines(20_000, random);
        List<String> sent = new ArrayList<>(valid);
        for (int copy = 0; copy < 10; copy++) {
            for (String bad : MALFORMED.keySet()) {
                sent.add(random.nextInt(sent.size() + 1), bad);
            }
        }

        ListenerService service = new ListenerService(ListenerConfig.defaults().withEventPort(0), broker, "127.0.0.1");
        try (service) {
            service.start();
            sendAndClose(service.eventPort(), sent, random);
            assertThat(service.awaitSourcesFinished(1, Duration.ofSeconds(30))).as("the source's session ends").isTrue();
        }

        ListenerStats stats = service.stats();
        List<String> received = drainQueue(service.bootId() + "-1", stats.batchesConfirmed());
        List<String> expected = new ArrayList<>(valid);
        Collections.sort(expected);
        Collections.sort(received);
        assertThat(received).as("every valid line exactly once, byte for byte").isEqualTo(expected);

        assertThat(stats.linesRead()).isEqualTo(sent.size());
        assertThat(stats.linesRejected()).isEqualTo(70);
        for (Reason reason : MALFORMED.values()) {
            assertThat(stats.linesRejected(reason)).as(reason.name()).isEqualTo(10);
        }
        assertThat(stats.rejectedLinesKept()).isEqualTo(70);
        assertThat(stats.rejectedLinesDropped()).isEqualTo(0);
        List<String> kept = new ArrayList<>();
        try (Channel channel = connection.createChannel()) {
            GetResponse message;
            while ((message = channel.basicGet(broker.rejectedQueue(), true)) != null) {
                kept.add(message.getProps().getHeaders().get("fm-reason") + ":"
                        + new String(message.getBody(), StandardCharsets.UTF_8));
            }
        }
        List<String> expectedRejected = new ArrayList<>();
        for (int copy = 0; copy < 10; copy++) {
            // A line over the limit is never buffered, so it is kept without its bytes.
            MALFORMED.forEach((line, reason) ->
                    expectedRejected.add(reason + ":" + (reason == Reason.LINE_TOO_LONG ? "" : line)));
        }
        Collections.sort(expectedRejected);
        Collections.sort(kept);
        assertThat(kept).as("every rejected line is kept, byte for byte, with its reason").isEqualTo(expectedRejected);
        assertThat(stats.eventsPublished()).isEqualTo(20_000);
        assertThat(stats.eventsConfirmed()).isEqualTo(20_000);
        assertThat(stats.batchesConfirmed()).isEqualTo(stats.batchesPublished());
        assertThat(stats.batchesRepublished()).isEqualTo(0);
        assertThat(stats.inflightBatches()).isEqualTo(0);
        assertThat(stats.peakInflightBatches()).as("peak " + stats.peakInflightBatches()).isLessThanOrEqualTo(64);
    }

    @Test
    void theInflightWindowBoundHoldsAndNothingIsLostWhileReadingPauses() throws Exception {
        Random random = new Random(42);
        List<String> valid = validLines(3_000, random);
        ListenerConfig config = ListenerConfig.defaults().withEventPort(0).withBatching(10, 64 * 1024, 1)
                .withMaxInflightBatches(2);

        ListenerService service = new ListenerService(config, broker, "127.0.0.1");
        try (service) {
            service.start();
            sendAndClose(service.eventPort(), valid, random);
            assertThat(service.awaitSourcesFinished(1, Duration.ofSeconds(30))).isTrue();
            // Every event confirmed before the shutdown, whose time limit is not what this test is about:
            // over 300 batches two at a time are that many round trips, long on a loaded machine.
            await().atMost(Duration.ofSeconds(120)).until(() -> service.stats().eventsConfirmed() == valid.size());
        }

        ListenerStats stats = service.stats();
        assertThat(stats.peakInflightBatches()).as("peak in flight").isLessThanOrEqualTo(2);
        assertThat(stats.timesPaused()).as("paused while waiting for the broker, then for confirms").isGreaterThanOrEqualTo(2);
        assertThat(stats.batchesConfirmed()).isGreaterThanOrEqualTo(300);
        List<String> received = drainQueue(service.bootId() + "-1", stats.batchesConfirmed());
        List<String> expected = new ArrayList<>(valid);
        Collections.sort(expected);
        Collections.sort(received);
        assertThat(received).isEqualTo(expected);
        assertThat(stats.toString()).isNotNull();
    }

    @Test
    void afterTheBrokerClosesTheChannelThePublisherReconnectsAndPublishesTheUnconfirmedBatchesAgain() throws Exception {
        Random random = new Random(7);
        List<String> valid = validLines(4_000, random);
        ListenerConfig config = ListenerConfig.defaults().withEventPort(0).withBatching(10, 64 * 1024, 1)
                .withMaxInflightBatches(8);
        Map<String, String> bodiesByBatch = new ConcurrentHashMap<>();
        CountDownLatch firstDelivery = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);

        ListenerService service = new ListenerService(config, broker, "127.0.0.1");
        try (service; Channel consumer = connection.createChannel()) {
            service.start();
            String tag;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", service.eventPort()), 30_000);
                OutputStream out = socket.getOutputStream();
                out.write(String.join("\n", valid.subList(0, 2_000)).concat("\n").getBytes(US_ASCII));
                out.flush();

                Topology.declare(consumer, broker); // as the services declare it (a quorum queue on RabbitMQ)
                tag = consumer.basicConsume(broker.queue(), true, new DefaultConsumer(consumer) {
                    @Override
                    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                        Map<String, Object> headers = properties.getHeaders();
                        bodiesByBatch.put(headers.get(BatchMessages.SOURCE_HEADER) + "/" + headers.get(BatchMessages.BATCH_HEADER),
                                new String(body, US_ASCII));
                        firstDelivery.countDown();
                    }

                    @Override
                    public void handleCancelOk(String consumerTag) {
                        cancelled.countDown();
                    }
                });
                assertThat(firstDelivery.await(10, TimeUnit.SECONDS)).as("the listener publishes").isTrue();

                // Publishing to a missing exchange makes the broker close the listener's channel.
                try (Channel admin = connection.createChannel()) {
                    admin.exchangeDelete(broker.exchange());
                }
                out.write(String.join("\n", valid.subList(2_000, valid.size())).concat("\n").getBytes(US_ASCII));
                out.flush();
            }
            assertThat(service.awaitSourcesFinished(1, Duration.ofSeconds(30))).isTrue();
            service.close();
            consumer.basicCancel(tag);
            assertThat(cancelled.await(30, TimeUnit.SECONDS)).as("deliveries before the cancel are all handled").isTrue();
        }

        ListenerStats stats = service.stats();
        assertThat(stats.brokerConnectionsLost()).as("the channel was lost: " + stats).isGreaterThanOrEqualTo(1);
        assertThat(stats.batchesRepublished()).as("unconfirmed batches were published again: " + stats).isGreaterThanOrEqualTo(1);
        assertThat(stats.inflightBatches()).isEqualTo(0);
        try (Channel channel = connection.createChannel()) {
            GetResponse response;
            while ((response = channel.basicGet(broker.queue(), true)) != null) {
                Map<String, Object> headers = response.getProps().getHeaders();
                bodiesByBatch.put(headers.get(BatchMessages.SOURCE_HEADER) + "/" + headers.get(BatchMessages.BATCH_HEADER),
                        new String(response.getBody(), US_ASCII));
            }
        }
        List<String> received = new ArrayList<>();
        for (String body : bodiesByBatch.values()) {
            if (!body.isEmpty()) { // the session's END batch is empty
                received.addAll(List.of(body.substring(0, body.length() - 1).split("\n", -1)));
            }
        }
        List<String> expected = new ArrayList<>(valid);
        Collections.sort(expected);
        Collections.sort(received);
        assertThat(received).as("every line once per distinct batch: nothing lost, duplicates only as whole batches").isEqualTo(expected);
    }
}
