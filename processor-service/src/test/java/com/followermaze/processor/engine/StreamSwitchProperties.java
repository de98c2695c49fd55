package com.followermaze.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.event.Event;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.rules.RecordingNotifier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
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
 *
 * <p>Every part of a scenario (settings, runs, their lengths, shuffle blocks, reconnects,
 * resends, marks, batch sizes) is drawn by jqwik, so a failure shrinks to a small scenario:
 * few short runs in order (no swaps), in one session, in batches of one.
 */
class StreamSwitchProperties {

    /** How many reconnects a run may have; a run has one session more. */
    private static final int MAX_RECONNECTS = 4;

    // No edge cases: their combinations in a scenario this deep would crowd out the random tries.
    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void releasesEveryRunInFullAndInOrderWhateverTheReconnectsMarksAndBatching(
            @ForAll("scenarios") Scenario scenario) {
        Settings settings = scenario.settings();
        List<String> expected = new ArrayList<>();
        for (int run = 0; run < scenario.runs().size(); run++) {
            for (int seq = 1; seq <= scenario.runs().get(run).length(); seq++) {
                expected.add(line(seq, sender(run)));
            }
        }
        List<ConsumedBatch> batches = batches(sessions(scenario), scenario.batching());

        RecordingNotifier notifier = new RecordingNotifier(Set.of(1));
        EngineStats stats = new EngineStats();
        EventEngine engine = new EventEngine(
                new EngineSettings(1 << 16, settings.newStreamWindow(), settings.prefetch()), notifier, stats);
        FakeSettler broker = new FakeSettler();
        int delivered = 0;
        while (delivered < batches.size()) {
            if (delivered - broker.settledUpTo < settings.prefetch()) {
                ConsumedBatch batch = batches.get(delivered++);
                engine.accept(new ConsumedBatch(batch.session(), batch.number(), batch.events(), batch.mark(),
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
        assertThat(stats.streamsStarted()).isEqualTo(scenario.runs().size() - 1);
        assertThat(stats.undecidedEvents()).isZero();
        assertThat(engine.unsettled()).isZero();
        assertThat(broker.settledUpTo).isEqualTo(batches.size());
    }

    // ---- what is generated -------------------------------------------------------------------

    /** The engine's and the generator's bounds. */
    record Settings(int maxBlock, int newStreamWindow, int maxBatch, int prefetch) {
    }

    /** A session that sends nothing, before a session of a run (or after the last run). */
    enum EmptySession {
        NONE, ENDS_AT_ONCE, REACHES_ITS_DEADLINE_AND_ENDS
    }

    /** What a reconnecting source sends first: its last {@code count} events, {@code times} times. */
    record Resend(int count, int times) {
    }

    /**
     * One session of a run and what comes before it: perhaps an empty session, perhaps a lost
     * session that only resends (gone before the listener could mark its end), then this
     * session's resend (if any), its deadline (a pick among the eligible block boundaries, if
     * any) and whether it ends with an end mark. What a run's first session cannot have (an
     * empty session, resends) is ignored there.
     */
    record SessionPlan(EmptySession before, Resend lost, Resend resend, Integer deadlinePick, boolean ends) {
    }

    /**
     * One run of {@code length} events: blocks of 1..maxBlock numbers (the sizes cycled), each
     * shuffled by its swaps (a Fisher-Yates shuffle's picks, one per event, cycled; none or all
     * zeros leave the run in order), where its reconnects fall (offsets past the position after its 1), and its
     * sessions' plans.
     */
    record RunPlan(EmptySession before, int length, List<Integer> blockSizes, List<Integer> swaps,
                   List<Integer> reconnectOffsets, List<SessionPlan> sessionPlans) {

        /** The run's numbers in the order the source sends them. */
        List<List<Long>> blocks() {
            List<List<Long>> blocks = new ArrayList<>();
            int start = 1;
            for (int i = 0; start <= length; i++) {
                int size = Math.min(blockSizes.get(i % blockSizes.size()), length - start + 1);
                List<Long> block = new ArrayList<>();
                for (long seq = start; seq < start + size; seq++) {
                    block.add(seq);
                }
                for (int j = 0; j + 1 < size; j++) {
                    int swap = swaps.isEmpty() ? 0 : swaps.get((start - 1 + j) % swaps.size());
                    Collections.swap(block, j, j + swap % (size - j));
                }
                blocks.add(block);
                start += size;
            }
            return blocks;
        }
    }

    /** How the listener cuts sessions into batches: sizes and end-in-a-batch-of-its-own, cycled. */
    record Batching(List<Integer> sizes, List<Boolean> endApart) {
    }

    record Scenario(Settings settings, List<RunPlan> runs, EmptySession after, Batching batching) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Settings> settings = Combinators.combine(
                Arbitraries.integers().between(1, 10),
                Arbitraries.integers().between(20, 200),
                Arbitraries.integers().between(1, 30),
                Arbitraries.integers().between(1, 16)).as(Settings::new);
        return settings.flatMap(s -> Combinators.combine(
                run(s).list().ofMinSize(1).ofMaxSize(4),
                emptySession(),
                batching(s)).as((runs, after, batching) -> new Scenario(s, runs, after, batching)));
    }

    private static Arbitrary<EmptySession> emptySession() {
        return Arbitraries.frequency(
                Tuple.of(14, EmptySession.NONE),
                Tuple.of(1, EmptySession.ENDS_AT_ONCE),
                Tuple.of(1, EmptySession.REACHES_ITS_DEADLINE_AND_ENDS));
    }

    private static Arbitrary<RunPlan> run(Settings s) {
        Arbitrary<Resend> resend = Combinators.combine(
                Arbitraries.integers().between(1, s.newStreamWindow() + 5),
                Arbitraries.integers().between(1, 3)).as(Resend::new);
        Arbitrary<SessionPlan> sessionPlan = Combinators.combine(
                emptySession(),
                resend.injectNull(5.0 / 6),
                resend.injectNull(0.5),
                Arbitraries.integers().between(0, 1000).injectNull(2.0 / 3),
                Arbitraries.frequency(Tuple.of(7, true), Tuple.of(1, false))).as(SessionPlan::new);
        // Independent parts, no flatMap: each shrinks on its own.
        return Combinators.combine(
                emptySession(),
                Arbitraries.integers().between(s.maxBlock() + 1, s.maxBlock() + 1 + 400)
                        .withDistribution(RandomDistribution.uniform()),
                Arbitraries.integers().between(1, s.maxBlock()).list().ofMinSize(1).ofMaxSize(12),
                Arbitraries.integers().between(0, s.maxBlock() - 1).list().ofMaxSize(64),
                Arbitraries.integers().between(0, 1 << 16).list().ofMaxSize(MAX_RECONNECTS),
                sessionPlan.list().ofSize(MAX_RECONNECTS + 1)).as(RunPlan::new);
    }

    private static Arbitrary<Batching> batching(Settings s) {
        return Combinators.combine(
                Arbitraries.integers().between(1, s.maxBatch()).list().ofMinSize(1).ofMaxSize(30),
                Arbitraries.of(false, true).list().ofMinSize(1).ofMaxSize(10)).as(Batching::new);
    }

    // ---- from the plan to what the listener reads ---------------------------------------------

    private static int sender(int run) {
        return 100 + run;
    }

    private static String line(long seq, int sender) {
        return seq + "|P|" + sender + "|1";
    }

    /** The scenario as sessions: lines and marks in the order the listener reads them. */
    private static List<List<Object>> sessions(Scenario scenario) {
        List<List<Object>> sessions = new ArrayList<>();
        for (int run = 0; run < scenario.runs().size(); run++) {
            RunPlan plan = scenario.runs().get(run);
            addEmptySession(sessions, plan.before());
            addRun(sessions, sender(run), plan, scenario.settings());
        }
        addEmptySession(sessions, scenario.after());
        List<Object> last = sessions.get(sessions.size() - 1);
        if (last.get(last.size() - 1) != SessionMark.END) {
            last.add(SessionMark.END); // else the last session might stay undecided forever
        }
        return sessions;
    }

    private static void addEmptySession(List<List<Object>> sessions, EmptySession empty) {
        switch (empty) {
            case NONE -> { }
            case ENDS_AT_ONCE -> sessions.add(new ArrayList<>(List.of(SessionMark.END)));
            case REACHES_ITS_DEADLINE_AND_ENDS ->
                    sessions.add(new ArrayList<>(List.of(SessionMark.DEADLINE, SessionMark.END)));
        }
    }

    /** One run as sessions. */
    private static void addRun(List<List<Object>> sessions, int sender, RunPlan plan, Settings settings) {
        List<Long> wire = new ArrayList<>();
        List<Integer> boundaries = new ArrayList<>(); // positions in wire where a block starts
        for (List<Long> block : plan.blocks()) {
            boundaries.add(wire.size());
            wire.addAll(block);
        }
        boundaries.add(wire.size());
        int length = wire.size();
        int afterOne = wire.indexOf(1L) + 1;
        // Reconnects: anywhere once the run's 1 was sent.
        List<Integer> splits = new ArrayList<>();
        if (afterOne < length) {
            for (int offset : plan.reconnectOffsets()) {
                splits.add(afterOne + offset % (length - afterOne));
            }
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
            SessionPlan session = plan.sessionPlans().get(i);
            if (i > 0) {
                addEmptySession(sessions, session.before());
            }
            if (from > 0 && session.lost() != null) {
                // A reconnect that resends and is gone before the listener could mark its end.
                List<Object> lost = new ArrayList<>();
                resend(lost, wire.subList(0, from), sender, session.lost());
                if (!lost.isEmpty()) {
                    sessions.add(lost);
                }
            }
            List<Object> items = new ArrayList<>();
            if (from > 0 && session.resend() != null) {
                resend(items, wire.subList(0, from), sender, session.resend());
            }
            int deadlineAt = -1;
            if (session.deadlinePick() != null) {
                // At a block boundary; in the run's first session, not before the block of the 1.
                int earliest = from == 0 ? boundaries.get(1) : from;
                List<Integer> eligible = boundaries.stream().filter(b -> b >= earliest && b <= to).toList();
                if (!eligible.isEmpty()) {
                    deadlineAt = eligible.get(session.deadlinePick() % eligible.size());
                }
            }
            for (int position = from; position <= to; position++) {
                if (position == deadlineAt) {
                    items.add(SessionMark.DEADLINE);
                }
                if (position < to) {
                    items.add(line(wire.get(position), sender));
                }
            }
            if (session.ends()) {
                items.add(SessionMark.END);
            }
            sessions.add(items);
        }
    }

    /** A resend: the last events sent before (never the run's 1), perhaps more than once. */
    private static void resend(List<Object> session, List<Long> sentBefore, int sender, Resend resend) {
        List<Long> sent = new ArrayList<>(sentBefore);
        sent.remove(1L);
        List<Long> resent = sent.subList(Math.max(0, sent.size() - resend.count()), sent.size());
        for (int times = resend.times(); times > 0; times--) {
            for (long seq : resent) {
                session.add(line(seq, sender));
            }
        }
    }

    /** The sessions cut into batches as the listener does: the batching's sizes, a mark ends a batch. */
    private static List<ConsumedBatch> batches(List<List<Object>> sessions, Batching batching) {
        List<ConsumedBatch> batches = new ArrayList<>();
        FakeSettler unused = new FakeSettler();
        int nextSize = 0;
        int nextEnd = 0;
        for (int s = 0; s < sessions.size(); s++) {
            String session = "session-" + s;
            long number = 0;
            List<String> lines = new ArrayList<>();
            int size = batching.sizes().get(nextSize++ % batching.sizes().size());
            for (Object item : sessions.get(s)) {
                if (item instanceof String line) {
                    lines.add(line);
                    if (lines.size() == size) {
                        batches.add(new ConsumedBatch(session, ++number, events(lines), SessionMark.NONE, 0, unused));
                        lines.clear();
                        size = batching.sizes().get(nextSize++ % batching.sizes().size());
                    }
                } else {
                    if (item == SessionMark.END && !lines.isEmpty()
                            && batching.endApart().get(nextEnd++ % batching.endApart().size())) {
                        // The end may come in a batch of its own, after the last events.
                        batches.add(new ConsumedBatch(session, ++number, events(lines), SessionMark.NONE, 0, unused));
                        lines.clear();
                    }
                    batches.add(new ConsumedBatch(session, ++number, events(lines), (SessionMark) item, 0, unused));
                    lines.clear();
                }
            }
            if (!lines.isEmpty()) {
                batches.add(new ConsumedBatch(session, ++number, events(lines), SessionMark.NONE, 0, unused));
            }
        }
        return batches;
    }

    private static List<Event> events(List<String> lines) {
        return lines.isEmpty() ? List.of() : EngineFixtures.events(lines.toArray(new String[0]));
    }
}
