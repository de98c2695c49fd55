package com.followermaze.loadgen.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The table bench prints: one row per run, a median row per target, scenario and rate (each
 * column's median over the runs that produced a result), then the ratios of the medians of
 * every pair of targets, each target over every later one, for each scenario and rate, the CPU
 * time of each run (medians), and each target's peak resident memory.
 */
final class ResultTable {

    private static final String ROW = "%-12s %-16s %7s %6s %12s %16s %9s %9s %9s  %s%n";

    private ResultTable() {
    }

    /** The median row of one target, scenario and rate. */
    record Median(String target, String scenario, long rate, RunFigures figures, int passed, int runs) {
    }

    /**
     * @param rows      the measured runs, in the order they ran
     * @param targets   the targets' labels, in the order given (the ratios follow it)
     * @param peakRssKb each target's peak resident memory in kB (VmHWM), where known
     */
    static String format(List<BenchRow> rows, List<String> targets, Map<String, Long> peakRssKb) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, ROW, "target", "scenario", "rate", "run", "events/s", "notifications/s",
                "p50 ms", "p99 ms", "p99.9 ms", "pass"));
        for (BenchRow row : rows) {
            if (row.figures().isEmpty()) {
                out.append(String.format(Locale.ROOT, ROW, row.target(), row.scenario(), rate(row.rate()), row.run(),
                        "-", "-", "-", "-", "-", "no result (" + row.error() + ")"));
                continue;
            }
            RunFigures f = row.figures().get();
            out.append(line(row.target(), row.scenario(), row.rate(), String.valueOf(row.run()), f,
                    f.passed() ? "yes" : "NO (" + f.failures() + " failures)"));
        }
        List<Median> medians = medians(rows);
        for (Median m : medians) {
            out.append(line(m.target(), m.scenario(), m.rate(), "median", m.figures(), m.passed() + "/" + m.runs() + " passed"));
        }
        out.append("(median: of each column separately, over the runs that produced a result)\n");
        String ratios = ratios(medians, targets);
        if (!ratios.isEmpty()) {
            out.append("\nratios of the medians (first target / second):\n").append(ratios);
        }
        if (!medians.isEmpty()) {
            out.append("\nCPU seconds (user + system) per run, medians: the target's own processes (a broker outside them "
                    + "not counted), and this JVM's (the load generator's, and the reference server's when it is the "
                    + "target):\n");
        }
        for (Median m : medians) {
            out.append(String.format(Locale.ROOT, "%-12s %-16s %7s  target %7s   this JVM %7s%n", m.target(), m.scenario(),
                    rate(m.rate()), seconds(m.figures().targetCpuSeconds()), seconds(m.figures().benchCpuSeconds())));
        }
        for (String target : targets) {
            Long kb = peakRssKb.get(target);
            if (kb != null) {
                out.append(String.format(Locale.ROOT,
                        "%s: pipeline JVM peak RSS (VmHWM; the largest of its JVMs): %d kB (%d MiB)%n", target, kb, kb / 1024));
            }
        }
        return out.toString();
    }

    /** The median of each column of each target, scenario and rate, in the order they first ran. */
    static List<Median> medians(List<BenchRow> rows) {
        Map<List<Object>, List<BenchRow>> groups = new LinkedHashMap<>();
        for (BenchRow row : rows) {
            groups.computeIfAbsent(List.of(row.target(), row.scenario(), row.rate()), key -> new ArrayList<>()).add(row);
        }
        List<Median> medians = new ArrayList<>();
        for (List<BenchRow> group : groups.values()) {
            List<RunFigures> figures = group.stream().flatMap(row -> row.figures().stream()).toList();
            if (figures.isEmpty()) {
                continue;
            }
            RunFigures median = new RunFigures(median(figures, RunFigures::eventsPerSecond),
                    median(figures, RunFigures::notificationsPerSecond), median(figures, RunFigures::p50Millis),
                    median(figures, RunFigures::p99Millis), median(figures, RunFigures::p999Millis),
                    figures.stream().allMatch(RunFigures::passed), figures.stream().mapToLong(RunFigures::failures).sum(),
                    median(figures, RunFigures::targetCpuSeconds), median(figures, RunFigures::benchCpuSeconds));
            BenchRow first = group.get(0);
            int passed = (int) group.stream().filter(BenchRow::passed).count();
            medians.add(new Median(first.target(), first.scenario(), first.rate(), median, passed, group.size()));
        }
        return medians;
    }

    /**
     * For each scenario and rate, each target's median events/s and p99 latency over every later
     * target's: {@code embedded / reference  events/s 0.85  p99 ms 1.40}.
     */
    static String ratios(List<Median> medians, List<String> targets) {
        StringBuilder out = new StringBuilder();
        Map<List<Object>, Map<String, RunFigures>> byLoad = new LinkedHashMap<>();
        for (Median m : medians) {
            byLoad.computeIfAbsent(List.of(m.scenario(), m.rate()), key -> new LinkedHashMap<>()).put(m.target(), m.figures());
        }
        byLoad.forEach((load, byTarget) -> {
            for (int i = 0; i < targets.size(); i++) {
                for (int j = i + 1; j < targets.size(); j++) {
                    RunFigures a = byTarget.get(targets.get(i));
                    RunFigures b = byTarget.get(targets.get(j));
                    if (a == null || b == null) {
                        continue;
                    }
                    out.append(String.format(Locale.ROOT, "%-16s %7s  %-28s events/s %6s   p99 ms %6s%n", load.get(0),
                            rate((Long) load.get(1)), targets.get(i) + " / " + targets.get(j),
                            ratio(a.eventsPerSecond(), b.eventsPerSecond()), ratio(a.p99Millis(), b.p99Millis())));
                }
            }
        });
        return out.toString();
    }

    /** {@code a / b} with two decimals, or {@code -} when {@code b} is 0. */
    static String ratio(double a, double b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    static String rate(long rate) {
        return rate == 0 ? "max" : String.valueOf(rate);
    }

    private static String line(String target, String scenario, long rate, String run, RunFigures f, String verdict) {
        return String.format(Locale.ROOT, ROW, target, scenario, rate(rate), run,
                String.format(Locale.ROOT, "%,.0f", f.eventsPerSecond()),
                String.format(Locale.ROOT, "%,.0f", f.notificationsPerSecond()),
                String.format(Locale.ROOT, "%.1f", f.p50Millis()), String.format(Locale.ROOT, "%.1f", f.p99Millis()),
                String.format(Locale.ROOT, "%.1f", f.p999Millis()), verdict);
    }

    /** One decimal, or {@code -} for NaN (unknown). */
    static String seconds(double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f", seconds);
    }

    /** The median of the column's known values (NaN is unknown); NaN if none is known. */
    private static double median(List<RunFigures> figures, ToDoubleFunction<RunFigures> column) {
        List<Double> known = figures.stream().map(column::applyAsDouble).filter(value -> !Double.isNaN(value)).toList();
        return known.isEmpty() ? Double.NaN : Medians.of(known);
    }
}
