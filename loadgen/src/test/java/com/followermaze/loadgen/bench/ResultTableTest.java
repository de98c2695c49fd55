package com.followermaze.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ResultTableTest {

    /** A run whose target used p99 / 10 CPU seconds (none known for the reference) and this JVM p99 / 5. */
    private static BenchRow row(String target, int run, double eventsPerSecond, double p99, boolean passed) {
        double targetCpu = target.equals("reference") ? Double.NaN : p99 / 10;
        return new BenchRow(target, "default", 0, run, Optional.of(new RunFigures(eventsPerSecond, eventsPerSecond * 2,
                p99 / 2, p99, p99 * 2, passed, passed ? 0 : 3, targetCpu, p99 / 5)), "");
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
        assertThat(medians.size()).isEqualTo(2);
        ResultTable.Median embedded = medians.get(0);
        assertThat(embedded.target()).isEqualTo("embedded");
        assertThat(embedded.figures().eventsPerSecond()).isEqualTo(200_000);
        assertThat(embedded.figures().p99Millis()).isEqualTo(20);
        assertThat(embedded.passed()).isEqualTo(2);
        assertThat(embedded.runs()).isEqualTo(3);
        ResultTable.Median reference = medians.get(1);
        assertThat(reference.figures().eventsPerSecond()).as("the mean of the middle two of 2 results").isEqualTo(450_000);
        assertThat(reference.passed()).isEqualTo(2);
        assertThat(reference.runs()).as("the run without a result counts as not passed").isEqualTo(3);
    }

    @Test
    void theRatiosAreEachTargetsMedianOverEveryLaterTargetsInTheOrderGiven() {
        String ratios = ResultTable.ratios(ResultTable.medians(ROWS), List.of("embedded", "reference"));
        assertThat(ratios).isEqualTo("default              max  embedded / reference         events/s   0.44   p99 ms   2.00\n");
        String reversed = ResultTable.ratios(ResultTable.medians(ROWS), List.of("reference", "embedded"));
        assertThat(reversed).as(reversed).contains("reference / embedded         events/s   2.25   p99 ms   0.50");
    }

    @Test
    void aTargetWithoutAMedianHasNoRatio() {
        assertThat(ResultTable.ratios(ResultTable.medians(ROWS.subList(0, 3)), List.of("embedded", "reference"))).isEqualTo("");
        assertThat(ResultTable.ratio(1, 0)).isEqualTo("-");
    }

    @Test
    void theTableHasARowPerRunAMedianPerGroupTheRatiosAndThePeakMemory() {
        String table = ResultTable.format(ROWS, List.of("embedded", "reference"), Map.of("embedded", 2048L));
        String[] lines = table.split("\n");
        assertThat(lines[0].startsWith("target       scenario            rate    run     events/s")).as(lines[0]).isTrue();
        assertThat(lines[1]).isEqualTo("embedded     default              max      1      100,000          200,000       5.0      10.0      20.0  yes");
        assertThat(lines[3].endsWith("NO (3 failures)")).as(lines[3]).isTrue();
        assertThat(lines[5].endsWith("no result (setup error, see the log)")).as(lines[5]).isTrue();
        assertThat(lines[7]).isEqualTo("embedded     default              max median      200,000          400,000      10.0      20.0      40.0  2/3 passed");
        assertThat(table).as(table).contains("embedded / reference");
        assertThat(table.contains("embedded: pipeline JVM peak RSS (VmHWM; the largest of its JVMs): 2048 kB (2 MiB)")).as(table).isTrue();
        assertThat(table.contains("reference: pipeline JVM")).as("the reference server has no JVM of its own").isFalse();
    }

    @Test
    void theCpuTimesAreTheMediansOfTheKnownOnesAndADashWhereNoneIs() {
        String table = ResultTable.format(ROWS, List.of("embedded", "reference"), Map.of());
        assertThat(table).as(table)
                .contains("embedded     default              max  target     2.0   this JVM     4.0\n")
                .contains("reference    default              max  target       -   this JVM     2.0\n");
    }

    @Test
    void aPacedRateIsShownAsItsEventsPerSecond() {
        assertThat(ResultTable.rate(0)).isEqualTo("max");
        assertThat(ResultTable.rate(50_000)).isEqualTo("50000");
    }
}
