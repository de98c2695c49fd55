package com.followermaze.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.event.Event;
import com.followermaze.common.testing.UserClient;
import com.followermaze.processor.ProcessorConfig;
import com.followermaze.processor.ProcessorCrash;
import com.followermaze.processor.ProcessorService;
import com.followermaze.processor.recovery.SnapshotStore;
import com.followermaze.processor.recovery.StateSnapshot;
import com.followermaze.processor.rules.ReferenceModel;

/**
 * A processor killed mid-stream and restarted on the same state directory, against the real
 * RabbitMQ: the events published while it was down wait in the queue, the restarted processor
 * restores the follow state from its snapshot and replays the batches it had not acknowledged,
 * and the users who connect after the restart get exactly what the whole history implies.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessorCrashRecoveryIT extends RabbitMqProcessorTest {

    private static final int LENGTH = 20_000;
    private static final int USERS = 30;

    @TempDir
    Path stateDir;

    private ProcessorService startProcessor() throws Exception {
        // A long interval: snapshots come only when the prefetch window fills (or at a clean
        // close), so the crash also loses released events that only a replay brings back.
        ProcessorConfig config = ProcessorConfig.defaults("127.0.0.1", 0).withPrefetch(4)
                .withStateDir(stateDir, Duration.ofHours(1));
        ProcessorService started = new ProcessorService(config, broker).start();
        assertThat(started.awaitConsuming(Duration.ofSeconds(20))).isTrue();
        return started;
    }

    @Test
    void afterACrashTheRestartedProcessorResumesTheStreamAndUsersGetWhatTheWholeHistoryImplies() throws Exception {
        stopMidStreamAndRestart(true);
    }

    /** What SIGTERM does (the launcher closes the service): the snapshot is exact, nothing is replayed twice. */
    @Test
    void afterACleanShutdownMidStreamTheRestartedProcessorResumesExactlyWhereItStopped() throws Exception {
        stopMidStreamAndRestart(false);
    }

    private void stopMidStreamAndRestart(boolean crash) throws Exception {
        Random random = new Random(5);
        List<Event> stream = ReferenceModel.randomStream(random, LENGTH, USERS);
        List<List<String>> messages = Streams.wire(stream, 100, 500, random);
        List<List<String>> firstHalf = messages.subList(0, messages.size() / 2);
        List<List<String>> secondHalf = new ArrayList<>(messages.subList(messages.size() / 2, messages.size()));
        long gap = firstMissing(firstHalf);
        List<String> gapFiller = secondHalf.stream().filter(m -> containsSeq(m, gap)).findFirst().orElseThrow();
        secondHalf.remove(gapFiller);

        processor = startProcessor();
        publisher.publish("run-1", firstHalf);
        await().atMost(Duration.ofSeconds(30)).until(() -> processor.stats().nextExpected() == gap
                && processor.stats().snapshotsWritten() > 0);

        if (crash) {
            ProcessorCrash.simulate(processor);
        } else {
            processor.close();
        }
        processor = null;
        StateSnapshot snapshot = new SnapshotStore(stateDir).load().orElseThrow();
        assertThat(snapshot.session()).isEqualTo("run-1");
        if (crash) {
            assertThat(snapshot.nextExpected()).isBetween(2L, gap);
        } else {
            assertThat(snapshot.nextExpected()).as("a clean close snapshots what it released").isEqualTo(gap);
        }

        // While it is down, the second half (all but the event the stream waits for) waits in the queue.
        publisher.publish("run-1", secondHalf);
        processor = startProcessor();
        // The replay of what the snapshot missed reaches the gap again before any user connects.
        await().atMost(Duration.ofSeconds(30)).until(() -> processor.stats().nextExpected() == gap);
        Set<Integer> connected = connect(15, random);

        publisher.publish("run-1", List.of(gapFiller));

        Streams.assertEveryClientGets(clients, expectedFrom(gap, stream, connected));
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.stats().nextExpected() == LENGTH + 1
                && processor.stats().unacknowledgedBatches() == 0);
        assertThat(processor.stats().streamsStarted()).isZero();
        processor.close();
        processor = null;
        assertThat(publisher.messagesReady()).as("every batch acknowledged").isZero();
        assertThat(new SnapshotStore(stateDir).load().orElseThrow().nextExpected()).isEqualTo(LENGTH + 1);
    }

    private Set<Integer> connect(int users, Random random) throws Exception {
        Set<Integer> ids = new TreeSet<>();
        while (ids.size() < users) {
            ids.add(random.nextInt(USERS + 1));
        }
        for (int id : ids) {
            clients.add(new UserClient(processor.userAddress(), id));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.users().size() == users);
        return ids;
    }

    private static long seq(String line) {
        return Long.parseLong(line.substring(0, line.indexOf('|')));
    }

    private static boolean containsSeq(List<String> message, long seq) {
        return message.stream().anyMatch(line -> seq(line) == seq);
    }

    /** The lowest sequence number the messages lack. */
    private static long firstMissing(List<List<String>> messages) {
        Set<Long> present = new TreeSet<>();
        messages.forEach(m -> m.forEach(line -> present.add(seq(line))));
        long seq = 1;
        while (present.contains(seq)) {
            seq++;
        }
        return seq;
    }

    /** The reference model over the whole stream, keeping the notifications of events numbered from {@code seq} on. */
    private static Map<Integer, List<String>> expectedFrom(long seq, List<Event> stream, Set<Integer> connected) {
        Map<Integer, List<String>> expected = new TreeMap<>();
        ReferenceModel.expected(stream, connected).forEach((user, lines) ->
                expected.put(user, lines.stream().filter(line -> seq(line) >= seq).toList()));
        return expected;
    }

}
