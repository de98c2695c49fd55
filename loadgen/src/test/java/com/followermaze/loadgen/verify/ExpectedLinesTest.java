package com.followermaze.loadgen.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
            lines.pop();
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
                lines.pop();
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
        assertThrows(IllegalStateException.class, () -> new ExpectedLines().pop());
    }
}
