package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;
import com.followermaze.processor.ProcessorStats;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.rules.RecordingNotifier;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Runs of the test program one after another, each numbered 1..n and shuffled within blocks
 * as a source does, cut into sessions at reconnects (a reconnect may resend what its session
 * sent last), with deadline and end marks and batches of every size: the engine releases
 * exactly what the reference model says, every run in full and in order, one after the other,
 * and acknowledges every batch.
 *
 * <p>The reference model is the concatenation of the runs: sessions never interleave and a run
 * has no gaps, so a run is released in full before the next one starts. The generator keeps to
 * what a real source and listener do: a new run starts in a new session, which neither ends nor
 * reaches its deadline before it has sent its 1 (its first block, well within the deadline), and
 * every run is longer than a shuffle block.
 */
class StreamSwitchProperties {

    @Property(tries = 500)
    void releasesEveryRunInFullAndInOrderWhateverTheReconnectsMarksAndBatching(
            @ForAll @IntRange(min = 1, max = 4) int runs,
            @ForAll @IntRange(min = 1, max = 10) int maxBlock,
            @ForAll @IntRange(min = 20, max = 200) int newStreamWindow,
            @ForAll @IntRange(min = 1, max = 30) int maxBatch,
            @ForAll @IntRange(min = 1, max = 16) int prefetch,
            @ForAll @LongRange long seed) {
        Random random = new Random(seed);
        List<String> expected = new ArrayList<>();
        List<List<Object>> sessions = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            maybeAddAnEmptySession(sessions, random);
            int length = maxBlock + 1 + random.nextInt(400);
            int sender = 100 + run;
            for (int seq = 1; seq <= length; seq++) {
                expected.add(line(seq, sender));
            }
            addRun(sessions, sender, length, maxBlock, newStreamWindow, random);
        }
        maybeAddAnEmptySession(sessions, random);
        List<Object> last = sessions.get(sessions.size() - 1);
        if (last.get(last.size() - 1) != SessionMark.END) {
            last.add(SessionMark.END); // else the last session might stay undecided forever
        }
        List<ConsumedBatch> batches = batches(sessions, maxBatch, random);

        RecordingNotifier notifier = new RecordingNotifier(Set.of(1));
        ProcessorStats stats = new ProcessorStats();
        EventEngine engine = new EventEngine(new EngineSettings(1 << 16, newStreamWindow, prefetch), notifier, stats);
        FakeSettler broker = new FakeSettler();
        int delivered = 0;
        while (delivered < batches.size()) {
            if (delivered - broker.settledUpTo < prefetch) {
                ConsumedBatch batch = batches.get(delivered++);
                engine.accept(new ConsumedBatch(batch.source(), batch.number(), batch.events(), batch.mark(),
                        delivered, broker));
                engine.settle(false);
            } else {
                engine.settle(true);
            }
        }
        engine.settle(true);

        for (StreamDecision decision : StreamDecision.values()) {
            if (stats.streamDecisions(decision) > 0) {
                Statistics.label("decisions").collect(decision.reason());
            }
        }
        Statistics.label("decisions").coverage(coverage -> {
            for (StreamDecision decision : StreamDecision.values()) {
                coverage.check(decision.reason()).count(tries -> tries > 0); // every rule fires
            }
        });
        assertThat(notifier.received().getOrDefault(1, List.of())).isEqualTo(expected);
        assertThat(stats.streamsStarted()).isEqualTo(runs - 1);
        assertThat(stats.undecidedEvents()).isZero();
        assertThat(engine.unsettled()).isZero();
        assertThat(broker.settledUpTo).isEqualTo(batches.size());
    }

    private static String line(long seq, int sender) {
        return seq + "|P|" + sender + "|1";
    }

    /** Sometimes a session that sends nothing: it ends at once, or reaches its deadline and ends. */
    private static void maybeAddAnEmptySession(List<List<Object>> sessions, Random random) {
        if (random.nextInt(8) == 0) {
            List<Object> empty = new ArrayList<>();
            if (random.nextBoolean()) {
                empty.add(SessionMark.DEADLINE);
            }
            empty.add(SessionMark.END);
            sessions.add(empty);
        }
    }

    /**
     * One run of {@code length} events as sessions: lines and marks in the order the listener
     * reads them.
     */
    private static void addRun(List<List<Object>> sessions, int sender, int length, int maxBlock, int window,
                               Random random) {
        List<Long> wire = new ArrayList<>();
        List<Integer> boundaries = new ArrayList<>(); // positions in wire where a block starts
        for (long start = 1; start <= length; ) {
            int size = (int) Math.min(1 + random.nextInt(maxBlock), length - start + 1);
            boundaries.add(wire.size());
            List<Long> block = new ArrayList<>();
            for (long seq = start; seq < start + size; seq++) {
                block.add(seq);
            }
            Collections.shuffle(block, random);
            wire.addAll(block);
            start += size;
        }
        boundaries.add(wire.size());
        int afterOne = wire.indexOf(1L) + 1;
        // Reconnects: anywhere once the run's 1 was sent.
        List<Integer> splits = new ArrayList<>();
        int reconnects = random.nextInt(5);
        for (int i = 0; i < reconnects && afterOne < length; i++) {
            splits.add(afterOne + random.nextInt(length - afterOne));
        }
        splits.add(0);
        splits.add(length);
        Collections.sort(splits);
        for (int i = 0; i + 1 < splits.size(); i++) {
            int from = splits.get(i);
            int to = splits.get(i + 1);
            if (from == to && from != 0) {
                continue;
            }
            if (i > 0) {
                maybeAddAnEmptySession(sessions, random);
            }
            if (from > 0 && random.nextInt(6) == 0) {
                // A reconnect that resends and is gone before the listener could mark its end.
                List<Object> lost = new ArrayList<>();
                resend(lost, wire.subList(0, from), sender, window, random);
                if (!lost.isEmpty()) {
                    sessions.add(lost);
                }
            }
            List<Object> session = new ArrayList<>();
            if (from > 0 && random.nextBoolean()) {
                resend(session, wire.subList(0, from), sender, window, random);
            }
            int deadlineAt = -1;
            if (random.nextInt(3) == 0) {
                // At a block boundary; in the run's first session, not before the block of the 1.
                int earliest = from == 0 ? boundaries.get(1) : from;
                List<Integer> eligible = boundaries.stream().filter(b -> b >= earliest && b <= to).toList();
                if (!eligible.isEmpty()) {
                    deadlineAt = eligible.get(random.nextInt(eligible.size()));
                }
            }
            for (int position = from; position <= to; position++) {
                if (position == deadlineAt) {
                    session.add(SessionMark.DEADLINE);
                }
                if (position < to) {
                    session.add(line(wire.get(position), sender));
                }
            }
            if (random.nextInt(8) > 0) {
                session.add(SessionMark.END);
            }
            sessions.add(session);
        }
    }

    /**
     * What a reconnecting source may send first: the last events it sent (never the run's 1),
     * perhaps more than once.
     */
    private static void resend(List<Object> session, List<Long> sentBefore, int sender, int window, Random random) {
        int count = 1 + random.nextInt(window + 5);
        List<Long> sent = new ArrayList<>(sentBefore);
        sent.remove(1L);
        List<Long> resent = sent.subList(Math.max(0, sent.size() - count), sent.size());
        for (int times = 1 + random.nextInt(3); times > 0; times--) {
            for (long seq : resent) {
                session.add(line(seq, sender));
            }
        }
    }

    /** The sessions cut into batches as the listener does: random sizes, a mark ends a batch. */
    private static List<ConsumedBatch> batches(List<List<Object>> sessions, int maxBatch, Random random) {
        List<ConsumedBatch> batches = new ArrayList<>();
        FakeSettler unused = new FakeSettler();
        for (int s = 0; s < sessions.size(); s++) {
            String source = "session-" + s;
            long number = 0;
            List<String> lines = new ArrayList<>();
            int size = 1 + random.nextInt(maxBatch);
            for (Object item : sessions.get(s)) {
                if (item instanceof String line) {
                    lines.add(line);
                    if (lines.size() == size) {
                        batches.add(new ConsumedBatch(source, ++number, events(lines), SessionMark.NONE, 0, unused));
                        lines.clear();
                        size = 1 + random.nextInt(maxBatch);
                    }
                } else {
                    if (item == SessionMark.END && !lines.isEmpty() && random.nextBoolean()) {
                        // The end may come in a batch of its own, after the last events.
                        batches.add(new ConsumedBatch(source, ++number, events(lines), SessionMark.NONE, 0, unused));
                        lines.clear();
                    }
                    batches.add(new ConsumedBatch(source, ++number, events(lines), (SessionMark) item, 0, unused));
                    lines.clear();
                }
            }
            if (!lines.isEmpty()) {
                batches.add(new ConsumedBatch(source, ++number, events(lines), SessionMark.NONE, 0, unused));
            }
        }
        return batches;
    }

    private static List<Event> events(List<String> lines) {
        return lines.isEmpty() ? List.of() : EngineFixtures.events(lines.toArray(new String[0]));
    }
}
