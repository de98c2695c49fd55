package com.followermaze.loadgen.generate;

import java.util.SplittableRandom;

/**
 * Cuts the sequence 1..total into consecutive batches of random size 1..maxBatchSize (the last
 * one possibly shorter) and gives each batch's wire order, a random permutation, as the
 * official test program does. A maximum of 1 means every event is sent in order.
 *
 * <p>Reuses one array for the permutation: a batch's order is valid until the next call.
 * Not thread-safe.
 */
public final class BatchShuffler {

    private final SplittableRandom random;
    private final int maxBatchSize;
    private final int[] order;

    public BatchShuffler(int maxBatchSize, SplittableRandom random) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize: " + maxBatchSize + " (expected >= 1)");
        }
        this.random = random;
        this.maxBatchSize = maxBatchSize;
        this.order = new int[maxBatchSize];
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** The size of the next batch, at most {@code remaining} (which must be >= 1). */
    public int nextBatchSize(long remaining) {
        int size = 1 + random.nextInt(maxBatchSize);
        return (int) Math.min(size, remaining);
    }

    /**
     * A uniformly random order of the offsets 0..size-1 of a batch: the event at
     * {@code order[i]} within the batch goes on the wire i-th. Fisher-Yates.
     */
    public int[] shuffle(int size) {
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
