package com.followermaze.loadgen.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ClientIdsTest {

    @Test
    void drawsDistinctIdsAmongTheUsersDeterministically() {
        int[] ids = ClientIds.draw(100, 1_000, new SplittableRandom(666));
        assertThat(Arrays.stream(ids).distinct().count()).isEqualTo(100);
        assertThat(Arrays.stream(ids).allMatch(id -> id >= 1 && id <= 1_000)).isTrue();
        assertThat(ClientIds.draw(100, 1_000, new SplittableRandom(666))).containsExactly(ids);
    }

    @Test
    void everyUserCanBeConnected() {
        int[] ids = ClientIds.draw(10, 10, new SplittableRandom(1));
        Arrays.sort(ids);
        assertThat(ids).containsExactly(new int[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    }

    @Test
    void rejectsMoreClientsThanUsers() {
        IllegalArgumentException e = assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> ClientIds.draw(11, 10, new SplittableRandom(1))).actual();
        assertThat(e.getMessage()).isEqualTo("clients: 11 (expected 0..10, the number of users)");
    }
}
