package com.followermaze.loadgen.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BatchShufflerTest {

    /** The wire order of seqs 1..total, batch by batch. */
    private static List<long[]> wireBatches(BatchShuffler shuffler, long total) {
        List<long[]> batches = new ArrayList<>();
        long next = 1;
        while (next <= total) {
            int size = shuffler.nextBatchSize(total - next + 1);
            int[] order = shuffler.shuffle(size);
            long[] batch = new long[size];
            for (int i = 0; i < size; i++) {
                batch[i] = next + order[i];
            }
            batches.add(batch);
            next += size;
        }
        return batches;
    }

    @Property(tries = 100)
    void batchesAreShuffledRunsOfConsecutiveSeqsOfSizeOneToMax(@ForAll @IntRange(min = 1, max = 200) int maxBatchSize,
                                                               @ForAll @LongRange(min = 1, max = 5_000) long total,
                                                               @ForAll long seed) {
        List<long[]> batches = wireBatches(new BatchShuffler(maxBatchSize, new SplittableRandom(seed)), total);
        long next = 1;
        for (long[] batch : batches) {
            assertThat(batch.length >= 1 && batch.length <= maxBatchSize).as("batch size " + batch.length).isTrue();
            long[] sorted = batch.clone();
            Arrays.sort(sorted);
            for (long seq : sorted) {
                assertThat(seq).as("each batch holds the next consecutive seqs, each exactly once").isEqualTo(next++);
            }
        }
        assertThat(next).as("every seq 1..total is sent exactly once").isEqualTo(total + 1);
    }

    @Test
    void sizesCoverTheWholeRangeOneToMax() {
        BatchShuffler shuffler = new BatchShuffler(100, new SplittableRandom(666));
        boolean[] seen = new boolean[101];
        for (int i = 0; i < 10_000; i++) {
            seen[shuffler.nextBatchSize(Long.MAX_VALUE)] = true;
        }
        for (int size = 1; size <= 100; size++) {
            assertThat(seen[size]).as("size " + size + " never drawn").isTrue();
        }
    }

    @Test
    void batchesAreReallyShuffled() {
        long reordered = wireBatches(new BatchShuffler(100, new SplittableRandom(666)), 10_000).stream()
                .filter(batch -> !isSorted(batch)).count();
        assertThat(reordered).isGreaterThan(0);
    }

    @Test
    void aMaximumOfOneSendsEverythingInOrder() {
        long next = 1;
        for (long[] batch : wireBatches(new BatchShuffler(1, new SplittableRandom(666)), 1_000)) {
            assertThat(batch).containsExactly(new long[]{next++});
        }
    }

    @Test
    void theSameSeedGivesTheSameBatches() {
        List<long[]> first = wireBatches(new BatchShuffler(100, new SplittableRandom(9)), 5_000);
        List<long[]> second = wireBatches(new BatchShuffler(100, new SplittableRandom(9)), 5_000);
        assertThat(second.size()).isEqualTo(first.size());
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).containsExactly(first.get(i));
        }
    }

    @Test
    void rejectsAMaximumBelowOne() {
        IllegalArgumentException e = assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new BatchShuffler(0, new SplittableRandom(1))).actual();
        assertThat(e.getMessage()).isEqualTo("maxBatchSize: 0 (expected >= 1)");
    }

    private static boolean isSorted(long[] batch) {
        for (int i = 1; i < batch.length; i++) {
            if (batch[i - 1] > batch[i]) {
                return false;
            }
        }
        return true;
    }
}
