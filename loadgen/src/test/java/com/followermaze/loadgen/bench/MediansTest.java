package com.followermaze.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

class MediansTest {

    @Test
    void anOddCountHasTheMiddleValueWhateverTheOrder() {
        assertThat(Medians.of(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
        assertThat(Medians.of(List.of(7.0))).isEqualTo(7.0);
    }

    @Test
    void anEvenCountHasTheMeanOfTheTwoMiddleValues() {
        assertThat(Medians.of(List.of(10.0, 3.0, 5.0, 1.0))).isEqualTo(4.0);
    }

    @Test
    void noValueHasNoMedian() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Medians.of(List.of()));
    }
}
