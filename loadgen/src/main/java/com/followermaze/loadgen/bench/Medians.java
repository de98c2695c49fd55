package com.followermaze.loadgen.bench;

import java.util.Arrays;
import java.util.List;

/** The median of a column of figures. */
final class Medians {

    private Medians() {
    }

    /** The middle value, or the mean of the two middle ones for an even count; there must be one value. */
    static double of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values: none (expected at least one)");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
