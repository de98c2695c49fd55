package com.followermaze.loadgen.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import com.followermaze.loadgen.verify.Failure;

/**
 * The report for people who would rather look than read: throughput over time, latency over
 * time, and the latency distribution (a percentile plot), drawn with XChart. A {@code .png} file
 * gets the plots stacked in one image; any other name gets one self-contained HTML file (the
 * summary and the plots as embedded PNGs: no script, no network, it renders offline).
 */
public final class HtmlReport {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 380;
    /** The percentile plot's x axis is log10(1/(1-p)): 1 is p90, 3 is p99.9; it stops at p99.9999. */
    private static final double MAX_PERCENTILE_AXIS = 6;

    private HtmlReport() {
    }

    /** Writes the report to {@code file}: PNG if its name ends in .png, HTML otherwise. */
    public static void write(RunResult result, Path file) throws IOException {
        List<XYChart> charts = charts(result);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            ImageIO.write(stacked(charts), "png", file.toFile());
        } else {
            Files.writeString(file, html(result, charts), StandardCharsets.UTF_8);
        }
    }

    static List<XYChart> charts(RunResult result) {
        List<XYChart> charts = new ArrayList<>();
        charts.add(throughput(result.samples()));
        if (result.latencyMicros().getTotalCount() > 0) {
            charts.add(latencyOverTime(result.samples()));
            charts.add(latencyDistribution(result));
        }
        return charts;
    }

    private static XYChart throughput(List<Sample> samples) {
        XYChart chart = chart("Throughput over time", "seconds", "thousands per second");
        List<Double> times = new ArrayList<>();
        List<Double> events = new ArrayList<>();
        List<Double> notifications = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample previous = samples.get(i - 1);
            Sample current = samples.get(i);
            double seconds = current.elapsedSeconds() - previous.elapsedSeconds();
            if (seconds <= 0) {
                continue;
            }
            times.add(current.elapsedSeconds());
            events.add((current.eventsSent() - previous.eventsSent()) / seconds / 1_000);
            notifications.add((current.notifications() - previous.notifications()) / seconds / 1_000);
        }
        if (times.isEmpty()) {
            times.add(0.0);
            events.add(0.0);
            notifications.add(0.0);
        }
        line(chart, "events sent", times, events);
        line(chart, "notifications received", times, notifications);
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
        List<Double> axis = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        for (HistogramIterationValue value : result.latencyMicros().percentiles(5)) {
            double fraction = value.getPercentileLevelIteratedTo() / 100.0;
            double position = fraction >= 1 ? MAX_PERCENTILE_AXIS : Math.min(MAX_PERCENTILE_AXIS, -Math.log10(1 - fraction));
            axis.add(position);
            millis.add(value.getValueIteratedTo() / 1_000.0);
            if (position >= MAX_PERCENTILE_AXIS) {
                break;
            }
        }
        line(chart, "latency", axis, millis);
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

    private static String html(RunResult result, List<XYChart> charts) throws IOException {
        StringBuilder html = new StringBuilder(256 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Follower Maze loadgen report</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1040px}")
                .append("pre{background:#f4f4f4;padding:1em;overflow-x:auto}")
                .append(".pass{color:#070}.fail{color:#b00}img{display:block;margin:1em 0;max-width:100%}</style>")
                .append("</head><body>\n");
        html.append("<h1 class=\"").append(result.passed() ? "pass\">PASSED" : "fail\">FAILED").append("</h1>\n");
        html.append("<pre>").append(escape(SummaryText.format(result))).append("</pre>\n");
        for (XYChart chart : charts) {
            html.append("<img alt=\"").append(escape(chart.getTitle())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png(chart))).append("\">\n");
        }
        if (charts.size() == 1) {
            html.append("<p>No notification was received: no latency to plot.</p>\n");
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

    private static byte[] png(XYChart chart) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", bytes);
        return bytes.toByteArray();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
