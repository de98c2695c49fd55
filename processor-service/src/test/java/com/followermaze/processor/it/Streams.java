package com.followermaze.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.followermaze.common.event.Event;
import com.followermaze.common.testing.UserClient;

/** What the processor's integration tests share: how a stream goes on the wire, and how delivery is checked. */
final class Streams {

    /** How long a client may go without a new line: generous, for a slow, shared machine. */
    static final Duration PROGRESS_BOUND = Duration.ofSeconds(30);

    private Streams() {
    }

    /**
     * Shuffles the stream in source batches of 1..maxBatch, as the official source sends it, and
     * packs the lines into broker messages of {@code perMessage}.
     */
    static List<List<String>> wire(List<Event> stream, int maxBatch, int perMessage, Random random) {
        List<String> lines = new ArrayList<>();
        for (int start = 0; start < stream.size(); ) {
            int size = Math.min(1 + random.nextInt(maxBatch), stream.size() - start);
            List<String> chunk = new ArrayList<>(stream.subList(start, start + size).stream().map(Event::payload).toList());
            Collections.shuffle(chunk, random);
            lines.addAll(chunk);
            start += size;
        }
        List<List<String>> messages = new ArrayList<>();
        for (int start = 0; start < lines.size(); start += perMessage) {
            messages.add(lines.subList(start, Math.min(start + perMessage, lines.size())));
        }
        return messages;
    }

    /**
     * Every client gets exactly its lines: none missing, none out of order, and none extra after
     * them. The bound is on progress, not on the whole stream: a client fails when no line comes
     * for {@link #PROGRESS_BOUND}, however long a slow machine takes to deliver all of them.
     */
    static void assertEveryClientGets(List<UserClient> clients, Map<Integer, List<String>> expected) {
        for (UserClient client : clients) {
            List<String> want = expected.getOrDefault(client.userId(), List.of());
            for (int had = client.lines().size(); had < want.size(); had = client.lines().size()) {
                int before = had;
                await().atMost(PROGRESS_BOUND).until(() -> client.lines().size() > before);
            }
        }
        // Anything extra (a duplicate, a stray line) would be written in the write round of the
        // expected lines or one after it; rounds take milliseconds, and this quiet period spans
        // many of them. It proves no extra line was on its way, not that none could come later.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30)).until(() ->
                clients.stream().allMatch(c -> c.lines().size() == expected.getOrDefault(c.userId(), List.of()).size()));
        for (UserClient client : clients) {
            assertThat(client.lines()).as("user %d", client.userId())
                    .containsExactlyElementsOf(expected.getOrDefault(client.userId(), List.of()));
        }
    }
}
