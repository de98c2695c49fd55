package com.followermaze.processor.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The sequencer's laws on streams jqwik generates from its arbitraries, so a failure shrinks
 * to a short stream (few batches, few numbers, no needless duplicates), not to a seed.
 */
class SequencerProperties {

    private static final int MAX_N = 3000;
    private static final int MAX_BATCH = 200;
    private static final int MAX_DUPLICATE_PERCENT = 30;

    /**
     * Numbers 1..n as they come off the wire: cut into consecutive batches, the largest of
     * {@code maxBatch} numbers, each batch shuffled, with duplicates inside a batch and late repeats
     * of numbers from earlier (possibly already released) ones mixed in.
     */
    record Wire(int maxBatch, int n, List<List<Long>> batches) {
        List<Long> sequence() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    @Property(tries = 300) // wires of up to 3000 numbers: 300 keep it to a few seconds on CI
    void anyShuffledBatchingWithDuplicatesReleasesExactlyOneToNInOrder(@ForAll("wires") Wire wire) {
        Sequencer<Long> sequencer = new Sequencer<>(2 * wire.maxBatch() + 2);
        List<Long> released = new ArrayList<>();
        for (long seq : wire.sequence()) {
            Sequencer.Outcome outcome = sequencer.offer(seq, seq);
            assertThat(outcome).isNotEqualTo(Sequencer.Outcome.TOO_FAR_AHEAD);
            sequencer.drain(released::add);
            assertThat(sequencer.held()).isLessThanOrEqualTo(sequencer.capacity());
        }
        assertThat(released).containsExactlyElementsOf(oneTo(wire.n()));
        assertThat(sequencer.held()).isZero();
        assertThat(sequencer.nextExpected()).isEqualTo(wire.n() + 1);
    }

    @Property
    void gapsFilledLastReleaseEverythingHeldAtOnce(@ForAll("firstArrivesLast") List<Long> wire) {
        int n = wire.size();
        Sequencer<Long> sequencer = new Sequencer<>(n);
        List<Long> released = new ArrayList<>();
        for (long seq : wire) {
            sequencer.offer(seq, seq);
            sequencer.drain(released::add);
            if (seq != 1) {
                assertThat(released).isEmpty();
            }
        }
        assertThat(released).containsExactlyElementsOf(oneTo(n));
    }

    @Property
    void nothingBeyondTheCapacityIsEverHeld(@ForAll @IntRange(min = 1, max = 64) int capacity,
                                            @ForAll @LongRange(min = 1, max = 1000) long seq) {
        Sequencer<Long> sequencer = new Sequencer<>(capacity);
        Sequencer.Outcome outcome = sequencer.offer(seq, seq);
        if (seq - 1 >= sequencer.capacity()) {
            assertThat(outcome).isEqualTo(Sequencer.Outcome.TOO_FAR_AHEAD);
            assertThat(sequencer.held()).isZero();
        } else {
            assertThat(outcome).isEqualTo(Sequencer.Outcome.ACCEPTED);
        }
    }

    /**
     * One number of the wire and what to do with it, as plain rolls (0..99) and sort keys, so
     * that jqwik shrinks a wire by dropping numbers and lowering rolls and keys: a roll of 0
     * means "cut a batch here" and "no copy", a key of 0 means "in order".
     */
    record Item(int cutRoll, int key, int duplicateRoll, int duplicateKey,
                int repeatRoll, int repeatKey, int repeatTarget) {
    }

    /**
     * n numbers (at most {@value #MAX_N}), a cut rate and a duplicate rate (at most
     * {@value #MAX_DUPLICATE_PERCENT}%); the wire is built from them by {@link #wire}.
     */
    @Provide
    Arbitrary<Wire> wires() {
        Arbitrary<Integer> roll = Arbitraries.integers().between(0, 99);
        Arbitrary<Integer> key = Arbitraries.integers().between(0, 999);
        Arbitrary<Item> item = Combinators.combine(roll, key, roll, key, roll, key,
                Arbitraries.integers().between(0, MAX_N)).as(Item::new);
        return Combinators.combine(
                item.list().ofMinSize(1).ofMaxSize(MAX_N).withSizeDistribution(RandomDistribution.uniform()),
                Arbitraries.integers().between(1, 100),
                Arbitraries.integers().between(0, MAX_DUPLICATE_PERCENT)
        ).as(SequencerProperties::wire)
                // Edge cases of thousands of combined items multiply out; random wires suffice.
                .withoutEdgeCases();
    }

    /**
     * Item s is number s. A batch ends where an item's cut roll is below the cut rate, or at
     * {@value #MAX_BATCH} numbers. An item whose duplicate roll is in the top duplicate rate
     * adds a duplicate of s to the batch; likewise its repeat roll adds a late repeat of an
     * earlier number (1..s-1). A batch is sorted by the keys (stably), so keys shuffle it.
     */
    static Wire wire(List<Item> items, int cutPercent, int duplicatePercent) {
        int n = items.size();
        int copyAbove = 100 - duplicatePercent;
        List<List<Long>> batches = new ArrayList<>();
        List<long[]> batch = new ArrayList<>(); // {key, number}
        int numbersInBatch = 0;
        int maxBatch = 1;
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            long s = i + 1;
            batch.add(new long[] {item.key(), s});
            if (item.duplicateRoll() >= copyAbove) {
                batch.add(new long[] {item.duplicateKey(), s}); // a duplicate in the same batch
            }
            if (item.repeatRoll() >= copyAbove && s > 1) {
                batch.add(new long[] {item.repeatKey(), 1 + item.repeatTarget() % (s - 1)}); // a late repeat
            }
            numbersInBatch++;
            maxBatch = Math.max(maxBatch, numbersInBatch);
            if (item.cutRoll() < cutPercent || numbersInBatch == MAX_BATCH || s == n) {
                batch.sort(java.util.Comparator.comparingLong(entry -> entry[0]));
                batches.add(batch.stream().map(entry -> entry[1]).toList());
                batch = new ArrayList<>();
                numbersInBatch = 0;
            }
        }
        return new Wire(maxBatch, n, batches);
    }

    /** 2..n in any order, then 1: every number is held until the very last one fills the gap. */
    @Provide
    Arbitrary<List<Long>> firstArrivesLast() {
        return Arbitraries.integers().between(2, 500)
                .flatMap(n -> Arbitraries.shuffle(LongStream.rangeClosed(2, n).boxed().toList()))
                .map(rest -> {
                    List<Long> wire = new ArrayList<>(rest);
                    wire.add(1L);
                    return wire;
                });
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }
}
