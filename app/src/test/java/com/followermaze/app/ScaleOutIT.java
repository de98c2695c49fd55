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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.RealRabbitMq;
import com.followermaze.common.testing.UserClient;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.listener.ListenerService;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;
import com.followermaze.processor.ProcessorService;

/**
 * Scale-out on the real RabbitMQ: one listener and several processor instances, each reading
 * the whole stream and serving its share of the users, verified exactly by the load
 * generator; and an instance started mid-stream, which must rebuild the follow state from the
 * stream before it takes users.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ScaleOutIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

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
        broker = new BrokerSettings(RealRabbitMq.uriOrSkip(), name, name).withScaleOut(true);
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
}
