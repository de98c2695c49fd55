package com.followermaze.loadgen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class MediansTest {

    @Test
    void anOddCountHasTheMiddleValueWhateverTheOrder() {
        assertEquals(5.0, Medians.of(List.of(9.0, 1.0, 5.0)));
        assertEquals(7.0, Medians.of(List.of(7.0)));
    }

    @Test
    void anEvenCountHasTheMeanOfTheTwoMiddleValues() {
        assertEquals(4.0, Medians.of(List.of(10.0, 3.0, 5.0, 1.0)));
    }

    @Test
    void noValueHasNoMedian() {
        assertThrows(IllegalArgumentException.class, () -> Medians.of(List.of()));
    }
}
