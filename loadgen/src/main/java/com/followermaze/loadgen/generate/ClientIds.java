package com.followermaze.loadgen.generate;

import java.util.SplittableRandom;
import java.util.Arrays;

/** Draws the distinct user ids the clients connect as. */
public final class ClientIds {

    private ClientIds() {
    }

    /**
     * {@code clients} distinct ids from 1..users, drawn with {@code random} (a partial
     * Fisher-Yates shuffle: same random source, same ids, in the same order).
     */
    public static int[] draw(int clients, int users, SplittableRandom random) {
        if (clients < 0 || clients > users) {
            throw new IllegalArgumentException("clients: " + clients + " (expected 0.." + users + ", the number of users)");
        }
        int[] ids = new int[users];
        for (int i = 0; i < users; i++) {
            ids[i] = i + 1;
        }
        for (int i = 0; i < clients; i++) {
            int j = i + random.nextInt(users - i);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        return Arrays.copyOf(ids, clients);
    }
}
