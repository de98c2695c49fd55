package com.followermaze.loadgen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static BenchRow row(String target, int run, double eventsPerSecond, double p99, boolean passed) {
        return new BenchRow(target, "default", 0, run,
                Optional.of(new RunFigures(eventsPerSecond, eventsPerSecond * 2, p99 / 2, p99, p99 * 2, passed, passed ? 0 : 3)), "");
    }

    private static final List<BenchRow> ROWS = List.of(
            row("embedded", 1, 100_000, 10, true),
            row("embedded", 2, 300_000, 30, true),
            row("embedded", 3, 200_000, 20, false),
            row("reference", 1, 400_000, 5, true),
            new BenchRow("reference", "default", 0, 2, Optional.empty(), "setup error, see the log"),
            row("reference", 3, 500_000, 15, true));

    @Test
    void theMedianOfEachColumnIsTakenSeparatelyOverTheRunsWithAResult() {
        List<ResultTable.Median> medians = ResultTable.medians(ROWS);
        assertEquals(2, medians.size());
        ResultTable.Median embedded = medians.get(0);
        assertEquals("embedded", embedded.target());
        assertEquals(200_000, embedded.figures().eventsPerSecond());
        assertEquals(20, embedded.figures().p99Millis());
        assertEquals(2, embedded.passed());
        assertEquals(3, embedded.runs());
        ResultTable.Median reference = medians.get(1);
        assertEquals(450_000, reference.figures().eventsPerSecond(), "the mean of the middle two of 2 results");
        assertEquals(2, reference.passed());
        assertEquals(3, reference.runs(), "the run without a result counts as not passed");
    }

    @Test
    void theRatiosAreEachTargetsMedianOverEveryLaterTargetsInTheOrderGiven() {
        String ratios = ResultTable.ratios(ResultTable.medians(ROWS), List.of("embedded", "reference"));
        assertEquals("default              max  embedded / reference         events/s   0.44   p99 ms   2.00\n", ratios);
        String reversed = ResultTable.ratios(ResultTable.medians(ROWS), List.of("reference", "embedded"));
        assertTrue(reversed.contains("reference / embedded         events/s   2.25   p99 ms   0.50"), reversed);
    }

    @Test
    void aTargetWithoutAMedianHasNoRatio() {
        assertEquals("", ResultTable.ratios(ResultTable.medians(ROWS.subList(0, 3)), List.of("embedded", "reference")));
        assertEquals("-", ResultTable.ratio(1, 0));
    }

    @Test
    void theTableHasARowPerRunAMedianPerGroupTheRatiosAndThePeakMemory() {
        String table = ResultTable.format(ROWS, List.of("embedded", "reference"), Map.of("embedded", 2048L));
        String[] lines = table.split("\n");
        assertTrue(lines[0].startsWith("target       scenario            rate    run     events/s"), lines[0]);
        assertEquals("embedded     default              max      1      100,000          200,000       5.0      10.0      20.0  yes",
                lines[1]);
        assertTrue(lines[3].endsWith("NO (3 failures)"), lines[3]);
        assertTrue(lines[5].endsWith("no result (setup error, see the log)"), lines[5]);
        assertEquals("embedded     default              max median      200,000          400,000      10.0      20.0      40.0  2/3 passed",
                lines[7]);
        assertTrue(table.contains("embedded / reference"), table);
        assertTrue(table.contains("embedded: pipeline JVM peak RSS (VmHWM): 2048 kB (2 MiB)"), table);
        assertFalse(table.contains("reference: pipeline JVM"), "the reference server has no JVM of its own");
    }

    @Test
    void aPacedRateIsShownAsItsEventsPerSecond() {
        assertEquals("max", ResultTable.rate(0));
        assertEquals("50000", ResultTable.rate(50_000));
    }
}
