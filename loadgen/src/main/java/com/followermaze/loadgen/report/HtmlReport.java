package com.followermaze.loadgen.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import com.followermaze.loadgen.verify.Failure;

/**
 * The report for people who would rather look than read: events sent over time, notifications
 * received over time (each on its own axis: there are far more of one than of the other),
 * latency over time, and the latency distribution (a percentile plot), drawn with XChart. A
 * {@code .png} file gets the plots stacked in one image; any other name gets one self-contained
 * HTML file (where the run came from, the summary and the plots as embedded PNGs: no script, no
 * network, it renders offline).
 */
public final class HtmlReport {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 380;
    /** The percentile plot's x axis is log10(1/(1-p)): 1 is p90, 3 is p99.9; it stops at p99.9999. */
    private static final double MAX_PERCENTILE_AXIS = 6;
    /** Room left above the highest value of a plot, as a fraction of it. */
    private static final double HEADROOM = 0.05;
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    /**
     * Writes the report to {@code file}: PNG if its name ends in .png (the plots only), HTML
     * otherwise (the run's origin from {@code info}, the summary, the plots, the first failures).
     */
    public static void write(RunResult result, RunInfo info, Path file) throws IOException {
        List<XYChart> charts = charts(result);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            ImageIO.write(stacked(charts), "png", file.toFile());
        } else {
            Files.writeString(file, html(result, info, charts), StandardCharsets.UTF_8);
        }
    }

    static List<XYChart> charts(RunResult result) {
        List<XYChart> charts = new ArrayList<>();
        charts.add(perSecond(result.samples(), "Events sent per second", "events sent", Sample::eventsSent));
        if (result.latencyMicros().getTotalCount() > 0) {
            charts.add(perSecond(result.samples(), "Notifications received per second", "notifications received",
                    Sample::notifications));
            charts.add(latencyOverTime(result.samples()));
            charts.add(latencyDistribution(result));
        }
        return charts;
    }

    /** A counter's rate between consecutive samples, in thousands per second. */
    private static XYChart perSecond(List<Sample> samples, String title, String name, ToLongFunction<Sample> counter) {
        XYChart chart = chart(title, "seconds", "thousands per second");
        List<Double> times = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample previous = samples.get(i - 1);
            Sample current = samples.get(i);
            double seconds = current.elapsedSeconds() - previous.elapsedSeconds();
            if (seconds <= 0) {
                continue;
            }
            times.add(current.elapsedSeconds());
            rates.add((counter.applyAsLong(current) - counter.applyAsLong(previous)) / seconds / 1_000);
        }
        if (times.isEmpty()) {
            times.add(0.0);
            rates.add(0.0);
        }
        line(chart, name, times, rates);
        return chart;
    }

    private static XYChart latencyOverTime(List<Sample> samples) {
        XYChart chart = chart("Latency over time (per second)", "seconds", "ms");
        List<Double> times = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        for (Sample sample : samples.subList(1, samples.size())) {
            times.add(sample.elapsedSeconds());
            p50.add(sample.latencyP50Millis());
            p99.add(sample.latencyP99Millis());
            max.add(sample.latencyMaxMillis());
        }
        if (times.isEmpty()) {
            times.add(0.0);
            p50.add(0.0);
            p99.add(0.0);
            max.add(0.0);
        }
        line(chart, "p50", times, p50);
        line(chart, "p99", times, p99);
        line(chart, "max", times, max);
        return chart;
    }

    private static XYChart latencyDistribution(RunResult result) {
        // No custom tick labels: XChart's tick layout can loop forever on labels that repeat.
        XYChart chart = chart("Latency distribution (event sent -> notification received)",
                "percentile in nines: 1 = p90, 2 = p99, 3 = p99.9, 4 = p99.99", "ms");
        Histogram histogram = result.latencyMicros();
        // Past log10(count) nines every percentile is the max: the axis stops where the data does.
        double lastPosition = Math.min(MAX_PERCENTILE_AXIS, Math.max(1, Math.log10(histogram.getTotalCount())));
        double maxMillis = histogram.getMaxValue() / 1_000.0;
        List<Double> axis = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        for (HistogramIterationValue value : histogram.percentiles(5)) {
            double fraction = value.getPercentileLevelIteratedTo() / 100.0;
            double position = fraction >= 1 ? lastPosition : Math.min(lastPosition, -Math.log10(1 - fraction));
            axis.add(position);
            // A bucket's highest equivalent value can lie past the largest value recorded.
            millis.add(Math.min(maxMillis, value.getValueIteratedTo() / 1_000.0));
            if (position >= lastPosition) {
                break;
            }
        }
        line(chart, "latency", axis, millis);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(lastPosition);
        if (maxMillis > 0) {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(maxMillis * (1 + HEADROOM));
        }
        return chart;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    private static void line(XYChart chart, String name, List<Double> x, List<Double> y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
    }

    private static BufferedImage stacked(List<XYChart> charts) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT * charts.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            for (int i = 0; i < charts.size(); i++) {
                graphics.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), 0, i * HEIGHT, null);
            }
        } finally {
            graphics.dispose();
        }
        return image;
    }

    private static String html(RunResult result, RunInfo info, List<XYChart> charts) throws IOException {
        StringBuilder html = new StringBuilder(256 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Follower Maze loadgen report</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1040px}")
                .append("pre{background:#f4f4f4;padding:1em;overflow-x:auto}")
                .append(".pass{color:#070}.fail{color:#b00}img{display:block;margin:1em 0;max-width:100%}")
                .append("th{text-align:left;padding-right:1em;vertical-align:top;white-space:nowrap}")
                .append("td code{overflow-wrap:anywhere}</style>")
                .append("</head><body>\n");
        html.append("<h1 class=\"").append(result.passed() ? "pass\">PASSED" : "fail\">FAILED").append("</h1>\n");
        html.append("<table class=\"run\">\n");
        row(html, "command", "<code>" + escape(info.commandLine()) + "</code>");
        row(html, "started", escape(STARTED.format(info.startedAt())));
        row(html, "event source", escape(info.eventAddress()));
        row(html, "user clients", escape(String.join(", ", info.userAddresses())));
        row(html, "loadgen version", escape(info.version()));
        html.append("</table>\n");
        html.append("<pre>").append(escape(SummaryText.format(result))).append("</pre>\n");
        for (XYChart chart : charts) {
            html.append("<img alt=\"").append(escape(chart.getTitle())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png(chart))).append("\">\n");
        }
        if (charts.size() == 1) {
            html.append("<p>No notification was received: no notifications or latency to plot.</p>\n");
        }
        if (!result.firstFailures().isEmpty()) {
            html.append("<h2>First failures</h2>\n<ul>\n");
            for (Failure failure : result.firstFailures()) {
                html.append("<li>").append(escape(failure.toString())).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void row(StringBuilder html, String name, String valueHtml) {
        html.append("<tr><th>").append(name).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static byte[] png(XYChart chart) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", bytes);
        return bytes.toByteArray();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
