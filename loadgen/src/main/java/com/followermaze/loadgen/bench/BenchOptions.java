package com.followermaze.loadgen.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.followermaze.loadgen.Scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** The command line of {@code bin/bench}; {@link #toConfig} validates it with the environment. */
@Command(name = "bin/bench", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Starts each target (see --targets), waits for its /health/ready, runs the load generator against it "
                + "(in this JVM, as bin/loadgen would), and prints one row per run, a median row per target, scenario "
                + "and rate, the ratios between the targets' medians, the CPU seconds each run took (medians: the "
                + "target's processes, and this JVM's), and each pipeline JVM's peak resident memory "
                + "(VmHWM). Every run is a new stream; without --fresh, all the runs of a target go to one set of "
                + "processes, started before its first run and stopped after its last. The warm-up runs (--warmup) "
                + "are not in the table. Any other flag goes to every load generator run (e.g. --window 0, "
                + "--clients 500), except those bench sets itself (--scenario, --rate, --total-events, the addresses).",
            "",
            "Exit status: 0 every run passed, 1 a run failed its checks, 2 setup error.",
            ""},
        footer = {"",
            "Environment:",
            "  AMQP_URI     the RabbitMQ of the rabbitmq target and of --processors, e.g. amqp://guest:guest@127.0.0.1:5672;"
                + " the embedded target always runs without it",
            "  EVENT_PORT   the servers' event port (default 19090)",
            "  USER_PORT    the servers' user port (default 19099; a scale-out's processors use USER_PORT, USER_PORT+1, ...)",
            "  RABBITMQCTL  the command that deletes the queues bench created (RABBITMQCTL delete_queue NAME), split at"
                + " spaces; default rabbitmqctl (the machine's own node)",
            "  These ports must be free; bench refuses to start otherwise. Each pipeline process gets a free port of its own"
                + " for --http-port, where bench waits for /health/ready. Every other setting of bin/follower-maze --help"
                + " (AMQP_QUEUE, AMQP_EXCHANGE, PREFETCH, ...) passes through as usual.",
            "",
            "Requires java 17+ and Maven on first use (the launchers build what is missing). Raw results (one JSON line and"
                + " one summary per run), the table and the pipelines' logs are kept in target/bench/<date-time>/."})
public final class BenchOptions {

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Measured runs per target, scenario and rate. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Runs of each target, scenario and rate before its measured ones, so that the JVMs have compiled "
                + "what it uses; not in the table (their results are kept in the directory). 0: none. With --fresh each "
                + "has fresh processes too, so they only warm this JVM. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000000",
            description = "Events per run. Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--scenarios", paramLabel = "LIST", split = ",", defaultValue = "default",
            description = "Comma-separated loadgen scenarios: any of default, in-order, broadcast-heavy, many-followers, "
                + "many-clients. Default: ${DEFAULT-VALUE}.")
    List<String> scenarios;

    @Option(names = "--rates", paramLabel = "LIST", split = ",", defaultValue = "max",
            description = "Comma-separated events/s; 'max' (or 0) sends as fast as possible. Example: max,50000,100000. "
                + "A paced run lasts about events/rate seconds: use fewer --events for those. Default: ${DEFAULT-VALUE}.")
    List<String> rates;

    @Option(names = "--targets", paramLabel = "LIST", split = ",",
            description = "Comma-separated servers to measure, in this order: embedded (bin/follower-maze on its embedded "
                + "broker), rabbitmq (bin/follower-maze on AMQP_URI), services (bin/listener-service and bin/processor-service, "
                + "separate JVMs, on AMQP_URI), reference (the loadgen's reference server, a small "
                + "correct server, in this JVM, new for every run). Ratios are printed for every pair, each target over "
                + "every later one, e.g. --targets embedded,rabbitmq,reference gives embedded / rabbitmq, "
                + "embedded / reference and rabbitmq / reference. Default: rabbitmq if AMQP_URI is set, else embedded; "
                + "none with --processors.")
    List<String> targets;

    @Option(names = "--processors", paramLabel = "LIST", split = ",",
            description = "Scale-out: for each count in the comma-separated list (e.g. 1,2,3) a target scale-out-N, after "
                + "--targets: bin/listener-service and N bin/processor-service with SCALE_OUT=true (user ports USER_PORT, "
                + "USER_PORT+1, ...), the clients spread over the instances. Needs AMQP_URI (RabbitMQ 3.9+). Each start "
                + "gets a RabbitMQ stream of its own, named after AMQP_QUEUE (default follower-maze.bench) plus the date, "
                + "the count and the start, deleted at the end with rabbitmqctl where it is on the PATH (else bench prints "
                + "the names to delete: a stream keeps every event).")
    List<Integer> processors;

    @Option(names = "--queue-types", paramLabel = "LIST", split = ",",
            description = "Comma-separated event queue types (quorum, classic): the rabbitmq target becomes one target per "
                + "type, rabbitmq-quorum, rabbitmq-classic..., in that place of --targets; each start runs with QUEUE_TYPE "
                + "set and a queue and exchange of its own (AMQP_QUEUE plus the date and the start), deleted at the end as "
                + "the scale-out streams are. Default: none, the broker's default type on AMQP_QUEUE.")
    List<String> queueTypes;

    @Option(names = "--disrupt", paramLabel = "COMMAND",
            description = "A command run with bash -c during every run of a pipeline target, --disrupt-at after the run "
                + "starts (a node kill, say), with BENCH_QUEUE set to the run's event queue; bench waits for it (at most "
                + "5 minutes) before the next run. The disruption's moment is when the command prints its first line, so "
                + "it can prepare first and print just before it acts. Each run then gets a pause: from that moment to the "
                + "end of its stall, the longest silence (a time of at least 20 ms in which no client received a "
                + "notification) that began less than 5 s after it and ended after it; printed after the table, with each "
                + "target's median and the run's silences of 100 ms or more.")
    String disrupt;

    @Option(names = "--disrupt-at", paramLabel = "SECONDS", defaultValue = "10",
            description = "When --disrupt starts, after each run's start. Default: ${DEFAULT-VALUE}.")
    long disruptAtSeconds;

    @Option(names = "--fresh", defaultValue = "false",
            description = "Start fresh server processes for every run (as a user meets them: a cold JVM, an empty broker "
                + "queue), and stop them after it, instead of one set per target for all its runs.")
    boolean fresh;

    @Option(names = "--pipeline-java-opts", paramLabel = "OPTS", defaultValue = "",
            description = "JAVA_OPTS of the pipeline JVM(s), e.g. '-Xmx256m'. Default: none, the JVM's defaults. This JVM "
                + "(the load generator's) keeps the caller's JAVA_OPTS.")
    String pipelineJavaOpts;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long a pipeline process may take to answer 200 on /health/ready. Default: ${DEFAULT-VALUE}.")
    long readyTimeoutSeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    /** Every argument that is none of bench's: the load generator's flags, passed through. */
    @Unmatched
    List<String> loadgenFlags = new ArrayList<>();

    /** The validated configuration, with EVENT_PORT, USER_PORT and AMQP_URI from {@code env}. */
    public BenchConfig toConfig(Map<String, String> env) {
        List<Scenario> scenarioList = new ArrayList<>();
        for (String label : scenarios) {
            try {
                scenarioList.add(Scenario.ofLabel(label.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--scenarios: '" + label + "' (expected default, in-order, "
                        + "broadcast-heavy, many-followers or many-clients)", e);
            }
        }
        List<Long> rateList = new ArrayList<>();
        for (String rate : rates) {
            rateList.add(parseRate(rate));
        }
        Optional<String> amqpUri = Optional.ofNullable(env.get("AMQP_URI")).filter(uri -> !uri.isBlank());
        List<Target> targetList = new ArrayList<>();
        if (targets != null) {
            for (String label : targets) {
                if (!label.isBlank()) {
                    targetList.add(Target.ofLabel(label));
                }
            }
        } else if (processors == null) {
            targetList.add(new Target(amqpUri.isPresent() ? Target.Kind.RABBITMQ : Target.Kind.EMBEDDED, 0));
        }
        if (queueTypes != null) {
            int at = targetList.indexOf(new Target(Target.Kind.RABBITMQ, 0));
            if (at < 0) {
                throw new IllegalArgumentException("--queue-types: " + String.join(",", queueTypes)
                        + " (expected the rabbitmq target among --targets, or AMQP_URI set and no --targets)");
            }
            targetList.remove(at);
            for (String type : queueTypes) {
                targetList.add(at++, new Target(Target.Kind.RABBITMQ, 0).withQueueType(type));
            }
        }
        if (processors != null) {
            for (int count : processors) {
                if (count < 1) {
                    throw new IllegalArgumentException("--processors: '" + count + "' (expected a comma-separated list of counts)");
                }
                targetList.add(Target.scaleOut(count));
            }
        }
        return new BenchConfig(runs, warmup, events, scenarioList, rateList, targetList, fresh, pipelineJavaOpts,
                Duration.ofSeconds(readyTimeoutSeconds), port(env, "EVENT_PORT", 19090), port(env, "USER_PORT", 19099),
                amqpUri, loadgenFlags, Optional.ofNullable(disrupt).filter(command -> !command.isBlank()),
                Duration.ofSeconds(disruptAtSeconds));
    }

    /** {@code max} or 0: as fast as possible, 0; else the events per second. */
    static long parseRate(String text) {
        String rate = text.trim();
        if (rate.equals("max")) {
            return 0;
        }
        try {
            long value = Long.parseLong(rate);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // named below, with what was expected
        }
        throw new IllegalArgumentException("--rates: '" + text + "' (expected max, 0 or events per second)");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected 1..65535)", e);
        }
    }
}
