package com.followermaze.loadgen.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(1_000, lines.size());
        for (long seq = 1; seq <= 1_000; seq++) {
            assertEquals(seq * 3, lines.peek());
            lines.pop(seq * 3);
        }
        assertEquals(ExpectedLines.NONE, lines.peek());
        assertEquals(0, lines.size());
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
                assertEquals(++taken, lines.peek());
                lines.pop(taken);
            }
        }
        assertEquals(added - taken, lines.size());
    }

    @Test
    void findsSeqsExpectedAfterTheHeadOnly() {
        ExpectedLines lines = new ExpectedLines();
        for (long seq = 1; seq <= 200; seq++) {
            lines.add(seq);
        }
        assertFalse(lines.containsLater(1), "the head is not later");
        assertTrue(lines.containsLater(2));
        assertTrue(lines.containsLater(200));
        assertFalse(lines.containsLater(201));
    }

    @Test
    void popOfAnEmptyQueueIsABug() {
        assertThrows(IllegalStateException.class, () -> new ExpectedLines().pop(1));
    }

    @Test
    void popOfASeqThatIsNotTheNextIsABug() {
        BroadcastLog broadcasts = new BroadcastLog(16);
        ExpectedLines lines = new ExpectedLines(broadcasts);
        lines.add(2);
        broadcasts.add(3);
        assertThrows(IllegalStateException.class, () -> lines.pop(3), "behind 2");
        assertThrows(IllegalStateException.class, () -> lines.pop(1), "never expected");
        lines.pop(2);
        lines.pop(3);
        assertEquals(0, lines.size());
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
            assertEquals(seq, Math.max(mine.lastAdded(), other.lastAdded()));
            while (random.nextInt(4) == 0 && taken < expected.size()) {
                long next = expected.get((int) taken);
                assertEquals(next, mine.peek());
                assertTrue(mine.contains(next));
                assertFalse(mine.containsLater(next), "the head is not later");
                mine.pop(next);
                taken++;
            }
            assertEquals(expected.size() - taken, mine.size());
        }
        for (long i = taken; i < expected.size(); i++) {
            long next = expected.get((int) i);
            if (i + 1 < expected.size()) {
                assertTrue(mine.containsLater(expected.get((int) i + 1)));
            }
            assertEquals(next, mine.peek());
            mine.pop(next);
        }
        assertEquals(ExpectedLines.NONE, mine.peek());
        assertEquals(0, mine.size());
        assertThrows(IllegalStateException.class, () -> mine.pop(events + 1));
    }

    @Test
    void seqsOfOtherClientsAreNotContained() {
        BroadcastLog broadcasts = new BroadcastLog(16);
        ExpectedLines lines = new ExpectedLines(broadcasts);
        lines.add(2);
        broadcasts.add(4);
        lines.add(6);
        assertTrue(lines.contains(4));
        assertTrue(lines.containsLater(6));
        assertFalse(lines.contains(3), "between two of mine, in neither source");
        assertFalse(lines.contains(5));
        assertFalse(lines.contains(7));
        assertEquals(6, lines.lastAdded());
        broadcasts.add(8);
        assertEquals(8, lines.lastAdded());
        assertEquals(4, lines.size());
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
            assertEquals(last + 1, next, "the next seq after " + last);
            lines.pop(next);
            last = next;
        }
        feeder.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(10));
        assertEquals(total, last);
        assertEquals(ExpectedLines.NONE, lines.peek());
    }
}
