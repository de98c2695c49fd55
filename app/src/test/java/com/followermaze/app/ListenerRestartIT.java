package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.UserClient;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.listener.ListenerService;
import com.followermaze.processor.ProcessorConfig;

/**
 * A listener restarted mid-stream: the source reconnects to the new listener and carries on
 * numbering where it stopped. That continues the same stream (the follow state of the first
 * half still holds) and nothing the first listener confirmed is lost.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ListenerRestartIT {

    private static final int HALF = 3_000;

    private FollowerMaze pipeline;
    private ListenerService secondListener;
    private final List<UserClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (UserClient client : clients) {
            client.close();
        }
        if (secondListener != null) {
            secondListener.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aSourceThatReconnectsToARestartedListenerAndContinuesResumesTheSameStream() throws Exception {
        pipeline = FollowerMaze.start("127.0.0.1", Optional.empty(), 0, BrokerSettings.DEFAULT_EXCHANGE,
                BrokerSettings.DEFAULT_QUEUE, ListenerConfig.defaults().withEventPort(0),
                ProcessorConfig.defaults("127.0.0.1", 0));
        for (int user = 1; user <= 4; user++) {
            clients.add(new UserClient(pipeline.userAddress().getPort(), user));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.processor().users().size() == 4);

        // First half: users 2 and 3 follow user 1, then private messages to user 4.
        List<String> first = new ArrayList<>(List.of("1|F|2|1", "2|F|3|1"));
        for (int seq = 3; seq <= HALF; seq++) {
            first.add(seq + "|P|1|4");
        }
        send(pipeline.listener().eventPort(), shuffledInBatches(first));
        assertThat(pipeline.listener().awaitSourcesFinished(1, Duration.ofSeconds(10))).isTrue();
        pipeline.listener().close(); // the listener goes away; what it confirmed is in the queue

        // A new listener instance; the source reconnects and carries on from HALF + 1.
        secondListener = new ListenerService(ListenerConfig.defaults().withEventPort(0), pipeline.broker(), "127.0.0.1");
        secondListener.start();
        List<String> second = new ArrayList<>();
        for (int seq = HALF + 1; seq <= 2 * HALF; seq++) {
            second.add(seq % 2 == 0 ? seq + "|S|1" : seq + "|P|1|4");
        }
        send(secondListener.eventPort(), shuffledInBatches(second));

        Map<Integer, List<String>> expected = new TreeMap<>();
        expected.put(1, List.of("1|F|2|1", "2|F|3|1"));
        List<String> statuses = second.stream().filter(line -> line.contains("|S|")).toList();
        expected.put(2, statuses);
        expected.put(3, statuses);
        List<String> privates = new ArrayList<>(first.subList(2, first.size()));
        privates.addAll(second.stream().filter(line -> line.contains("|P|")).toList());
        expected.put(4, privates);

        for (UserClient client : clients) {
            List<String> want = expected.get(client.userId());
            await().atMost(Duration.ofSeconds(30)).until(() -> client.lines().size() >= want.size());
        }
        // No line beyond the expected: a duplicate or a stray line would be written in the round
        // of the expected ones or a round after; rounds take milliseconds and the quiet period spans many.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30))
                .until(() -> clients.stream().allMatch(c -> c.lines().size() == expected.get(c.userId()).size()));
        for (UserClient client : clients) {
            assertThat(client.lines()).as("user %d", client.userId()).containsExactlyElementsOf(expected.get(client.userId()));
        }
        assertThat(pipeline.processor().stats().streamsStarted()).as("a continuation, not a new stream").isZero();
    }

    /** The events in consecutive batches of 1..100, each shuffled, as the official source sends them. */
    private static List<String> shuffledInBatches(List<String> lines) {
        Random random = new Random(42);
        List<String> wire = new ArrayList<>();
        for (int start = 0; start < lines.size(); ) {
            int size = Math.min(1 + random.nextInt(100), lines.size() - start);
            List<String> batch = new ArrayList<>(lines.subList(start, start + size));
            Collections.shuffle(batch, random);
            wire.addAll(batch);
            start += size;
        }
        return wire;
    }

    private static void send(int port, List<String> lines) throws IOException {
        try (Socket source = new Socket("127.0.0.1", port)) {
            OutputStream out = source.getOutputStream();
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
