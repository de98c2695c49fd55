package com.followermaze.processor.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.followermaze.processor.sequence.Sequencer.Outcome;

class SequencerTest {

    private final Sequencer<String> sequencer = new Sequencer<>(8);
    private final List<String> released = new ArrayList<>();

    @Test
    void holdsLaterEventsUntilTheGapFills() {
        assertThat(sequencer.offer(3, "c")).isEqualTo(Outcome.ACCEPTED);
        assertThat(sequencer.offer(2, "b")).isEqualTo(Outcome.ACCEPTED);
        assertThat(sequencer.drain(released::add)).isZero();
        assertThat(sequencer.held()).isEqualTo(2);

        sequencer.offer(1, "a");
        assertThat(sequencer.drain(released::add)).isEqualTo(3);
        assertThat(released).containsExactly("a", "b", "c");
        assertThat(sequencer.nextExpected()).isEqualTo(4);
        assertThat(sequencer.held()).isZero();
    }

    @Test
    void refusesADuplicateOfAHeldEventAndKeepsTheFirst() {
        sequencer.offer(2, "first");
        assertThat(sequencer.offer(2, "second")).isEqualTo(Outcome.DUPLICATE);
        sequencer.offer(1, "a");
        sequencer.drain(released::add);
        assertThat(released).containsExactly("a", "first");
    }

    @Test
    void replacesAHeldItemOnlyIfItIsTheSameObject() {
        String held = new String("b");
        sequencer.offer(2, held);
        assertThat(sequencer.holds(2, held)).isTrue();
        assertThat(sequencer.holds(2, new String("b"))).isFalse();
        assertThat(sequencer.replace(2, new String("b"), item -> "not this one")).isFalse();
        assertThat(sequencer.replace(3, held, item -> "nothing held at 3")).isFalse();
        assertThat(sequencer.replace(2, held, item -> item + "'")).isTrue();
        assertThat(sequencer.held()).isEqualTo(1);

        sequencer.offer(1, "a");
        sequencer.drain(released::add);
        assertThat(released).containsExactly("a", "b'");
        assertThat(sequencer.replace(2, "b'", item -> "released already")).isFalse();
        assertThat(sequencer.holds(2, "b'")).isFalse();
    }

    @Test
    void refusesAnEventAlreadyReleasedAsStale() {
        sequencer.offer(1, "a");
        sequencer.drain(released::add);
        assertThat(sequencer.offer(1, "again")).isEqualTo(Outcome.STALE);
    }

    @Test
    void refusesAnEventFurtherAheadThanItsCapacity() {
        assertThat(sequencer.capacity()).isEqualTo(8);
        assertThat(sequencer.offer(8, "h")).isEqualTo(Outcome.ACCEPTED);
        assertThat(sequencer.offer(9, "i")).isEqualTo(Outcome.TOO_FAR_AHEAD);
        assertThat(sequencer.held()).isEqualTo(1);
    }

    @Test
    void skippingAGapMovesToTheLowestHeldNumber() {
        sequencer.offer(1, "a");
        sequencer.drain(released::add);
        sequencer.offer(5, "e");
        sequencer.offer(7, "g");
        assertThat(sequencer.skipGap()).isEqualTo(3);
        sequencer.drain(released::add);
        assertThat(released).containsExactly("a", "e");
        assertThat(sequencer.nextExpected()).isEqualTo(6);
        assertThat(sequencer.offer(3, "late")).isEqualTo(Outcome.STALE);
    }

    @Test
    void skippingWithNothingHeldSkipsNothing() {
        assertThat(sequencer.skipGap()).isZero();
        assertThat(sequencer.nextExpected()).isEqualTo(1);
    }

    @Test
    void roundsItsCapacityUpToAPowerOfTwo() {
        assertThat(new Sequencer<>(5).capacity()).isEqualTo(8);
        assertThat(new Sequencer<>(1).capacity()).isEqualTo(1);
    }

    @Test
    void resetForgetsWhatItHeldAndExpectsOneAgain() {
        sequencer.offer(1, "a");
        sequencer.drain(released::add);
        sequencer.offer(5, "e");
        sequencer.reset();
        assertThat(sequencer.held()).isZero();
        assertThat(sequencer.nextExpected()).isEqualTo(1);
        assertThat(sequencer.offer(1, "new a")).isEqualTo(Outcome.ACCEPTED);
        sequencer.offer(5, "new e");
        sequencer.drain(released::add);
        assertThat(released).containsExactly("a", "new a");
    }

    @Test
    void rejectsAMeaninglessCapacityNamingTheValue() {
        assertThatThrownBy(() -> new Sequencer<>(0)).hasMessage("capacity: 0 (expected 1..1073741824)");
    }

    @Test
    void resumedSequencerRefusesWhatAnEarlierRunReleasedAndReleasesFromWhereItStopped() {
        sequencer.resumeAt(100);

        assertThat(sequencer.offer(99, "old")).isEqualTo(Outcome.STALE);
        assertThat(sequencer.offer(101, "b")).isEqualTo(Outcome.ACCEPTED);
        assertThat(sequencer.offer(100, "a")).isEqualTo(Outcome.ACCEPTED);
        assertThat(sequencer.drain(released::add)).isEqualTo(2);
        assertThat(released).containsExactly("a", "b");
        assertThat(sequencer.nextExpected()).isEqualTo(102);
    }

    @Test
    void resumingASequencerInUseIsRefused() {
        sequencer.offer(2, "b");

        assertThatThrownBy(() -> sequencer.resumeAt(10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use");
        assertThatThrownBy(() -> new Sequencer<String>(8).resumeAt(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nextExpected: 0");
    }
}
