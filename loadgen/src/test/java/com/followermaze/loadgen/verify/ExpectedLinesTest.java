package com.followermaze.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ExpectedLinesTest {

    @Test
    void givesSeqsBackInTheOrderAddedAcrossChunks() {
        ExpectedLines lines = new ExpectedLines();
        for (long seq = 1; seq <= 1_000; seq++) {
            lines.add(seq * 3);
        }
        assertThat(lines.size()).isEqualTo(1_000);
        for (long seq = 1; seq <= 1_000; seq++) {
            assertThat(lines.peek()).isEqualTo(seq * 3);
            lines.pop(seq * 3);
        }
        assertThat(lines.peek()).isEqualTo(ExpectedLines.NONE);
        assertThat(lines.size()).isEqualTo(0);
    }

    @Test
    void interleavedAddsAndPopsKeepOrderAtChunkBoundaries() {
        ExpectedLines lines = new ExpectedLines();
        long added = 0;
        long taken = 0;
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 37; i++) {
                lines.add(++added);
            }
            for (int i = 0; i < 30; i++) {
                assertThat(lines.peek()).isEqualTo(++taken);
                lines.pop(taken);
            }
        }
        assertThat(lines.size()).isEqualTo(added - taken);
    }

    @Test
    void findsSeqsExpectedAfterTheHeadOnly() {
        ExpectedLines lines = new ExpectedLines();
        for (long seq = 1; seq <= 200; seq++) {
            lines.add(seq);
        }
        assertThat(lines.containsLater(1)).as("the head is not later").isFalse();
        assertThat(lines.containsLater(2)).isTrue();
        assertThat(lines.containsLater(200)).isTrue();
        assertThat(lines.containsLater(201)).isFalse();
    }

    @Test
    void popOfAnEmptyQueueIsABug() {
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> new ExpectedLines().pop(1));
    }

    @Test
    void popOfASeqThatIsNotTheNextIsABug() {
        BroadcastLog broadcasts = new BroadcastLog(16);
        ExpectedLines lines = new ExpectedLines(broadcasts);
        lines.add(2);
        broadcasts.add(3);
        assertThatExceptionOfType(IllegalStateException.class).as("behind 2").isThrownBy(() -> lines.pop(3));
        assertThatExceptionOfType(IllegalStateException.class).as("never expected").isThrownBy(() -> lines.pop(1));
        lines.pop(2);
        lines.pop(3);
        assertThat(lines.size()).isEqualTo(0);
    }

    @Property(tries = 200)
    void mergesItsOwnSeqsWithTheSharedBroadcastsInSeqOrder(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                          @ForAll @IntRange(min = 0, max = 500) int events) {
        SplittableRandom random = new SplittableRandom(seed);
        BroadcastLog broadcasts = new BroadcastLog(1024);
        ExpectedLines mine = new ExpectedLines(broadcasts);
        ExpectedLines other = new ExpectedLines(broadcasts);
        List<Long> expected = new ArrayList<>();
        long taken = 0;
        for (long seq = 1; seq <= events; seq++) {
            switch (random.nextInt(3)) {
                case 0 -> {
                    mine.add(seq);
                    expected.add(seq);
                }
                case 1 -> {
                    broadcasts.add(seq);
                    expected.add(seq);
                }
                default -> other.add(seq); // someone else's: not mine
            }
            assertThat(Math.max(mine.lastAdded(), other.lastAdded())).isEqualTo(seq);
            while (random.nextInt(4) == 0 && taken < expected.size()) {
                long next = expected.get((int) taken);
                assertThat(mine.peek()).isEqualTo(next);
                assertThat(mine.contains(next)).isTrue();
                assertThat(mine.containsLater(next)).as("the head is not later").isFalse();
                mine.pop(next);
                taken++;
            }
            assertThat(mine.size()).isEqualTo(expected.size() - taken);
        }
        for (long i = taken; i < expected.size(); i++) {
            long next = expected.get((int) i);
            if (i + 1 < expected.size()) {
                assertThat(mine.containsLater(expected.get((int) i + 1))).isTrue();
            }
            assertThat(mine.peek()).isEqualTo(next);
            mine.pop(next);
        }
        assertThat(mine.peek()).isEqualTo(ExpectedLines.NONE);
        assertThat(mine.size()).isEqualTo(0);
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> mine.pop(events + 1));
    }

    @Test
    void seqsOfOtherClientsAreNotContained() {
        BroadcastLog broadcasts = new BroadcastLog(16);
        ExpectedLines lines = new ExpectedLines(broadcasts);
        lines.add(2);
        broadcasts.add(4);
        lines.add(6);
        assertThat(lines.contains(4)).isTrue();
        assertThat(lines.containsLater(6)).isTrue();
        assertThat(lines.contains(3)).as("between two of mine, in neither source").isFalse();
        assertThat(lines.contains(5)).isFalse();
        assertThat(lines.contains(7)).isFalse();
        assertThat(lines.lastAdded()).isEqualTo(6);
        broadcasts.add(8);
        assertThat(lines.lastAdded()).isEqualTo(8);
        assertThat(lines.size()).isEqualTo(4);
    }

    /**
     * The feeding thread adds while the client's thread drops what it is owed, as a client away
     * from its server does: every seq must come out once, in order. (A peek that read the two
     * sources at different moments could return a broadcast ahead of an own seq added just
     * before it.)
     */
    @Test
    void takesEverySeqOnceInOrderWhileTheFeedingThreadAdds() throws Exception {
        int total = 2_000_000;
        BroadcastLog broadcasts = new BroadcastLog(1 << 21);
        ExpectedLines lines = new ExpectedLines(broadcasts);
        Thread feeder = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(7);
            for (long seq = 1; seq <= total; seq++) {
                if (random.nextBoolean()) {
                    lines.add(seq);
                } else {
                    broadcasts.add(seq);
                }
            }
        }, "test-feeder");
        feeder.start();
        long last = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (last < total && System.nanoTime() < deadline) {
            long next = lines.peek();
            if (next == ExpectedLines.NONE) {
                continue;
            }
            assertThat(next).as("the next seq after " + last).isEqualTo(last + 1);
            lines.pop(next);
            last = next;
        }
        feeder.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(10));
        assertThat(last).isEqualTo(total);
        assertThat(lines.peek()).isEqualTo(ExpectedLines.NONE);
    }
}
