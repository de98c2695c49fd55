package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.RealRabbitMq;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.processor.ProcessorConfig;

/**
 * The patterns of test suites written elsewhere for this protocol, on default settings, with
 * clients that send CRLF and compare the exact bytes they get: a new event source per test,
 * the previous one closed only once the next has connected, or never closed at all.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SourceSessionsIT {

    private static final int TESTS = 6;
    private static final String CRLF = "\r\n";

    private FollowerMaze pipeline;
    private boolean onRabbitMq;
    private final List<ExactClient> clients = new ArrayList<>();
    private final List<Socket> sources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ExactClient client : clients) {
            client.close();
        }
        for (Socket source : sources) {
            source.close();
        }
        if (pipeline != null) {
            BrokerSettings broker = pipeline.broker();
            pipeline.close();
            if (onRabbitMq) {
                RealRabbitMq.deleteTopology(broker);
            }
        }
    }

    private void start(boolean rabbitMq) throws Exception {
        Optional<BrokerSettings> broker = Optional.empty();
        if (rabbitMq) {
            String name = "fm-sessions-it-" + UUID.randomUUID();
            broker = Optional.of(new BrokerSettings(RealRabbitMq.uriOrSkip(), name, name));
            onRabbitMq = true;
        }
        pipeline = FollowerMaze.start("127.0.0.1", broker, 0, BrokerSettings.DEFAULT_EXCHANGE,
                BrokerSettings.DEFAULT_QUEUE, ListenerConfig.defaults().withEventPort(0),
                ProcessorConfig.defaults("127.0.0.1", 0));
        for (int user = 1; user <= 3; user++) {
            clients.add(new ExactClient(pipeline.userAddress(), user, CRLF));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.processor().users().size() == 3);
    }

    private Socket connectSource() throws IOException {
        Socket source = new Socket("127.0.0.1", pipeline.eventAddress().getPort());
        sources.add(source);
        return source;
    }

    private static void send(Socket source, List<String> lines) throws IOException {
        StringBuilder wire = new StringBuilder();
        for (String line : lines) {
            wire.append(line).append(CRLF);
        }
        source.getOutputStream().write(wire.toString().getBytes(StandardCharsets.US_ASCII));
        source.getOutputStream().flush();
    }

    /**
     * One test of such a suite, numbered from {@code first}: user 2 follows user 1, then a
     * status of user 1, a private message to user 3 and a broadcast. Returns what each user
     * must receive, in order.
     */
    private static Map<Integer, String> handful(long first, List<String> lines) {
        lines.add(first + "|F|2|1");
        lines.add((first + 1) + "|S|1");
        lines.add((first + 2) + "|P|1|3");
        lines.add((first + 3) + "|B");
        Map<Integer, String> expected = new HashMap<>();
        expected.put(1, lines.get(0) + CRLF + lines.get(3) + CRLF);
        expected.put(2, lines.get(1) + CRLF + lines.get(3) + CRLF);
        expected.put(3, lines.get(2) + CRLF + lines.get(3) + CRLF);
        return expected;
    }

    /** Waits until each user has received exactly what the tests so far owe it. */
    private void awaitExactly(Map<Integer, StringBuilder> owed, int test) {
        for (ExactClient client : clients) {
            String want = owed.get(client.userId()).toString();
            await("test " + test + ", user " + client.userId()).atMost(Duration.ofSeconds(15))
                    .until(() -> client.received().length() >= want.length());
            assertThat(client.received()).as("test %d, user %d", test, client.userId()).isEqualTo(want);
        }
    }

    private static void owe(Map<Integer, StringBuilder> owed, Map<Integer, String> expected) {
        expected.forEach((user, text) -> owed.computeIfAbsent(user, u -> new StringBuilder()).append(text));
    }

    private void aNewSourcePerTestCarryingOnOneNumbering() throws Exception {
        Map<Integer, StringBuilder> owed = new HashMap<>();
        Socket previous = null;
        long next = 1;
        for (int test = 1; test <= TESTS; test++) {
            Socket source = connectSource();
            if (previous != null) {
                previous.close(); // only once the next one has connected
            }
            List<String> lines = new ArrayList<>();
            owe(owed, handful(next, lines));
            next += lines.size();
            send(source, lines);
            // Each test's notifications arrive during that test, not in the next one.
            awaitExactly(owed, test);
            previous = source;
        }
        assertThat(pipeline.processor().stats().streamsStarted()).as("one stream throughout").isZero();
        assertThat(pipeline.listener().stats().sourcesRefused()).isZero();
    }

    private void aNewSourcePerTestStartingAgainAtOneNeverClosed() throws Exception {
        Map<Integer, StringBuilder> owed = new HashMap<>();
        for (int test = 1; test <= TESTS; test++) {
            Socket source = connectSource(); // the previous ones stay open and silent
            List<String> lines = new ArrayList<>();
            owe(owed, handful(1, lines));
            send(source, lines);
            awaitExactly(owed, test);
        }
        assertThat(pipeline.processor().stats().streamsStarted()).as("a new stream per test").isEqualTo(TESTS - 1);
        assertThat(pipeline.listener().stats().sourcesRefused()).isZero();
    }

    @Test
    void aSuiteThatOpensANewSourcePerTestAndCarriesOnNumberingGetsEachTestsEventsInThatTest() throws Exception {
        start(false);
        aNewSourcePerTestCarryingOnOneNumbering();
    }

    @Test
    void aSuiteThatNeverClosesItsSourcesAndStartsEachTestAtOneGetsEachTestsEvents() throws Exception {
        start(false);
        aNewSourcePerTestStartingAgainAtOneNeverClosed();
    }

    @Test
    void bothSuitePatternsPassThroughRealRabbitMq() throws Exception {
        start(true);
        aNewSourcePerTestCarryingOnOneNumbering();
        // The same running pipeline, a suite of the other kind: it starts again at 1.
        for (ExactClient client : clients) {
            client.close();
        }
        clients.clear();
        for (int user = 1; user <= 3; user++) {
            clients.add(new ExactClient(pipeline.userAddress(), user, CRLF));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.processor().users().size() == 3);
        Map<Integer, StringBuilder> owed = new HashMap<>();
        for (int test = 1; test <= TESTS; test++) {
            Socket source = connectSource();
            List<String> lines = new ArrayList<>();
            owe(owed, handful(1, lines));
            send(source, lines);
            awaitExactly(owed, test);
        }
        assertThat(pipeline.processor().stats().streamsStarted()).isEqualTo(TESTS);
    }
}
