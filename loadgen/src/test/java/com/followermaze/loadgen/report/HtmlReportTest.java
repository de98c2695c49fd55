package com.followermaze.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.loadgen.verify.Failure;
import com.followermaze.loadgen.verify.ReconnectTotals;
import com.followermaze.loadgen.verify.FailureKind;

/**
 * The report says where the run came from and draws each quantity on an axis of its own, bound
 * to the data; rendering is bounded in time whatever the data: flat lines, zero latencies, no
 * notifications at all.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HtmlReportTest {

    private static final RunInfo INFO = new RunInfo("loadgen --total-events 1000 --scenario 'a b'",
            Instant.parse("2026-12-01T23:45:06Z"), "127.0.0.1:9090", List.of("127.0.0.1:9099", "[::1]:9099"), "9.8.7-TEST");

    private static Histogram spreadLatency() {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            latency.recordValue(100 + random.nextInt(300_000));
        }
        return latency;
    }

    private static RunResult result(Histogram latency, List<Sample> samples, List<Failure> failures) {
        return new RunResult(failures.isEmpty(), "default", 666, 100, 1_000, 500_000, 500_000, 30_000,
                latency.getTotalCount(), Duration.ofSeconds(5), latency, failures.size(), failures, samples,
                ReconnectTotals.OFF, WireSettings.DEFAULT, List.of());
    }

    private static List<Sample> flatSamples(int seconds) {
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(0, 0, 0, 0, 0, 0));
        for (int i = 1; i <= seconds; i++) {
            samples.add(new Sample(i, i * 100_000L, i * 5_000L, 0, 0, 0));
        }
        return samples;
    }

    @Test
    void writesAnOfflineHtmlPageWithFourEmbeddedPlotsAndTheFailures(@TempDir Path dir) throws Exception {
        Histogram latency = spreadLatency();
        Failure failure = new Failure(FailureKind.WRONG_LINE, "client 1 (user 2)", "1|B", "<b>", "not a line");
        Path file = dir.resolve("report.html");

        HtmlReport.write(result(latency, flatSamples(5), List.of(failure)), INFO, file);

        String page = Files.readString(file);
        assertThat(page.split("data:image/png;base64,", -1).length - 1).isEqualTo(4);
        assertThat(page.contains("http://") || page.contains("https://") || page.contains("<script")).isFalse();
        assertThat(page).as("received bytes are escaped").contains("&lt;b&gt;");
        assertThat(page).as("the run's wire settings are shown").contains("lines end in LF; one event-source connection");
    }

    @Test
    void thePageSaysWhereTheRunCameFrom(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.html");

        HtmlReport.write(result(spreadLatency(), flatSamples(5), List.of()), INFO, file);

        assertThat(Files.readString(file)).contains(
                "<tr><th>command</th><td><code>loadgen --total-events 1000 --scenario 'a b'</code></td></tr>",
                "<tr><th>started</th><td>2026-12-01 23:45:06 UTC</td></tr>",
                "<tr><th>event source</th><td>127.0.0.1:9090</td></tr>",
                "<tr><th>user clients</th><td>127.0.0.1:9099, [::1]:9099</td></tr>",
                "<tr><th>loadgen version</th><td>9.8.7-TEST</td></tr>");
    }

    @Test
    void notificationsHaveAPlotOfTheirOwnApartFromTheEvents() {
        List<XYChart> charts = HtmlReport.charts(result(spreadLatency(), flatSamples(5), List.of()));

        assertThat(charts).extracting(XYChart::getTitle).containsExactly("Events sent per second",
                "Notifications received per second", "Latency over time (per second)",
                "Latency distribution (event sent -> notification received)");
        assertThat(charts.get(0).getSeriesMap()).containsOnlyKeys("events sent");
        assertThat(charts.get(1).getSeriesMap()).containsOnlyKeys("notifications received");
    }

    @Test
    void theLatencyDistributionsAxesStopWhereTheDataDoes() {
        Histogram latency = spreadLatency(); // 10,000 values: four nines resolved, max about 300 ms

        XYChart distribution = HtmlReport.charts(result(latency, flatSamples(5), List.of())).get(3);

        double maxMillis = latency.getMaxValue() / 1_000.0;
        assertThat(distribution.getStyler().getXAxisMax()).isEqualTo(4.0);
        assertThat(distribution.getStyler().getYAxisMax()).isBetween(maxMillis, maxMillis * 1.1);
        XYSeries series = distribution.getSeriesMap().get("latency");
        assertThat(Arrays.stream(series.getXData()).max().orElseThrow()).isEqualTo(4.0);
        assertThat(Arrays.stream(series.getYData()).max().orElseThrow()).isEqualTo(maxMillis);
    }

    @Test
    void theVersionIsTheLoadgensMavenVersionEvenFromTheTestClasspath() {
        assertThat(RunInfo.loadgenVersion()).isNotEqualTo(RunInfo.UNKNOWN_VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void theCommandLineQuotesWhatAShellWouldSplit() {
        assertThat(RunInfo.commandLine(new String[] {"--event-address", "127.0.0.1:9090", "--report", "my report.html",
                "--scenario", "it's"}))
                .isEqualTo("loadgen --event-address 127.0.0.1:9090 --report 'my report.html' --scenario 'it'\\''s'");
    }

    @Test
    void zeroLatenciesAndFlatThroughputStillRender(@TempDir Path dir) throws Exception {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        latency.recordValueWithCount(0, 1_000);
        Path file = dir.resolve("report.png");

        HtmlReport.write(result(latency, flatSamples(3), List.of()), INFO, file);

        assertThat(Files.size(file)).isGreaterThan(1_000);
    }

    @Test
    void aSingleNotificationStillRenders(@TempDir Path dir) throws Exception {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        latency.recordValue(1_234);
        Path file = dir.resolve("report.png");

        HtmlReport.write(result(latency, flatSamples(2), List.of()), INFO, file);

        assertThat(Files.size(file)).isGreaterThan(1_000);
    }

    @Test
    void aRunWithoutNotificationsHasOnlyTheThroughputPlot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.html");

        HtmlReport.write(result(new Histogram(3_600_000_000L, 3), List.of(new Sample(0, 0, 0, 0, 0, 0)), List.of()), INFO,
                file);

        String page = Files.readString(file);
        assertThat(page.split("data:image/png;base64,", -1).length - 1).isEqualTo(1);
        assertThat(page).contains("No notification was received");
    }
}
