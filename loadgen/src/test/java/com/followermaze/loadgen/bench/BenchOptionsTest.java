package com.followermaze.loadgen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.followermaze.loadgen.Scenario;

import picocli.CommandLine;

class BenchOptionsTest {

    private static final Map<String, String> RABBIT = Map.of("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");

    private static BenchConfig parse(Map<String, String> env, String... args) {
        BenchOptions options = new BenchOptions();
        new CommandLine(options).setUnmatchedArgumentsAllowed(true).parseArgs(args);
        return options.toConfig(env);
    }

    private static String rejected(Map<String, String> env, String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(env, args)).getMessage();
    }

    @Test
    void theDefaultsAreThoseOfTheBashScript() {
        BenchConfig config = parse(Map.of());
        assertEquals(3, config.runs());
        assertEquals(1, config.warmup());
        assertEquals(10_000_000, config.events());
        assertEquals(List.of(Scenario.DEFAULT), config.scenarios());
        assertEquals(List.of(0L), config.rates());
        assertEquals(Duration.ofSeconds(120), config.readyTimeout());
        assertEquals("", config.pipelineJavaOpts());
        assertFalse(config.fresh());
        assertEquals(19090, config.eventPort());
        assertEquals(19099, config.userPort());
        assertEquals(List.of(), config.loadgenFlags());
    }

    @Test
    void theDefaultTargetIsThePipelineOnTheConfiguredBroker() {
        assertEquals(List.of(Target.ofLabel("embedded")), parse(Map.of()).targets());
        assertEquals(List.of(Target.ofLabel("rabbitmq")), parse(RABBIT).targets());
    }

    @Test
    void targetsAreMeasuredInTheOrderGivenAndScaleOutCountsComeAfterThem() {
        BenchConfig config = parse(RABBIT, "--targets", "rabbitmq,reference,embedded", "--processors", "1,3");
        assertEquals(List.of("rabbitmq", "reference", "embedded", "scale-out-1", "scale-out-3"),
                config.targets().stream().map(Target::label).toList());
        assertEquals(List.of("scale-out-2"), parse(RABBIT, "--processors", "2").targets().stream().map(Target::label).toList(),
                "--processors alone: the scale-out only, as before");
    }

    @Test
    void ratesTakeMaxZeroOrEventsPerSecond() {
        assertEquals(List.of(0L, 0L, 50_000L), parse(Map.of(), "--rates", "max,0,50000").rates());
        assertEquals("--rates: 'fast' (expected max, 0 or events per second)", rejected(Map.of(), "--rates", "fast"));
        assertEquals("--rates: '-5' (expected max, 0 or events per second)", rejected(Map.of(), "--rates", "-5"));
    }

    @Test
    void badCountsAreNamedByTheirFlag() {
        assertEquals("--runs: 0 (expected a positive integer)", rejected(Map.of(), "--runs", "0"));
        assertEquals("--warmup: -1 (expected 0 or a positive integer)", rejected(Map.of(), "--warmup", "-1"));
        assertEquals("--events: 0 (expected a positive integer)", rejected(Map.of(), "--events", "0"));
        assertEquals("--ready-timeout: 0 (expected a positive integer)", rejected(Map.of(), "--ready-timeout", "0"));
        assertEquals("--processors: '0' (expected a comma-separated list of counts)",
                rejected(RABBIT, "--processors", "0"));
    }

    @Test
    void anUnknownScenarioOrTargetIsNamed() {
        assertEquals("--scenarios: 'huge' (expected default, in-order, broadcast-heavy, many-followers or many-clients)",
                rejected(Map.of(), "--scenarios", "default,huge"));
        assertEquals("--targets: 'kafka' (expected embedded, rabbitmq or reference)", rejected(Map.of(), "--targets", "kafka"));
        assertTrue(rejected(Map.of(), "--targets", "embedded,embedded").startsWith("--targets: [embedded, embedded]"));
    }

    @Test
    void theRabbitMqTargetsNeedAmqpUri() {
        assertTrue(rejected(Map.of(), "--targets", "rabbitmq").contains("AMQP_URI"));
        assertTrue(rejected(Map.of(), "--processors", "2").contains("AMQP_URI"));
    }

    @Test
    void thePortsComeFromTheEnvironmentAndMustNotOverlap() {
        BenchConfig config = parse(Map.of("EVENT_PORT", "29090", "USER_PORT", "29099"));
        assertEquals(29090, config.eventPort());
        assertEquals(29099, config.userPort());
        assertTrue(rejected(Map.of("EVENT_PORT", "29099", "USER_PORT", "29099")).startsWith("EVENT_PORT: 29099"));
        assertTrue(rejected(Map.of("EVENT_PORT", "29091", "USER_PORT", "29090", "AMQP_URI", "amqp://x"), "--processors", "2")
                .startsWith("EVENT_PORT: 29091"), "the second processor's user port");
        assertEquals("USER_PORT: 'x' (expected 1..65535)", rejected(Map.of("USER_PORT", "x")));
    }

    @Test
    void anyOtherFlagGoesToTheLoadGeneratorButNotTheOnesBenchSets() {
        assertEquals(List.of("--window", "0", "--clients=500"), parse(Map.of(), "--window", "0", "--runs", "1", "--clients=500")
                .loadgenFlags());
        assertTrue(rejected(Map.of(), "--rate", "5").startsWith("loadgen flag: --rate (expected none of"));
        assertTrue(rejected(Map.of(), "--total-events=5").startsWith("loadgen flag: --total-events=5"));
    }

    @Test
    void freshAndThePipelinesJavaOptionsAreKept() {
        BenchConfig config = parse(Map.of(), "--fresh", "--pipeline-java-opts", "-Xmx256m");
        assertTrue(config.fresh());
        assertEquals("-Xmx256m", config.pipelineJavaOpts());
    }
}
