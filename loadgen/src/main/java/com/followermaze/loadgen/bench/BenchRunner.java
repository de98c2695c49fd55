package com.followermaze.loadgen.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import com.followermaze.loadgen.LoadRun;
import com.followermaze.loadgen.LoadgenConfig;
import com.followermaze.loadgen.LoadgenOptions;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.net.SetupException;
import com.followermaze.loadgen.report.JsonResult;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.loadgen.report.SilenceRecorder;
import com.followermaze.loadgen.report.SummaryText;

/**
 * Runs one bench invocation: for each target in turn, for each scenario and rate, the warm-up
 * runs and the measured ones, against one set of server processes per target (or a fresh set
 * per run with {@code --fresh}; the reference server is new for every run, as it serves one
 * stream). Says what it does on {@code err}; keeps every run's JSON line and summary, the
 * pipelines' logs and the table in {@code out}. Not thread-safe; {@link #run} once.
 */
final class BenchRunner {

    private final BenchConfig config;
    private final Path root;
    private final Path out;
    private final Map<String, String> env;
    private final PrintStream err;
    private final List<BenchRow> rows = new ArrayList<>();
    private final Map<String, Long> peakRssKb = new LinkedHashMap<>();
    /** The scale-out streams created so far, to delete at the end. */
    private final List<String> queues = new ArrayList<>();
    /** The targets whose first start the header has described. */
    private final Set<Target> described = new HashSet<>();
    private ServerUnderTest current;
    /** The event queue of the current pipeline start, BENCH_QUEUE of {@code --disrupt}. */
    private String currentQueue = "";
    private int starts;
    /** The pauses after {@code --disrupt}, one line per run, and the lines' values per target, scenario and rate. */
    private final StringBuilder pauses = new StringBuilder();
    private final Map<String, List<Double>> pausesByLoad = new LinkedHashMap<>();

    BenchRunner(BenchConfig config, Path root, Path out, Map<String, String> env, PrintStream err) {
        this.config = config;
        this.root = root;
        this.out = out;
        this.env = env;
        this.err = err;
    }

    /** The table, once every run is done. */
    String run() throws BenchSetupException, InterruptedException {
        try {
            if (config.fresh()) {
                measure(config.targets());
            } else {
                for (Target target : config.targets()) {
                    measureOnOneStart(target);
                }
            }
        } finally {
            stop();
        }
        return ResultTable.format(rows, config.targets().stream().map(Target::label).toList(), peakRssKb) + pauseTable();
    }

    /** Whether every measured run passed its checks. */
    boolean allPassed() {
        return rows.stream().allMatch(BenchRow::passed);
    }

    /** The scale-out streams created, which the caller deletes once the processors have stopped. */
    List<String> queues() {
        return List.copyOf(queues);
    }

    /** Stops whatever is running now; safe to call again (on an interrupt, from a shutdown hook). */
    synchronized void stop() {
        if (current != null) {
            ServerUnderTest stopping = current;
            current = null;
            stopping.close();
        }
    }

    /**
     * Runs every scenario and rate on {@code targets}, taking turns: each warm-up and each measured
     * run goes to every target before the next, so that a change in the machine's load (other work
     * on a shared machine) falls on all of them alike. A pipeline target that is not new for every
     * run is already started.
     */
    private void measure(List<Target> targets) throws BenchSetupException, InterruptedException {
        for (Scenario scenario : config.scenarios()) {
            for (long rate : config.rates()) {
                for (int w = 1; w <= config.warmup(); w++) {
                    for (Target target : targets) {
                        runOnce(target, scenario, rate, "warmup" + w, "warm-up run " + w + " of " + config.warmup()
                                + " (not in the table)", perRun(target));
                    }
                }
                for (int r = 1; r <= config.runs(); r++) {
                    for (Target target : targets) {
                        Optional<RunFigures> result = runOnce(target, scenario, rate, "run" + r,
                                "run " + r + " of " + config.runs(), perRun(target));
                        rows.add(new BenchRow(target.label(), scenario.label(), rate, r, result,
                                result.isPresent() ? "" : "setup error, see the log"));
                    }
                }
            }
        }
    }

    /** Runs everything on {@code target}, on one set of its processes unless it is new for every run. */
    private void measureOnOneStart(Target target) throws BenchSetupException, InterruptedException {
        if (!perRun(target)) {
            start(target);
        }
        measure(List.of(target));
        if (!perRun(target)) {
            stopMeasured(target);
        }
    }

    /** Whether {@code target} gets fresh processes (or, the reference, a new server) for every run. */
    private boolean perRun(Target target) {
        return config.fresh() || target.kind() == Target.Kind.REFERENCE;
    }

    private Optional<RunFigures> runOnce(Target target, Scenario scenario, long rate, String which, String what,
                                         boolean perRun) throws BenchSetupException, InterruptedException {
        if (perRun) {
            start(target);
        }
        Optional<String> exited = current.exited();
        if (exited.isPresent()) {
            throw new BenchSetupException("a pipeline process exited: " + exited.get() + " (logs in " + out + ")");
        }
        String label = target.label() + "-" + scenario.label() + "-rate" + rate + "-" + which;
        err.println("bench: " + target.label() + ", " + scenario.label() + ", rate " + ResultTable.rate(rate) + ", "
                + what + "...");
        Optional<RunFigures> result = Optional.empty();
        Optional<Duration> targetCpu = current.cpuTime();
        Optional<Duration> benchCpu = ProcessHandle.current().info().totalCpuDuration();
        Disruption disruption = config.disrupt().isPresent() && target.kind() != Target.Kind.REFERENCE
                ? Disruption.schedule(config.disrupt().get(), config.disruptAt(), Map.of("BENCH_QUEUE", currentQueue), err)
                : null;
        try {
            RunResult run = new LoadRun(loadgenConfig(scenario, rate, current), null).run();
            result = Optional.of(RunFigures.of(run, secondsSince(targetCpu, current.cpuTime()),
                    secondsSince(benchCpu, ProcessHandle.current().info().totalCpuDuration())));
            if (disruption != null) {
                recordPause(target, scenario, rate, which, disruption, run);
            }
            write(label + ".json", JsonResult.format(run) + "\n");
            write(label + ".txt", SummaryText.format(run));
            if (!run.passed()) {
                err.println("bench: the run failed its checks (" + run.failureCount() + " failures; " + label + ".txt)");
            }
        } catch (SetupException e) {
            err.println("bench: loadgen setup error: " + e.getMessage());
            write(label + ".txt", "setup error: " + e.getMessage() + "\n");
        } finally {
            if (disruption != null && result.isEmpty()) {
                disruption.finish();
            }
        }
        if (perRun) {
            stopMeasured(target);
        }
        return result;
    }

    /** The CPU seconds from {@code before} to {@code after}; NaN if either is unknown. */
    static double secondsSince(Optional<Duration> before, Optional<Duration> after) {
        return before.isPresent() && after.isPresent() ? after.get().minus(before.get()).toNanos() / 1e9 : Double.NaN;
    }

    /** Waits for the run's {@code --disrupt} command and notes the pause it caused (measured runs only in the medians). */
    private void recordPause(Target target, Scenario scenario, long rate, String which, Disruption disruption, RunResult run)
            throws InterruptedException {
        int exit = disruption.finish();
        Optional<Disruption.Pause> pause = disruption.mark().flatMap(mark -> Disruption.Pause.after(mark, run.silences()));
        String load = String.format(Locale.ROOT, "%-16s %-16s %7s", target.label(), scenario.label(), ResultTable.rate(rate));
        String figure = disruption.mark().isEmpty() ? "no mark (the command printed nothing)"
                : pause.map(p -> String.format(Locale.ROOT, "%,d ms (the stall %,d ms)", p.sinceMarkMillis(),
                        p.silenceMillis())).orElse("under " + SilenceRecorder.THRESHOLD_MILLIS + " ms (no stall)");
        String silences = disruption.mark().map(mark -> Disruption.Pause.listAfter(mark, run.silences(), 100)).orElse("");
        pauses.append(String.format(Locale.ROOT, "%s %-8s %s; the command exited %d; silences of 100 ms or more after the "
                + "mark: %s%n", load, which, figure, exit, silences.isEmpty() ? "none" : silences));
        if (exit != 0) {
            err.println("bench: --disrupt exited " + exit + " in " + which);
        }
        if (which.startsWith("run") && disruption.mark().isPresent()) {
            pausesByLoad.computeIfAbsent(load, key -> new ArrayList<>())
                    .add(pause.map(p -> (double) p.sinceMarkMillis()).orElse(0.0));
        }
    }

    /** The pauses after {@code --disrupt}, or nothing without it. */
    private String pauseTable() {
        if (pauses.length() == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder("\npause after --disrupt: from its first output line (the mark) to the end of "
                + "its stall, the longest silence that began less than " + Disruption.STALL_WINDOW.toSeconds()
                + " s after the mark and ended after it (warm-ups listed, not in the medians):\n").append(pauses);
        pausesByLoad.forEach((load, values) -> out.append(String.format(Locale.ROOT, "%s %-8s %,.0f ms (of %d runs)%n", load,
                "median", Medians.of(values), values.size())));
        return out.toString();
    }

    /** The load generator's configuration of one run: the passed-through flags, then bench's own. */
    LoadgenConfig loadgenConfig(Scenario scenario, long rate, ServerUnderTest server) {
        List<String> args = new ArrayList<>(config.loadgenFlags());
        args.addAll(List.of("--progress", "never", "--event-addr", server.eventAddress().toString(),
                "--user-addrs", server.userAddresses().stream().map(Endpoint::toString).collect(Collectors.joining(",")),
                "--scenario", scenario.label(), "--total-events", String.valueOf(config.events()),
                "--rate", String.valueOf(rate)));
        return LoadgenOptions.configOf(args, env);
    }

    private void start(Target target) throws BenchSetupException, InterruptedException {
        starts++;
        ServerUnderTest server;
        if (target.kind() == Target.Kind.REFERENCE) {
            server = InProcessReference.start(config.eventPort(), config.userPort());
        } else {
            String queue = env.getOrDefault("AMQP_QUEUE", "follower-maze.bench") + "-" + out.getFileName() + "-"
                    + target.processors() + "-" + starts;
            if (target.kind() == Target.Kind.SCALE_OUT) {
                // A stream of its own: processors would otherwise replay every earlier start's events.
                queues.add(queue + ".stream");
                queues.add(queue + ".stream.snapshots");
                queues.add(queue + ".rejected");
            } else if (!target.queueType().isEmpty()) {
                // A queue of its own: a queue's type cannot change, and the targets take turns.
                queues.add(queue);
                queues.add(queue + ".rejected");
            }
            Map<String, String> processEnv = PipelineProcesses.environment(env, target, config.pipelineJavaOpts(), queue);
            currentQueue = processEnv.getOrDefault("AMQP_QUEUE", "follower-maze.events");
            server = PipelineProcesses.start(target, config, root, out, processEnv, target.label() + "-start" + starts);
        }
        synchronized (this) {
            current = server;
        }
        if (!described.contains(target)) {
            describe(target, server);
        }
    }

    /** Reads the target's peak memory, then stops it. */
    private void stopMeasured(Target target) {
        OptionalLong kb = current.peakRssKb();
        if (kb.isPresent()) {
            peakRssKb.merge(target.label(), kb.getAsLong(), Math::max);
        }
        stop();
    }

    private void describe(Target target, ServerUnderTest server) {
        StringBuilder header = new StringBuilder();
        if (described.isEmpty()) {
            header.append("# bin/bench ").append(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
            header.append("# host: ").append(Runtime.getRuntime().availableProcessors()).append(" cores; java ")
                    .append(System.getProperty("java.version")).append('\n');
            header.append("# runs: --events ").append(config.events()).append(" --runs ").append(config.runs())
                    .append(" --warmup ").append(config.warmup()).append(config.fresh() ? " --fresh" : "")
                    .append("; loadgen flags: ")
                    .append(config.loadgenFlags().isEmpty() ? "none" : String.join(" ", config.loadgenFlags()))
                    .append("; this JVM (the load generator's): ")
                    .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())).append('\n');
        }
        described.add(target);
        String broker = switch (target.kind()) {
            case EMBEDDED -> ", broker embedded";
            case RABBITMQ, SERVICES, SCALE_OUT -> ", broker " + config.amqpUri().map(BenchRunner::withoutPassword).orElse("?");
            case REFERENCE -> "";
        };
        String[] lines = server.description().split("\n", 2);
        header.append("# target ").append(target.label()).append(config.fresh() || target.kind() == Target.Kind.REFERENCE
                ? " (new for every run)" : "").append(": ").append(lines[0]).append(broker).append('\n');
        if (lines.length > 1) {
            header.append(lines[1]).append('\n');
        }
        err.print(header);
        write("header.txt", header.toString());
    }

    /** {@code amqp://guest:guest@host} as {@code amqp://guest:****@host}; each URI of a comma-separated list. */
    static String withoutPassword(String uris) {
        return Arrays.stream(uris.split(",", -1))
                .map(uri -> uri.replaceFirst("^([a-z+]+://[^:@/]*):[^@/]*@", "$1:****@"))
                .collect(Collectors.joining(","));
    }

    private void write(String file, String text) {
        try {
            Files.writeString(out.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("bench: could not write " + out.resolve(file) + ": " + e.getMessage());
        }
    }
}
