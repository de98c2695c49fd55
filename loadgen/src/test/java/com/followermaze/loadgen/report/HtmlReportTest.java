package com.followermaze.loadgen.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.loadgen.verify.Failure;
import com.followermaze.loadgen.verify.ReconnectTotals;
import com.followermaze.loadgen.verify.FailureKind;

/** Rendering is bounded in time whatever the data: flat lines, zero latencies, no notifications at all. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HtmlReportTest {

    private static RunResult result(Histogram latency, List<Sample> samples, List<Failure> failures) {
        return new RunResult(failures.isEmpty(), "default", 666, 100, 1_000, 500_000, 500_000, 30_000,
                latency.getTotalCount(), Duration.ofSeconds(5), latency, failures.size(), failures, samples,
                ReconnectTotals.OFF, WireSettings.DEFAULT);
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
    void writesAnOfflineHtmlPageWithThreeEmbeddedPlotsAndTheFailures(@TempDir Path dir) throws Exception {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            latency.recordValue(100 + random.nextInt(300_000));
        }
        Failure failure = new Failure(FailureKind.WRONG_LINE, "client 1 (user 2)", "1|B", "<b>", "not a line");
        Path file = dir.resolve("report.html");

        HtmlReport.write(result(latency, flatSamples(5), List.of(failure)), file);

        String page = Files.readString(file);
        assertEquals(3, page.split("data:image/png;base64,", -1).length - 1);
        assertFalse(page.contains("http://") || page.contains("https://") || page.contains("<script"));
        assertTrue(page.contains("&lt;b&gt;"), "received bytes are escaped");
        assertTrue(page.contains("lines end in LF; one event-source connection"), "the run's wire settings are shown");
    }

    @Test
    void zeroLatenciesAndFlatThroughputStillRender(@TempDir Path dir) throws Exception {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        latency.recordValueWithCount(0, 1_000);
        Path file = dir.resolve("report.png");

        HtmlReport.write(result(latency, flatSamples(3), List.of()), file);

        assertTrue(Files.size(file) > 1_000);
    }

    @Test
    void aRunWithoutNotificationsHasOnlyTheThroughputPlot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.html");

        HtmlReport.write(result(new Histogram(3_600_000_000L, 3), List.of(new Sample(0, 0, 0, 0, 0, 0)), List.of()), file);

        String page = Files.readString(file);
        assertEquals(1, page.split("data:image/png;base64,", -1).length - 1);
        assertTrue(page.contains("No notification was received"));
    }
}
