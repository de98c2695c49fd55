package com.followermaze.loadgen.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.followermaze.loadgen.Scenario;

/**
 * One bench invocation, validated: built from the flags and the environment by
 * {@link BenchOptions}, or directly by tests.
 *
 * @param runs             measured runs per target, scenario and rate, 1..
 * @param warmup           runs before the measured ones of each target, scenario and rate, not
 *                         in the table, 0..
 * @param events           events per run, 1..
 * @param scenarios        the load generator's scenarios, at least one
 * @param rates            events per second, 0 for as fast as possible, at least one
 * @param targets          the servers measured, one after the other, at least one, no repeats
 * @param fresh            new server processes for every run (warm-ups included) instead of
 *                         one set per target for all its runs
 * @param pipelineJavaOpts JAVA_OPTS of the pipeline JVMs (empty: the JVM's defaults)
 * @param readyTimeout     how long a pipeline process may take to answer 200 on {@code /health/ready}
 * @param eventPort        the event port of the servers (EVENT_PORT)
 * @param userPort         the (first) user port of the servers (USER_PORT; a scale-out's
 *                         processors take userPort, userPort + 1, ...)
 * @param amqpUri          the RabbitMQ of AMQP_URI, if set
 * @param loadgenFlags     flags passed through to every load generator run ({@code --window 0}, say)
 * @param disrupt          a command run ({@code bash -c}) during every run of a pipeline target, if set
 *                         (see {@link Disruption})
 * @param disruptAt        how long after each run's start the command starts
 */
public record BenchConfig(
        int runs,
        int warmup,
        long events,
        List<Scenario> scenarios,
        List<Long> rates,
        List<Target> targets,
        boolean fresh,
        String pipelineJavaOpts,
        Duration readyTimeout,
        int eventPort,
        int userPort,
        Optional<String> amqpUri,
        List<String> loadgenFlags,
        Optional<String> disrupt,
        Duration disruptAt) {

    /** The load generator's flags bench sets itself for every run. */
    public static final Set<String> FLAGS_BENCH_SETS = Set.of("--event-addr", "--user-addrs", "--host", "--event-port",
            "--user-port", "--scenario", "--total-events", "--rate", "--json", "--progress");

    public BenchConfig {
        scenarios = List.copyOf(scenarios);
        rates = List.copyOf(rates);
        targets = List.copyOf(targets);
        loadgenFlags = List.copyOf(loadgenFlags);
        Objects.requireNonNull(pipelineJavaOpts, "pipelineJavaOpts");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(amqpUri, "amqpUri");
        Objects.requireNonNull(disrupt, "disrupt");
        require(!disruptAt.isNegative(), "--disrupt-at", disruptAt.toSeconds(), "0 or a positive integer");
        require(runs >= 1, "--runs", runs, "a positive integer");
        require(warmup >= 0, "--warmup", warmup, "0 or a positive integer");
        require(events >= 1, "--events", events, "a positive integer");
        require(!scenarios.isEmpty(), "--scenarios", "empty", "a comma-separated list");
        require(!rates.isEmpty(), "--rates", "empty", "a comma-separated list");
        for (long rate : rates) {
            require(rate >= 0, "--rates", rate, "max, 0 or events per second");
        }
        require(!targets.isEmpty(), "--targets", "none", "at least one of embedded, rabbitmq, reference, or --processors");
        require(new HashSet<>(targets).size() == targets.size(), "--targets", targets.stream().map(Target::label).toList(),
                "each target once");
        require(!readyTimeout.isNegative() && !readyTimeout.isZero(), "--ready-timeout", readyTimeout.toSeconds(),
                "a positive integer");
        require(eventPort >= 1 && eventPort <= 65535, "EVENT_PORT", eventPort, "1..65535");
        int lastUserPort = userPort + Math.max(0, maxProcessors(targets) - 1);
        require(userPort >= 1 && lastUserPort <= 65535, "USER_PORT", userPort, "1..65535, with room for every processor");
        require(eventPort < userPort || eventPort > lastUserPort, "EVENT_PORT", eventPort,
                "a port apart from the user ports " + userPort + ".." + lastUserPort);
        for (Target target : targets) {
            require(target.queueType().isEmpty() || target.kind() == Target.Kind.RABBITMQ, "--queue-types",
                    target.queueType(), "the rabbitmq target among --targets");
            require(!target.needsRabbitMq() || amqpUri.isPresent(), "--targets", target.label(),
                    "AMQP_URI to be set: " + target.label() + " runs on RabbitMQ (3.9 or later for a scale-out)");
        }
        for (String flag : loadgenFlags) {
            String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
            require(!FLAGS_BENCH_SETS.contains(name), "loadgen flag", flag, "none of " + String.join(", ",
                    FLAGS_BENCH_SETS.stream().sorted().toList()) + ": bench sets them (see --scenarios, --rates, --events)");
        }
    }

    private static int maxProcessors(List<Target> targets) {
        return targets.stream().mapToInt(Target::processors).max().orElse(0);
    }

    private static void require(boolean valid, String name, Object value, String expected) {
        if (!valid) {
            throw new IllegalArgumentException(name + ": " + value + " (expected " + expected + ")");
        }
    }
}
