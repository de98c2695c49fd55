package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.StreamRetention;
import com.followermaze.common.amqp.Topology;
import com.followermaze.common.testing.RealRabbitMq;
import com.followermaze.common.testing.UserClient;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.listener.ListenerService;
import com.followermaze.loadgen.LoadgenConfig;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;
import com.followermaze.processor.ProcessorService;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Scale-out on the real RabbitMQ: one listener and several processor instances, each reading
 * the whole stream and serving its share of the users, verified exactly by the load
 * generator; an instance started mid-stream, which must rebuild the follow state before it
 * takes users; and catch-up from the stream of snapshots, with a stream that RabbitMQ truncates
 * within seconds (small segments, a small size limit): a processor that joins after retention
 * removed the stream's beginning serves what the whole history implies (verified by the load
 * generator); without a usable snapshot it refuses, saying why; a corrupt newest snapshot is
 * passed over for an older one, or for a replay of the whole stream when the stream still holds
 * its beginning; and processors restarted one after another during a run lose and repeat nothing.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ScaleOutIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    /** About 100k events of the default scenario: the stream loses its beginning within a few seconds of a run. */
    private static final StreamRetention SMALL = new StreamRetention(Optional.empty(), 1_500_000, 250_000);

    private final String name = "fm-scale-out-it-" + UUID.randomUUID();
    private final List<ProcessorService> processors = new ArrayList<>();
    private final List<UserClient> clients = new ArrayList<>();
    private ListenerService listener;
    private BrokerSettings broker;

    @AfterEach
    void tearDown() throws Exception {
        for (UserClient client : clients) {
            client.close();
        }
        if (listener != null) {
            listener.close();
        }
        for (ProcessorService processor : processors) {
            processor.close();
        }
        if (broker != null) {
            RealRabbitMq.deleteTopology(broker);
        }
    }

    private void startListener() throws IOException {
        startListener(StreamRetention.DEFAULT);
    }

    private void startListener(StreamRetention retention) throws IOException {
        broker = new BrokerSettings(RealRabbitMq.uriOrSkip(), name, name).withScaleOut(true).withStreamRetention(retention);
        listener = new ListenerService(ListenerConfig.defaults().withEventPort(0), broker, "127.0.0.1");
        listener.start();
    }

    private ProcessorService startProcessor() throws InterruptedException {
        ProcessorService processor = new ProcessorService(ProcessorConfig.defaults("127.0.0.1", 0), broker).start();
        processors.add(processor);
        return processor;
    }

    @Test
    void threeProcessorsEachServeTheirShareOfTheUsersExactly() throws Exception {
        startListener();
        for (int i = 0; i < 3; i++) {
            startProcessor();
        }
        List<Integer> userPorts = new ArrayList<>();
        for (ProcessorService processor : processors) {
            assertThat(processor.awaitCaughtUp(CATCH_UP)).as("processor %s caught up", processor.instanceId()).isTrue();
            userPorts.add(processor.userAddress().getPort());
        }

        long events = 100_000;
        int clientCount = 30;
        RunResult result = LoadgenRuns.run(LoadgenRuns.config(events, clientCount, 100, 666, Scenario.DEFAULT, 0,
                Duration.ofSeconds(20), listener.eventPort(), userPorts));

        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        for (ProcessorService processor : processors) {
            assertThat(processor.stats().eventsReleased()).as("every instance sees every event").isEqualTo(events);
        }
        long written = processors.stream().mapToLong(p -> p.stats().notifications()).sum();
        assertThat(written).as("each notification written by exactly one instance").isEqualTo(result.notifications());
        for (ProcessorService processor : processors) {
            assertThat(processor.stats().notifications()).as("instance %s served its share", processor.instanceId())
                    .isPositive();
        }
    }

    @Test
    void aProcessorStartedMidStreamRebuildsTheFollowStateBeforeItTakesUsers() throws Exception {
        startListener();
        ProcessorService first = startProcessor();
        assertThat(first.awaitCaughtUp(CATCH_UP)).isTrue();

        // First part: users 2 and 3 follow user 1; then 3 unfollows; then filler.
        List<String> part1 = new ArrayList<>(List.of("1|F|2|1", "2|F|3|1", "3|U|3|1"));
        for (int seq = 4; seq <= 2_000; seq++) {
            part1.add(seq + "|P|7|8");
        }
        Socket source = new Socket("127.0.0.1", listener.eventPort());
        send(source, part1);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.stats().eventsReleased() == part1.size());

        // Mid-stream, a second instance starts; a user connects to it at once. It waits in the
        // backlog until the instance has replayed the first part.
        ProcessorService late = startProcessor();
        clients.add(new UserClient(late.userAddress().getPort(), 2));
        clients.add(new UserClient(late.userAddress().getPort(), 3));
        assertThat(late.awaitCaughtUp(CATCH_UP)).isTrue();
        assertThat(late.stats().eventsReleased()).as("replayed before taking users").isGreaterThanOrEqualTo(part1.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> late.users().size() == 2);
        assertThat(late.readiness().ready()).isTrue();

        // Second part, on the same source connection: the rules need the follows of the first.
        List<String> part2 = List.of("2001|S|1", "2002|P|5|3", "2003|B", "2004|U|2|1", "2005|S|1");
        send(source, part2);
        source.close();

        UserClient two = clients.get(0);
        UserClient three = clients.get(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> two.lines().size() >= 2 && three.lines().size() >= 2);
        // No line beyond the expected: a duplicate or a stray line would be written in the round
        // of the expected ones or a round after; rounds take milliseconds and the quiet period spans many.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30))
                .until(() -> two.lines().size() == 2 && three.lines().size() == 2);
        assertThat(two.lines()).containsExactly("2001|S|1", "2003|B");
        assertThat(three.lines()).containsExactly("2002|P|5|3", "2003|B");
        assertThat(first.stats().eventsReleased()).isEqualTo(2_005);
        assertThat(late.stats().eventsReleased()).isEqualTo(2_005);
    }

    @Test
    void aProcessorThatLosesTheBrokerGoesOnFromWhereItWasWithoutReplayingOrSkipping() throws Exception {
        startListener();
        URI rabbit = URI.create(broker.uri());
        try (CuttableProxy proxy = new CuttableProxy(rabbit.getHost(), rabbit.getPort())) {
            String viaProxy = broker.uri().replace(rabbit.getHost() + ":" + rabbit.getPort(), "127.0.0.1:" + proxy.port());
            ProcessorService processor = new ProcessorService(ProcessorConfig.defaults("127.0.0.1", 0),
                    new BrokerSettings(viaProxy, name, name).withScaleOut(true)).start();
            processors.add(processor);
            assertThat(processor.awaitCaughtUp(CATCH_UP)).isTrue();
            UserClient follower = new UserClient(processor.userAddress().getPort(), 2);
            clients.add(follower);
            await().atMost(Duration.ofSeconds(10)).until(() -> processor.users().size() == 1);

            Socket source = new Socket("127.0.0.1", listener.eventPort());
            List<String> part1 = new ArrayList<>(List.of("1|F|2|1"));
            for (int seq = 2; seq <= 1_000; seq++) {
                part1.add(seq + "|S|1");
            }
            send(source, part1);
            await().atMost(Duration.ofSeconds(30)).until(() -> processor.stats().eventsReleased() == part1.size());

            // The processor loses the broker; meanwhile the second part goes into the stream.
            proxy.cut();
            await().atMost(Duration.ofSeconds(30)).until(() -> !processor.isConsuming());
            List<String> part2 = new ArrayList<>();
            for (int seq = 1_001; seq <= 2_000; seq++) {
                part2.add(seq + "|S|1");
            }
            send(source, part2);
            source.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> listener.stats().eventsConfirmed() == 2_000);
            proxy.heal();

            await().atMost(Duration.ofSeconds(60)).until(() -> processor.stats().eventsReleased() == 2_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> follower.lines().size() >= 1_999);
            List<String> statuses = new ArrayList<>(part1.subList(1, part1.size()));
            statuses.addAll(part2);
            // No line beyond the expected: a duplicate or a stray line would be written in the round
            // of the expected ones or a round after; rounds take milliseconds and the quiet period spans many.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30))
                    .until(() -> follower.lines().size() == statuses.size());
            assertThat(follower.lines()).containsExactlyElementsOf(statuses);
            assertThat(processor.stats().duplicatesStale() + processor.stats().duplicatesHeld())
                    .as("it went on after the last message it took, not from the start").isZero();
        }
    }

    @Test
    void aProcessorStartedOnABrokerWithoutStreamsStopsSayingWhy() throws Exception {
        try (com.followermaze.app.broker.EmbeddedBroker embedded = com.followermaze.app.broker.EmbeddedBroker.start("127.0.0.1", 0)) {
            BrokerSettings qpid = new BrokerSettings(embedded.amqpUri(), name, name).withScaleOut(true);
            java.util.concurrent.CountDownLatch fatal = new java.util.concurrent.CountDownLatch(1);
            ProcessorService processor = new ProcessorService(ProcessorConfig.defaults("127.0.0.1", 0), qpid,
                    fatal::countDown).start();
            processors.add(processor);
            assertThat(fatal.await(30, TimeUnit.SECONDS)).as("the processor gave up").isTrue();
            assertThat(processor.readiness().ready()).isFalse();
        }
    }

    @Test
    void scaleOutKeepsNoStateDirectory() {
        BrokerSettings settings = new BrokerSettings("amqp://guest:guest@127.0.0.1:5672", name, name).withScaleOut(true);
        ProcessorConfig config = ProcessorConfig.defaults("127.0.0.1", 0)
                .withStateDir(java.nio.file.Path.of("state"), Duration.ofSeconds(1));
        assertThatThrownBy(() -> new ProcessorService(config, settings))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("state-dir:");
    }

    private static void send(Socket source, List<String> lines) throws IOException {
        OutputStream out = source.getOutputStream();
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private ProcessorService startProcessor(int port, long snapshotEvery, Runnable onFatalError) throws InterruptedException {
        ProcessorService processor = new ProcessorService(ProcessorConfig.defaults("127.0.0.1", port)
                .withStreamSnapshotEvery(snapshotEvery), broker, onFatalError).start();
        processors.add(processor);
        return processor;
    }

    private ProcessorService startCaughtUp(int port, long snapshotEvery) throws InterruptedException {
        ProcessorService processor = startProcessor(port, snapshotEvery, () -> { });
        assertThat(processor.awaitCaughtUp(CATCH_UP)).as("processor %s caught up", processor.instanceId()).isTrue();
        return processor;
    }

    @Test
    void aProcessorJoiningAfterRetentionRemovedTheStreamsBeginningServesWhatTheWholeHistoryImplies() throws Exception {
        startListener(SMALL);
        ProcessorService writer = startCaughtUp(0, 10_000);
        ProcessorService early = startCaughtUp(0, 10_000);
        int port = early.userAddress().getPort();

        // One run, its users on one port: first served by `early`, then by `late`, which starts
        // once the stream no longer holds the run's first events (nor the follows in them).
        long events = 300_000;
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> runQuietly(reconnecting(
                LoadgenRuns.config(events, 20, 100, 1717, Scenario.DEFAULT, 15_000, Duration.ofSeconds(60),
                        listener.eventPort(), List.of(port)))));
        await().atMost(Duration.ofSeconds(120)).until(() -> early.stats().eventsReleased() >= events / 2 || run.isDone());
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOffset(broker.streamQueue()) > 0 || run.isDone());
        assertThat(run).as("the run is still going").isNotDone();
        long first = firstOffset(broker.streamQueue());
        assertThat(first).as("retention removed the stream's beginning").isPositive();

        early.close();
        processors.remove(early);
        ProcessorService late = startCaughtUp(port, 10_000);
        assertThat(late.stats().restoredFromOffset()).as("restored a snapshot the stream still follows")
                .isGreaterThanOrEqualTo(first - 1);

        RunResult result = run.get(180, TimeUnit.SECONDS);
        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(writer.stats().eventsReleased()).isEqualTo(events);
        assertThat(late.stats().eventsReleased()).as("replayed only what follows its snapshot").isLessThan(events / 2);
        assertThat(late.stats().notifications()).as("served the users after joining").isPositive();
    }

    @Test
    void withoutASnapshotTheStreamStillFollowsAJoiningProcessorRefusesToServeSayingWhy() throws Exception {
        startListener(SMALL);
        ProcessorService first = startCaughtUp(0, 0);
        int lines = 300_000;
        try (Socket source = new Socket("127.0.0.1", listener.eventPort())) {
            send(source, lines);
            await().atMost(Duration.ofSeconds(120)).until(() -> first.stats().eventsReleased() == lines);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> firstOffset(broker.streamQueue()) > 0);

        ListAppender<ILoggingEvent> log = capture();
        CountDownLatch fatal = new CountDownLatch(1);
        try {
            ProcessorService late = startProcessor(0, 0, fatal::countDown);
            assertThat(fatal.await(60, TimeUnit.SECONDS)).as("the processor stopped").isTrue();
            assertThat(late.awaitCaughtUp(Duration.ZERO)).as("never took users").isFalse();
            assertThat(late.readiness().ready()).isFalse();
        } finally {
            detach(log);
        }
        assertThat(log.list).map(ILoggingEvent::getFormattedMessage).anySatisfy(message -> assertThat(message)
                .contains("cannot rebuild the follow state", broker.streamQueue(), broker.snapshotStream(),
                        "begins at offset", "--snapshot-every-events"));
    }

    @Test
    void aCorruptNewestSnapshotIsPassedOverForAnOlderOneOrForAWholeReplay() throws Exception {
        startListener(StreamRetention.NONE);
        ProcessorService writer = startCaughtUp(0, 1_000);
        // Users 2 and 3 follow 1; 3 unfollows; then filler, enough for a few snapshots.
        List<String> part1 = new ArrayList<>(List.of("1|F|2|1", "2|F|3|1", "3|U|3|1"));
        for (int seq = 4; seq <= 5_000; seq++) {
            part1.add(seq + "|P|7|8");
        }
        Socket source = new Socket("127.0.0.1", listener.eventPort());
        send(source, part1);
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.stats().eventsReleased() == part1.size()
                && writer.stats().streamSnapshotsWritten() >= 2);
        // The last snapshot the engine offered may still be on its way: the corrupt one must come after it.
        long[] written = {-1};
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(() -> {
            long now = writer.stats().streamSnapshotsWritten();
            boolean same = now == written[0];
            written[0] = now;
            return same;
        });
        long end = (Long) writer.readiness().details().get("streamOffset");
        appendToSnapshots(Map.of("fm-snapshot-offset", Long.MAX_VALUE),
                "this is not a state snapshot at all".getBytes(StandardCharsets.US_ASCII));

        ListAppender<ILoggingEvent> log = capture();
        ProcessorService older;
        try {
            older = startCaughtUp(0, 0);
        } finally {
            detach(log);
        }
        assertThat(log.list).map(ILoggingEvent::getFormattedMessage).anySatisfy(message -> assertThat(message)
                .contains("skipping the snapshot at offset", broker.snapshotStream(), "not a state snapshot"));
        assertThat(older.stats().corruptStreamSnapshots()).isEqualTo(1);
        assertThat(older.stats().restoredFromOffset()).as("an older snapshot").isBetween(0L, end);
        assertThat(older.stats().eventsReleased()).as("replayed only what follows it").isLessThan(part1.size());

        // No snapshot readable at all: the stream still holds its beginning, so it is replayed.
        writer.close();
        processors.remove(writer);
        RealRabbitMq.deleteSnapshots(broker);
        appendToSnapshots(Map.of("fm-snapshot-offset", 1L), new byte[] {1, 2, 3});
        ProcessorService whole = startCaughtUp(0, 0);
        assertThat(whole.stats().corruptStreamSnapshots()).isEqualTo(1);
        assertThat(whole.stats().restoredFromOffset()).isEqualTo(-1);
        assertThat(whole.stats().eventsReleased()).isEqualTo(part1.size());

        // Both serve by the state of the whole history.
        for (ProcessorService processor : List.of(older, whole)) {
            clients.add(new UserClient(processor.userAddress().getPort(), 2));
            clients.add(new UserClient(processor.userAddress().getPort(), 3));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> older.users().size() == 2 && whole.users().size() == 2);
        send(source, List.of("5001|S|1", "5002|P|5|3", "5003|B"));
        source.close();
        for (int i = 0; i < 4; i += 2) {
            UserClient two = clients.get(i);
            UserClient three = clients.get(i + 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> two.lines().size() >= 2 && three.lines().size() >= 2);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30))
                    .until(() -> two.lines().size() == 2 && three.lines().size() == 2);
            assertThat(two.lines()).containsExactly("5001|S|1", "5003|B");
            assertThat(three.lines()).containsExactly("5002|P|5|3", "5003|B");
        }
    }

    @Test
    void aStreamDeclaredBeforeWithoutRetentionIsUsedAsItIsWithAWarning() throws Exception {
        broker = new BrokerSettings(RealRabbitMq.uriOrSkip(), name, name).withScaleOut(true);
        try (Connection connection = new BrokerConnector(broker, "test").connect()) {
            connection.createChannel().queueDeclare(broker.streamQueue(), true, false, false,
                    Map.of("x-queue-type", "stream")); // as an earlier version declared it
        }
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(Topology.class)).addAppender(log);
        try {
            startListener(StreamRetention.DEFAULT);
            ProcessorService processor = startCaughtUp(0, 1_000);
            try (Socket source = new Socket("127.0.0.1", listener.eventPort())) {
                send(source, 3_000);
                await().atMost(Duration.ofSeconds(30)).until(() -> processor.stats().eventsReleased() == 3_000
                        && processor.stats().streamSnapshotsWritten() >= 1);
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(Topology.class)).detachAppender(log);
        }
        assertThat(log.list).map(ILoggingEvent::getFormattedMessage).anySatisfy(message -> assertThat(message)
                .contains("stream " + broker.streamQueue() + " exists with other arguments", "keeps its own", "policy"));
    }

    @Test
    void processorsRestartedOneAfterAnotherDuringARunLoseAndRepeatNothing() throws Exception {
        startListener(SMALL);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ports.add(startCaughtUp(0, 20_000).userAddress().getPort());
        }
        long events = 400_000;
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> runQuietly(reconnecting(
                LoadgenRuns.config(events, 30, 100, 2121, Scenario.DEFAULT, 15_000, Duration.ofSeconds(60),
                        listener.eventPort(), ports))));
        for (int i = 0; i < 3; i++) {
            ProcessorService old = processors.get(0);
            long released = old.stats().eventsReleased();
            await().atMost(Duration.ofSeconds(60)).until(() -> old.stats().eventsReleased() >= released + 50_000 || run.isDone());
            assertThat(run).as("the run is still going at restart %d", i + 1).isNotDone();
            old.close();
            processors.remove(old);
            ProcessorService restarted = startCaughtUp(ports.get(i), 20_000);
            assertThat(restarted.stats().restoredFromOffset()).as("restart %d restored a snapshot", i + 1).isPositive();
        }
        RunResult result = run.get(180, TimeUnit.SECONDS);
        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.notifications()).isPositive();
    }

    private static RunResult runQuietly(LoadgenConfig config) {
        try {
            return LoadgenRuns.run(config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code config} with clients that connect again when their connection ends (the load generator's --reconnect). */
    private static LoadgenConfig reconnecting(LoadgenConfig c) {
        return new LoadgenConfig(c.totalEvents(), c.clients(), c.users(), c.seed(), c.maxBatchSize(), c.timeout(),
                c.eventAddress(), c.userAddresses(), c.scenario(), c.mix(), c.rate(), c.lineTerminator(), c.json(),
                c.report(), c.inFlightWindow(), c.grace(), c.settle(), c.connectTimeout(), c.ioThreads(), c.progress(),
                c.failuresShown(), true, c.sourceReconnectAt(), c.sourceLeaveOpen());
    }

    /** The offset of the first message {@code stream} holds now. */
    private long firstOffset(String stream) throws Exception {
        try (Connection connection = new BrokerConnector(broker, "test").connect()) {
            Channel channel = connection.createChannel();
            channel.basicQos(1);
            BlockingQueue<Long> offsets = new ArrayBlockingQueue<>(1);
            channel.basicConsume(stream, false, Map.of("x-stream-offset", "first"), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    offsets.offer(((Number) properties.getHeaders().get("x-stream-offset")).longValue());
                }
            });
            Long offset = offsets.poll(10, TimeUnit.SECONDS);
            return offset == null ? -1 : offset;
        }
    }

    /** Appends a message to the stream of snapshots, declaring it first if it is not there. */
    private void appendToSnapshots(Map<String, Object> headers, byte[] body) throws Exception {
        try (Connection connection = new BrokerConnector(broker, "test").connect()) {
            Channel channel = connection.createChannel();
            Topology.declare(channel, broker);
            channel.confirmSelect();
            channel.basicPublish("", broker.snapshotStream(),
                    new AMQP.BasicProperties.Builder().deliveryMode(2).headers(headers).build(), body);
            channel.waitForConfirmsOrDie(10_000);
        }
    }

    private static void send(Socket source, int lines) throws IOException {
        // Status updates of user 1, each about 10 bytes: follows are not needed to fill the stream.
        StringBuilder text = new StringBuilder();
        for (int seq = 1; seq <= lines; seq++) {
            text.append(seq).append("|S|1\n");
        }
        OutputStream out = source.getOutputStream();
        out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }


    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger("com.followermaze.processor")).addAppender(appender);
        return appender;
    }

    private static void detach(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger("com.followermaze.processor")).detachAppender(appender);
        appender.stop();
    }
}
