package com.followermaze.common.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The reconnect backoff: doubling from the initial wait up to the cap, with jitter in the upper half. */
class BackoffTest {

    @Property
    void eachWaitIsBetweenHalfAndAllOfTheDoubledCappedCeiling(@ForAll @LongRange(min = 1, max = 1_000) long initialMs,
                                                             @ForAll @LongRange(min = 0, max = 60_000) long extraMs,
                                                             @ForAll @IntRange(min = 0, max = 1_000) int attempt) {
        Backoff backoff = new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(initialMs + extraMs));
        long ceiling = Math.min(initialMs << Math.min(attempt, 20), initialMs + extraMs);
        assertThat(backoff.delay(attempt).toMillis()).isBetween(ceiling / 2, ceiling);
    }

    @Test
    void theDefaultDoublesFromAHundredMillisecondsToFiveSeconds() {
        Backoff backoff = Backoff.DEFAULT;
        assertThat(backoff.delay(0).toMillis()).isBetween(50L, 100L);
        assertThat(backoff.delay(1).toMillis()).isBetween(100L, 200L);
        assertThat(backoff.delay(5).toMillis()).isBetween(1_600L, 3_200L);
        assertThat(backoff.delay(6).toMillis()).isBetween(2_500L, 5_000L);
        assertThat(backoff.delay(Integer.MAX_VALUE).toMillis()).isBetween(2_500L, 5_000L);
    }

    @Test
    void aZeroInitialWaitOrACapBelowItIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("initial: PT0S");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("max: PT1S (expected >= initial PT2S)");
    }
}
