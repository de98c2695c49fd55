package com.followermaze.loadgen.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            assertTrue(batch.length >= 1 && batch.length <= maxBatchSize, "batch size " + batch.length);
            long[] sorted = batch.clone();
            Arrays.sort(sorted);
            for (long seq : sorted) {
                assertEquals(next++, seq, "each batch holds the next consecutive seqs, each exactly once");
            }
        }
        assertEquals(total + 1, next, "every seq 1..total is sent exactly once");
    }

    @Test
    void sizesCoverTheWholeRangeOneToMax() {
        BatchShuffler shuffler = new BatchShuffler(100, new SplittableRandom(666));
        boolean[] seen = new boolean[101];
        for (int i = 0; i < 10_000; i++) {
            seen[shuffler.nextBatchSize(Long.MAX_VALUE)] = true;
        }
        for (int size = 1; size <= 100; size++) {
            assertTrue(seen[size], "size " + size + " never drawn");
        }
    }

    @Test
    void batchesAreReallyShuffled() {
        long reordered = wireBatches(new BatchShuffler(100, new SplittableRandom(666)), 10_000).stream()
                .filter(batch -> !isSorted(batch)).count();
        assertTrue(reordered > 0);
    }

    @Test
    void aMaximumOfOneSendsEverythingInOrder() {
        long next = 1;
        for (long[] batch : wireBatches(new BatchShuffler(1, new SplittableRandom(666)), 1_000)) {
            assertArrayEquals(new long[] {next++}, batch);
        }
    }

    @Test
    void theSameSeedGivesTheSameBatches() {
        List<long[]> first = wireBatches(new BatchShuffler(100, new SplittableRandom(9)), 5_000);
        List<long[]> second = wireBatches(new BatchShuffler(100, new SplittableRandom(9)), 5_000);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i));
        }
    }

    @Test
    void rejectsAMaximumBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchShuffler(0, new SplittableRandom(1)));
        assertEquals("maxBatchSize: 0 (expected >= 1)", e.getMessage());
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
