package com.followermaze.listener.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class NackPauseTest {

    private static final long MS = 1_000_000;

    private final NackPause pause = new NackPause(Duration.ofMillis(1), Duration.ofMillis(8));

    @Test
    void withoutANackThePublisherNeverWaits() {
        assertThat(pause.remainingNanos(0)).isZero();
        assertThat(pause.remainingNanos(Long.MAX_VALUE)).isZero();
    }

    @Test
    void aNackPausesPublishingForTheInitialPause() {
        pause.nacked(100 * MS);

        assertThat(pause.remainingNanos(100 * MS)).isEqualTo(MS);
        assertThat(pause.remainingNanos(100 * MS + MS / 2)).isEqualTo(MS / 2);
        assertThat(pause.remainingNanos(101 * MS)).isZero();
    }

    @Test
    void nacksOfOtherBatchesDuringThePauseDoNotLengthenIt() {
        pause.nacked(0);
        pause.nacked(MS / 4);
        pause.nacked(MS / 2);

        assertThat(pause.remainingNanos(MS / 2)).isEqualTo(MS / 2);
    }

    @Test
    void aNackAfterThePauseEndedDoublesItUpToTheMaximum() {
        long now = 0;
        long[] pauses = new long[6];
        for (int n = 0; n < pauses.length; n++) {
            pause.nacked(now);
            pauses[n] = pause.remainingNanos(now);
            now += pauses[n]; // the batch published again at the end of the pause is refused again
        }

        assertThat(pauses).containsExactly(MS, 2 * MS, 4 * MS, 8 * MS, 8 * MS, 8 * MS);
    }

    @Test
    void anAckEndsTheGrowthSoTheNextNackPausesTheInitialPauseAgain() {
        pause.nacked(0);
        pause.nacked(MS);
        pause.nacked(3 * MS);
        assertThat(pause.remainingNanos(3 * MS)).isEqualTo(4 * MS);

        pause.acked();

        assertThat(pause.remainingNanos(3 * MS)).as("an ack: the queue has room, publish at once").isZero();
        pause.nacked(10 * MS);
        assertThat(pause.remainingNanos(10 * MS)).isEqualTo(MS);
    }

    @Test
    void aRetriedFullQueueIsTriedAtMostOncePerPauseNeverInASpin() {
        // The publisher's loop: publish when the pause is over, and the broker refuses every time.
        long now = 0;
        int attempts = 0;
        while (now < 1_000 * MS) {
            if (pause.remainingNanos(now) == 0) {
                attempts++;
                pause.nacked(now);
            }
            now += MS / 10; // the loop wakes often: confirms, the park's bound
        }

        assertThat(attempts).as("attempts in one second with an 8 ms maximum pause").isBetween(120, 130);
    }

    @Test
    void aPauseMustBePositiveAndTheMaximumNoShorter() {
        assertThatThrownBy(() -> new NackPause(Duration.ZERO, Duration.ofMillis(1)))
                .hasMessage("initial: PT0S (expected > 0)");
        assertThatThrownBy(() -> new NackPause(Duration.ofMillis(2), Duration.ofMillis(1)))
                .hasMessage("max: PT0.001S (expected >= initial PT0.002S)");
    }
}
