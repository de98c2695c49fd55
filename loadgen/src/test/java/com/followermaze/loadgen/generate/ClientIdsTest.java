package com.followermaze.loadgen.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ClientIdsTest {

    @Test
    void drawsDistinctIdsAmongTheUsersDeterministically() {
        int[] ids = ClientIds.draw(100, 1_000, new SplittableRandom(666));
        assertEquals(100, Arrays.stream(ids).distinct().count());
        assertTrue(Arrays.stream(ids).allMatch(id -> id >= 1 && id <= 1_000));
        assertArrayEquals(ids, ClientIds.draw(100, 1_000, new SplittableRandom(666)));
    }

    @Test
    void everyUserCanBeConnected() {
        int[] ids = ClientIds.draw(10, 10, new SplittableRandom(1));
        Arrays.sort(ids);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, ids);
    }

    @Test
    void rejectsMoreClientsThanUsers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientIds.draw(11, 10, new SplittableRandom(1)));
        assertEquals("clients: 11 (expected 0..10, the number of users)", e.getMessage());
    }
}
