package com.followermaze.processor.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SequencerProperties {

    @Property
    void anyShuffledBatchingWithDuplicatesReleasesExactlyOneToNInOrder(
            @ForAll @IntRange(min = 1, max = 3000) int n,
            @ForAll @IntRange(min = 1, max = 200) int maxBatch,
            @ForAll @IntRange(min = 0, max = 30) int duplicatePercent,
            @ForAll @LongRange long seed) {
        Random random = new Random(seed);
        List<Long> wire = new ArrayList<>();
        for (long start = 1; start <= n; ) {
            int size = 1 + random.nextInt(maxBatch);
            List<Long> batch = new ArrayList<>();
            for (long s = start; s < start + size && s <= n; s++) {
                batch.add(s);
                if (random.nextInt(100) < duplicatePercent) {
                    batch.add(s); // a duplicate in the same batch
                }
                if (random.nextInt(100) < duplicatePercent && s > 1) {
                    batch.add(1 + (long) random.nextInt((int) s - 1)); // a late repeat of an earlier one
                }
            }
            Collections.shuffle(batch, random);
            wire.addAll(batch);
            start += size;
        }
        Sequencer<Long> sequencer = new Sequencer<>(2 * maxBatch + 2);
        List<Long> released = new ArrayList<>();
        for (long seq : wire) {
            Sequencer.Outcome outcome = sequencer.offer(seq, seq);
            assertThat(outcome).isNotEqualTo(Sequencer.Outcome.TOO_FAR_AHEAD);
            sequencer.drain(released::add);
            assertThat(sequencer.held()).isLessThanOrEqualTo(sequencer.capacity());
        }
        assertThat(released).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(sequencer.held()).isZero();
        assertThat(sequencer.nextExpected()).isEqualTo(n + 1);
    }

    @Property
    void gapsFilledLastReleaseEverythingHeldAtOnce(@ForAll @IntRange(min = 2, max = 500) int n,
                                                   @ForAll @LongRange long seed) {
        Random random = new Random(seed);
        List<Long> wire = new ArrayList<>(LongStream.rangeClosed(1, n).boxed().toList());
        Collections.shuffle(wire, random);
        wire.remove(Long.valueOf(1));
        wire.add(1L); // the first number arrives last
        Sequencer<Long> sequencer = new Sequencer<>(n);
        List<Long> released = new ArrayList<>();
        for (long seq : wire) {
            sequencer.offer(seq, seq);
            sequencer.drain(released::add);
            if (seq != 1) {
                assertThat(released).isEmpty();
            }
        }
        assertThat(released).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
    }

    @Property
    void nothingBeyondTheCapacityIsEverHeld(@ForAll @IntRange(min = 1, max = 64) int capacity,
                                            @ForAll @LongRange(min = 1, max = 1000) long seq) {
        Sequencer<Long> sequencer = new Sequencer<>(capacity);
        Sequencer.Outcome outcome = sequencer.offer(seq, seq);
        if (seq - 1 >= sequencer.capacity()) {
            assertThat(outcome).isEqualTo(Sequencer.Outcome.TOO_FAR_AHEAD);
            assertThat(sequencer.held()).isZero();
        } else {
            assertThat(outcome).isEqualTo(Sequencer.Outcome.ACCEPTED);
        }
    }
}
