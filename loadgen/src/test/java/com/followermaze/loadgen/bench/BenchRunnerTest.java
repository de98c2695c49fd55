package com.followermaze.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.loadgen.LoadgenConfig;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.net.Endpoint;

/** The runner without pipeline processes: against the reference server, in this JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchRunnerTest {

    private static BenchConfig referenceOnly(int eventPort, int userPort, List<String> loadgenFlags) {
        return new BenchConfig(2, 1, 3_000, List.of(Scenario.DEFAULT), List.of(0L), List.of(Target.ofLabel("reference")),
                false, "", Duration.ofSeconds(10), eventPort, userPort, Optional.empty(), loadgenFlags, Optional.empty(),
                Duration.ZERO);
    }

    /** Two ports bound on 127.0.0.1 with port 0 and read back, then freed for the server to bind. */
    private static int[] freePorts() throws IOException {
        try (ServerSocket one = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket two = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] {one.getLocalPort(), two.getLocalPort()};
        }
    }

    @Test
    void theLoadGeneratorFlagsPassThroughAndBenchSetsTheRest(@TempDir Path out) {
        BenchRunner runner = new BenchRunner(referenceOnly(1, 2, List.of("--window", "0", "--clients", "20")), out, out,
                Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ServerUnderTest server = new ServerUnderTest() {
            @Override
            public Endpoint eventAddress() {
                return new Endpoint("127.0.0.1", 29190);
            }

            @Override
            public List<Endpoint> userAddresses() {
                return List.of(new Endpoint("127.0.0.1", 29199), new Endpoint("127.0.0.1", 29200));
            }

            @Override
            public String description() {
                return "none";
            }

            @Override
            public Optional<String> exited() {
                return Optional.empty();
            }

            @Override
            public OptionalLong peakRssKb() {
                return OptionalLong.empty();
            }

            @Override
            public Optional<Duration> cpuTime() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        LoadgenConfig config = runner.loadgenConfig(Scenario.BROADCAST_HEAVY, 50_000, server);
        assertThat(config.inFlightWindow()).isEqualTo(LoadgenConfig.NO_WINDOW);
        assertThat(config.clients()).isEqualTo(20);
        assertThat(config.totalEvents()).isEqualTo(3_000);
        assertThat(config.rate()).isEqualTo(50_000);
        assertThat(config.scenario()).isEqualTo(Scenario.BROADCAST_HEAVY);
        assertThat(config.eventAddress()).isEqualTo(server.eventAddress());
        assertThat(config.userAddresses()).isEqualTo(server.userAddresses());
    }

    @Test
    void runsEveryWarmUpAndMeasuredRunAgainstANewReferenceServerAndKeepsTheirResults(@TempDir Path out) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] ports = freePorts();
        BenchConfig config = referenceOnly(ports[0], ports[1],
                List.of("--clients", "20", "--users", "100", "--grace", "200"));
        BenchRunner runner = new BenchRunner(config, out, out, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = runner.run();
        assertThat(runner.allPassed()).as(() -> table + err + summaries(out)).isTrue();
        assertThat(table).as(table).contains("reference    default              max median");
        assertThat(table).as(table).contains("2/2 passed");
        assertThat(Files.exists(out.resolve("reference-default-rate0-warmup1.json"))).isTrue();
        assertThat(Files.exists(out.resolve("reference-default-rate0-run2.json"))).isTrue();
        assertThat(Files.readString(out.resolve("reference-default-rate0-run1.json")).contains("\"passed\":true")).isTrue();
        assertThat(table.contains("peak RSS")).as(table).isFalse();
        assertThat(table).as("the reference server's CPU is this JVM's: " + table)
                .containsPattern("reference    default              max  target       -   this JVM +[0-9]+\\.[0-9]\n");
    }

    @Test
    void aRunsCpuTimeIsTheDifferenceOfTwoKnownReadings() {
        assertThat(BenchRunner.secondsSince(Optional.of(Duration.ofMillis(1_500)), Optional.of(Duration.ofMillis(4_000))))
                .isEqualTo(2.5);
        assertThat(BenchRunner.secondsSince(Optional.empty(), Optional.of(Duration.ofSeconds(1)))).isNaN();
        assertThat(BenchRunner.secondsSince(Optional.of(Duration.ofSeconds(1)), Optional.empty())).isNaN();
    }

    private static String summaries(Path out) {
        try (var files = Files.list(out)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
                text.append("\n").append(file.getFileName()).append(":\n").append(Files.readString(file));
            }
            return text.toString();
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Test
    void thePasswordOfTheBrokerIsNotShown() {
        assertThat(BenchRunner.withoutPassword("amqp://guest:guest@127.0.0.1:5672")).isEqualTo("amqp://guest:****@127.0.0.1:5672");
        assertThat(BenchRunner.withoutPassword("amqp://127.0.0.1:5672")).isEqualTo("amqp://127.0.0.1:5672");
        assertThat(BenchRunner.withoutPassword("amqp://fm:pw@10.0.0.1:5672,amqp://fm:pw@10.0.0.2:5672"))
                .isEqualTo("amqp://fm:****@10.0.0.1:5672,amqp://fm:****@10.0.0.2:5672");
    }
}
