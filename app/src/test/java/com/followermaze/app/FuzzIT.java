package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.UserClient;
import com.followermaze.common.event.EventParser;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.processor.ProcessorConfig;

/**
 * Random bytes at both ports while a valid stream runs: junk lines (binary, over-long, nearly
 * valid) interleaved with the source's events, and junk connections on the user port. Every
 * valid event must still reach exactly the right users, in order, and the junk must be
 * counted as rejected, never delivered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FuzzIT {

    private static final int USERS = 12;
    private static final int EVENTS = 5_000;
    private static final Pattern VALID_ID_LINE = Pattern.compile("[0-9]{1,10}\r?");

    private FollowerMaze pipeline;
    private final List<UserClient> clients = new ArrayList<>();

    @BeforeAll
    void startPipeline() throws Exception {
        pipeline = FollowerMaze.start("127.0.0.1", Optional.empty(), 0, BrokerSettings.DEFAULT_EXCHANGE,
                BrokerSettings.DEFAULT_QUEUE, ListenerConfig.defaults().withEventPort(0),
                ProcessorConfig.defaults("127.0.0.1", 0));
        for (int user = 1; user <= USERS; user++) {
            clients.add(new UserClient(pipeline.userAddress().getPort(), user));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.processor().users().size() == USERS);
    }

    @AfterAll
    void stopPipeline() throws Exception {
        for (UserClient client : clients) {
            client.close();
        }
        pipeline.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void junkOnBothPortsNeverDisturbsTheValidStream(long seed) throws Exception {
        Random random = new Random(seed);
        clients.forEach(c -> c.clear());
        long rejectedBefore = pipeline.listener().stats().linesRejected();

        List<String> events = validStream(random);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int junkLines = 0;
        for (String line : shuffledInBatches(events, random)) {
            if (random.nextInt(10) == 0) {
                wire.write(junkLine(random));
                junkLines++;
            }
            wire.write((line + (random.nextBoolean() ? "\n" : "\r\n")).getBytes(StandardCharsets.US_ASCII));
        }

        Thread userPortFuzzer = new Thread(() -> fuzzUserPort(new Random(seed * 31)), "user-port-fuzzer");
        userPortFuzzer.start();
        try (Socket source = new Socket("127.0.0.1", pipeline.eventAddress().getPort())) {
            OutputStream out = source.getOutputStream();
            out.write(wire.toByteArray());
            out.flush();
        }
        userPortFuzzer.join(TimeUnit.SECONDS.toMillis(30));

        Map<Integer, List<String>> expected = expected(events);
        for (UserClient client : clients) {
            List<String> want = expected.getOrDefault(client.userId(), List.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> client.lines().size() >= want.size());
        }
        // No line beyond the expected: a duplicate or a stray line would be written in the round
        // of the expected ones or a round after; rounds take milliseconds and the quiet period spans many.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30)).until(() -> clients.stream()
                .allMatch(c -> c.lines().size() == expected.getOrDefault(c.userId(), List.of()).size()));
        for (UserClient client : clients) {
            assertThat(client.lines()).as("user %d", client.userId())
                    .containsExactlyElementsOf(expected.getOrDefault(client.userId(), List.of()));
        }
        assertThat(pipeline.listener().stats().linesRejected() - rejectedBefore).isEqualTo(junkLines);
        assertThat(pipeline.processor().users().size()).as("only the real users are registered").isEqualTo(USERS);
    }

    /** A stream 1..EVENTS of every type among users 1..USERS (and a few never connected). */
    private static List<String> validStream(Random random) {
        List<String> events = new ArrayList<>();
        for (int seq = 1; seq <= EVENTS; seq++) {
            int from = 1 + random.nextInt(USERS + 3);
            int to = 1 + random.nextInt(USERS + 3);
            events.add(switch (random.nextInt(5)) {
                case 0 -> seq + "|F|" + from + "|" + to;
                case 1 -> seq + "|U|" + from + "|" + to;
                case 2 -> seq + "|P|" + from + "|" + to;
                case 3 -> random.nextInt(20) == 0 ? seq + "|B" : seq + "|S|" + from;
                default -> seq + "|S|" + from;
            });
        }
        return events;
    }

    /** What each connected user must get: the protocol's rules, written out plainly. */
    private static Map<Integer, List<String>> expected(List<String> events) {
        Map<Integer, Set<Integer>> followers = new HashMap<>();
        Map<Integer, List<String>> expected = new TreeMap<>();
        for (String event : events) {
            String[] f = event.split("\\|");
            List<Integer> to = new ArrayList<>();
            switch (f[1]) {
                case "F" -> {
                    followers.computeIfAbsent(Integer.parseInt(f[3]), k -> new HashSet<>()).add(Integer.parseInt(f[2]));
                    to.add(Integer.parseInt(f[3]));
                }
                case "U" -> followers.getOrDefault(Integer.parseInt(f[3]), new HashSet<>()).remove(Integer.parseInt(f[2]));
                case "P" -> to.add(Integer.parseInt(f[3]));
                case "S" -> to.addAll(followers.getOrDefault(Integer.parseInt(f[2]), Set.of()));
                default -> {
                    for (int user = 1; user <= USERS; user++) {
                        to.add(user);
                    }
                }
            }
            to.stream().filter(user -> user <= USERS)
                    .forEach(user -> expected.computeIfAbsent(user, k -> new ArrayList<>()).add(event));
        }
        return expected;
    }

    /** One junk line ending in {@code \n}: random bytes, over-long, or nearly valid; never a valid event. */
    private static byte[] junkLine(Random random) {
        byte[] junk;
        do {
            junk = switch (random.nextInt(4)) {
                case 0 -> randomBytes(random, 1 + random.nextInt(64));
                case 1 -> randomBytes(random, 1025 + random.nextInt(2048)); // over --max-line-length
                case 2 -> (random.nextInt(100) + "|" + (char) ('A' + random.nextInt(26)) + "|x").getBytes(StandardCharsets.US_ASCII);
                default -> new byte[0]; // an empty line
            };
        } while (EventParser.validate(junk, 0, junk.length) == null);
        byte[] line = new byte[junk.length + 1];
        System.arraycopy(junk, 0, line, 0, junk.length);
        line[junk.length] = '\n';
        return line;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                bytes[i] = '?'; // a newline would split the junk into lines the test cannot count
            }
        }
        return bytes;
    }

    /** Junk connections on the user port: random bytes, never a valid id line. */
    private void fuzzUserPort(Random random) {
        for (int i = 0; i < 200; i++) {
            byte[] junk = randomBytes(random, 1 + random.nextInt(80));
            String text = new String(junk, StandardCharsets.ISO_8859_1);
            if (VALID_ID_LINE.matcher(text).matches()) {
                continue;
            }
            try (Socket socket = new Socket("127.0.0.1", pipeline.userAddress().getPort())) {
                socket.getOutputStream().write(junk);
                socket.getOutputStream().write('\n');
            } catch (IOException e) {
                // the server may close first: that is the point
            }
        }
    }

    private static List<String> shuffledInBatches(List<String> lines, Random random) {
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
}
