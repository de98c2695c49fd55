package com.followermaze.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;
import com.followermaze.common.testing.UserClient;
import com.followermaze.processor.ProcessorConfig;
import com.followermaze.processor.ProcessorService;
import com.followermaze.processor.engine.StreamDecision;
import com.followermaze.processor.rules.ReferenceModel;

/** The processor against the real RabbitMQ, with batches published as the listener would. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessorRabbitMqIT extends RabbitMqProcessorTest {

    private void startProcessor(int prefetch) throws Exception {
        processor = new ProcessorService(ProcessorConfig.defaults("127.0.0.1", 0).withPrefetch(prefetch), broker).start();
        assertThat(processor.awaitConsuming(Duration.ofSeconds(20))).isTrue();
    }

    private Set<Integer> connect(int users, int outOf, Random random) throws Exception {
        Set<Integer> ids = new TreeSet<>();
        while (ids.size() < users) {
            ids.add(random.nextInt(outOf + 1));
        }
        for (int id : ids) {
            clients.add(new UserClient(processor.userAddress(), id));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.users().size() == users);
        return ids;
    }

    /** The processor acknowledged every batch: nothing is left, ready or unacknowledged, once it has closed. */
    private void assertEverythingAcknowledged() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.stats().unacknowledgedBatches() == 0);
        processor.close();
        processor = null;
        // Closing returns unacknowledged messages to the queue, so an empty queue means all were acked.
        assertThat(publisher.messagesReady()).isZero();
    }

    @Test
    void everyUserGetsExactlyItsNotificationsInOrder() throws Exception {
        startProcessor(16);
        Random random = new Random(666);
        Set<Integer> connected = connect(20, 40, random);
        List<Event> stream = ReferenceModel.randomStream(random, 100_000, 40);

        publisher.publish("run-1", Streams.wire(stream, 100, 1000, random));

        Streams.assertEveryClientGets(clients, ReferenceModel.expected(stream, connected));
        assertThat(processor.stats().eventsReleased()).isEqualTo(100_000);
        assertEverythingAcknowledged();
    }

    @Test
    void aReorderDistanceLargerThanThePrefetchWindowIsDeliveredAndEverythingAcknowledged() throws Exception {
        startProcessor(2);
        Random random = new Random(1);
        Set<Integer> connected = connect(5, 10, random);
        List<Event> stream = ReferenceModel.randomStream(random, 5_000, 10);
        List<String> lines = stream.stream().map(Event::payload).toList();
        // Event 1 comes last, four messages after the prefetch window of two is full.
        List<List<String>> messages = new ArrayList<>();
        for (int start = 1; start < lines.size(); start += 1000) {
            messages.add(lines.subList(start, Math.min(start + 1000, lines.size())));
        }
        messages.add(lines.subList(0, 1));

        publisher.publish("run-1", messages);

        Streams.assertEveryClientGets(clients, ReferenceModel.expected(stream, connected));
        assertThat(processor.stats().earlyAcks()).isPositive();
        assertEverythingAcknowledged();
    }

    @Test
    void twoStreamsInARowEachStartingAtOneAreBothDeliveredWithFreshFollowState() throws Exception {
        startProcessor(16);
        Random random = new Random(2);
        Set<Integer> connected = connect(10, 20, random);
        for (String run : List.of("run-1", "run-2")) {
            List<Event> stream = ReferenceModel.randomStream(random, 20_000, 20);
            publisher.publish(run, Streams.wire(stream, 100, 500, random));
            Streams.assertEveryClientGets(clients, ReferenceModel.expected(stream, connected));
            clients.forEach(UserClient::clear);
        }
        assertThat(processor.stats().streamsStarted()).isEqualTo(1);
    }

    @Test
    void aReconnectThatEndsBeforeSendingTheNextExpectedEventStillContinuesTheStream() throws Exception {
        startProcessor(16);
        Random random = new Random(3);
        Set<Integer> connected = connect(10, 20, random);
        List<Event> stream = ReferenceModel.randomStream(random, 300, 20);
        List<String> lines = stream.stream().map(Event::payload).toList();

        publisher.publish("a", List.of(lines.subList(0, 100)), SessionMark.END);
        // 103 and 102: low numbers without a 1, undecided until the session's end (an empty batch).
        publisher.publish("b", List.of(List.of(lines.get(102), lines.get(101)), List.of()), SessionMark.END);
        publisher.publish("c", List.of(lines.subList(100, 101), lines.subList(103, 300)), SessionMark.END);

        Streams.assertEveryClientGets(clients, ReferenceModel.expected(stream, connected));
        assertThat(processor.stats().streamDecisions(StreamDecision.END)).isEqualTo(1);
        assertThat(processor.stats().streamDecisions(StreamDecision.NEXT_EXPECTED)).isEqualTo(1);
        assertThat(processor.stats().streamsStarted()).isZero();
        assertEverythingAcknowledged();
    }

}
