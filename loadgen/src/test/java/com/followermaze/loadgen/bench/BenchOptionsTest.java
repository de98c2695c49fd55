package com.followermaze.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
        return catchThrowableOfType(IllegalArgumentException.class, () -> parse(env, args)).getMessage();
    }

    @Test
    void theDefaultsAreThoseOfTheBashScript() {
        BenchConfig config = parse(Map.of());
        assertThat(config.runs()).isEqualTo(3);
        assertThat(config.warmup()).isEqualTo(1);
        assertThat(config.events()).isEqualTo(10_000_000);
        assertThat(config.scenarios()).isEqualTo(List.of(Scenario.DEFAULT));
        assertThat(config.rates()).isEqualTo(List.of(0L));
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.pipelineJavaOpts()).isEqualTo("");
        assertThat(config.fresh()).isFalse();
        assertThat(config.eventPort()).isEqualTo(19090);
        assertThat(config.userPort()).isEqualTo(19099);
        assertThat(config.loadgenFlags()).isEqualTo(List.of());
    }

    @Test
    void theDefaultTargetIsThePipelineOnTheConfiguredBroker() {
        assertThat(parse(Map.of()).targets()).isEqualTo(List.of(Target.ofLabel("embedded")));
        assertThat(parse(RABBIT).targets()).isEqualTo(List.of(Target.ofLabel("rabbitmq")));
    }

    @Test
    void targetsAreMeasuredInTheOrderGivenAndScaleOutCountsComeAfterThem() {
        BenchConfig config = parse(RABBIT, "--targets", "rabbitmq,reference,embedded", "--processors", "1,3");
        assertThat(config.targets().stream().map(Target::label).toList()).isEqualTo(List.of("rabbitmq", "reference", "embedded", "scale-out-1", "scale-out-3"));
        assertThat(parse(RABBIT, "--processors", "2").targets().stream().map(Target::label).toList()).as("--processors alone: the scale-out only, as before").isEqualTo(List.of("scale-out-2"));
    }

    @Test
    void theSeparateServicesAreATargetOnRabbitMq() {
        Target services = parse(RABBIT, "--targets", "services,rabbitmq").targets().get(0);
        assertThat(services.label()).isEqualTo("services");
        assertThat(services.separateServices()).isTrue();
        assertThat(Target.ofLabel("rabbitmq").separateServices()).isFalse();
        assertThat(rejected(Map.of(), "--targets", "services")).startsWith("--targets: services");
        assertThat(PipelineProcesses.environment(RABBIT, services, "", "x"))
                .as("the configured queue and broker, not a scale-out").containsEntry("AMQP_URI", RABBIT.get("AMQP_URI"))
                .doesNotContainKeys("SCALE_OUT", "AMQP_QUEUE", "QUEUE_TYPE");
    }

    @Test
    void queueTypesMakeOneRabbitMqTargetPerTypeInItsPlace() {
        BenchConfig config = parse(RABBIT, "--targets", "embedded,rabbitmq,reference", "--queue-types", "quorum,classic");
        assertThat(config.targets().stream().map(Target::label).toList())
                .isEqualTo(List.of("embedded", "rabbitmq-quorum", "rabbitmq-classic", "reference"));
        assertThat(parse(RABBIT, "--queue-types", "classic").targets()).as("the default target, rabbitmq")
                .isEqualTo(List.of(new Target(Target.Kind.RABBITMQ, 0, "classic")));
        assertThat(rejected(RABBIT, "--queue-types", "stream")).isEqualTo("--queue-types: 'stream' (expected quorum or classic)");
        assertThat(rejected(RABBIT, "--targets", "embedded", "--queue-types", "quorum")).startsWith("--queue-types: quorum");
    }

    @Test
    void aQueueTypeRunsOnAQueueOfEachStartsOwn() {
        Map<String, String> env = PipelineProcesses.environment(Map.of("AMQP_QUEUE", "mine"),
                new Target(Target.Kind.RABBITMQ, 0, "quorum"), "", "mine-20261202-0-3");
        assertThat(env).containsEntry("QUEUE_TYPE", "quorum").containsEntry("AMQP_QUEUE", "mine-20261202-0-3")
                .containsEntry("AMQP_EXCHANGE", "mine-20261202-0-3").doesNotContainKey("SCALE_OUT");
        assertThat(PipelineProcesses.environment(Map.of(), Target.ofLabel("rabbitmq"), "", "x"))
                .as("without a type: the broker's default on the configured queue").doesNotContainKeys("QUEUE_TYPE", "AMQP_QUEUE");
    }

    @Test
    void disruptRunsAtTheGivenSecondAndIsOffByDefault() {
        assertThat(parse(RABBIT).disrupt()).isEmpty();
        BenchConfig config = parse(RABBIT, "--disrupt", "echo now", "--disrupt-at", "7");
        assertThat(config.disrupt()).hasValue("echo now");
        assertThat(config.disruptAt()).isEqualTo(Duration.ofSeconds(7));
        assertThat(rejected(RABBIT, "--disrupt-at", "-1")).isEqualTo("--disrupt-at: -1 (expected 0 or a positive integer)");
    }

    @Test
    void ratesTakeMaxZeroOrEventsPerSecond() {
        assertThat(parse(Map.of(), "--rates", "max,0,50000").rates()).isEqualTo(List.of(0L, 0L, 50_000L));
        assertThat(rejected(Map.of(), "--rates", "fast")).isEqualTo("--rates: 'fast' (expected max, 0 or events per second)");
        assertThat(rejected(Map.of(), "--rates", "-5")).isEqualTo("--rates: '-5' (expected max, 0 or events per second)");
    }

    @Test
    void badCountsAreNamedByTheirFlag() {
        assertThat(rejected(Map.of(), "--runs", "0")).isEqualTo("--runs: 0 (expected a positive integer)");
        assertThat(rejected(Map.of(), "--warmup", "-1")).isEqualTo("--warmup: -1 (expected 0 or a positive integer)");
        assertThat(rejected(Map.of(), "--events", "0")).isEqualTo("--events: 0 (expected a positive integer)");
        assertThat(rejected(Map.of(), "--ready-timeout", "0")).isEqualTo("--ready-timeout: 0 (expected a positive integer)");
        assertThat(rejected(RABBIT, "--processors", "0")).isEqualTo("--processors: '0' (expected a comma-separated list of counts)");
    }

    @Test
    void anUnknownScenarioOrTargetIsNamed() {
        assertThat(rejected(Map.of(), "--scenarios", "default,huge")).isEqualTo("--scenarios: 'huge' (expected default, in-order, broadcast-heavy, many-followers or many-clients)");
        assertThat(rejected(Map.of(), "--targets", "kafka")).isEqualTo("--targets: 'kafka' (expected embedded, rabbitmq, services or reference)");
        assertThat(rejected(Map.of(), "--targets", "embedded,embedded").startsWith("--targets: [embedded, embedded]")).isTrue();
    }

    @Test
    void theRabbitMqTargetsNeedAmqpUri() {
        assertThat(rejected(Map.of(), "--targets", "rabbitmq").contains("AMQP_URI")).isTrue();
        assertThat(rejected(Map.of(), "--processors", "2").contains("AMQP_URI")).isTrue();
    }

    @Test
    void thePortsComeFromTheEnvironmentAndMustNotOverlap() {
        BenchConfig config = parse(Map.of("EVENT_PORT", "29090", "USER_PORT", "29099"));
        assertThat(config.eventPort()).isEqualTo(29090);
        assertThat(config.userPort()).isEqualTo(29099);
        assertThat(rejected(Map.of("EVENT_PORT", "29099", "USER_PORT", "29099")).startsWith("EVENT_PORT: 29099")).isTrue();
        assertThat(rejected(Map.of("EVENT_PORT", "29091", "USER_PORT", "29090", "AMQP_URI", "amqp://x"), "--processors", "2")
                .startsWith("EVENT_PORT: 29091")).as("the second processor's user port").isTrue();
        assertThat(rejected(Map.of("USER_PORT", "x"))).isEqualTo("USER_PORT: 'x' (expected 1..65535)");
    }

    @Test
    void anyOtherFlagGoesToTheLoadGeneratorButNotTheOnesBenchSets() {
        assertThat(parse(Map.of(), "--window", "0", "--runs", "1", "--clients=500")
                .loadgenFlags()).isEqualTo(List.of("--window", "0", "--clients=500"));
        assertThat(rejected(Map.of(), "--rate", "5").startsWith("loadgen flag: --rate (expected none of")).isTrue();
        assertThat(rejected(Map.of(), "--total-events=5").startsWith("loadgen flag: --total-events=5")).isTrue();
    }

    @Test
    void freshAndThePipelinesJavaOptionsAreKept() {
        BenchConfig config = parse(Map.of(), "--fresh", "--pipeline-java-opts", "-Xmx256m");
        assertThat(config.fresh()).isTrue();
        assertThat(config.pipelineJavaOpts()).isEqualTo("-Xmx256m");
    }
}
