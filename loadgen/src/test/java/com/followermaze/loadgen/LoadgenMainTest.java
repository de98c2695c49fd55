package com.followermaze.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.loadgen.report.RunInfo;
import com.followermaze.loadgen.server.IgnoresUnfollowServer;
import com.followermaze.loadgen.reference.ReferenceServer;

/** The command as a user sees it: output streams and exit status. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadgenMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LoadgenMain.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private static String[] smallRunAgainst(ReferenceServer server, String... more) {
        String[] base = {"--event-addr", "127.0.0.1:" + server.eventPort(), "--user-addrs", "127.0.0.1:" + server.userPort(),
            "--total-events", "10000", "--clients", "30", "--timeout", "20000", "--grace", "200",
            "--settle", "100"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return args;
    }

    @Test
    void helpListsEveryFlagWithItsDefaultAndExitsZero() {
        assertThat(run("--help")).isEqualTo(LoadgenMain.PASSED);
        String help = out.toString(StandardCharsets.UTF_8);
        for (String flag : new String[] {"--total-events", "--clients", "--users", "--seed", "--max-batch-size", "--timeout",
            "--rate", "--event-addr", "--user-addrs", "--scenario", "--line-terminator", "--source-reconnect-at",
            "--source-leave-open", "--json", "--report"}) {
            assertThat(help).as(flag).contains(flag);
        }
        assertThat(help).contains("Default: 10000000");
        assertThat(help).as("the line terminator's default").contains("Default: LF");
        assertThat(help).contains("concurrencyLevel");
    }

    @Test
    void versionPrintsTheLoadgensMavenVersion() {
        assertThat(run("--version")).isEqualTo(LoadgenMain.PASSED);
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("loadgen " + RunInfo.loadgenVersion());
        assertThat(RunInfo.loadgenVersion()).isNotEqualTo(RunInfo.UNKNOWN_VERSION);
    }

    @Test
    void aBadFlagIsASetupError() {
        assertThat(run("--no-such-flag")).isEqualTo(LoadgenMain.SETUP_ERROR);
        assertThat(run("--clients", "-1")).isEqualTo(LoadgenMain.SETUP_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8).contains("loadgen: --clients / LOADGEN_CLIENTS: -1 (expected 0..")).as(err.toString(StandardCharsets.UTF_8)).isTrue();
    }

    @Test
    void anUnreachableServerIsASetupError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(run("--event-addr", "127.0.0.1:" + closedPort, "--connect-timeout", "2000")).isEqualTo(LoadgenMain.SETUP_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot connect the event source");
    }

    @Test
    void clientsThatCannotConnectAreASetupError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertThat(run("--event-addr", "127.0.0.1:" + server.eventPort(),
                    "--user-addrs", "127.0.0.1:" + closedPort, "--connect-timeout", "5000")).isEqualTo(LoadgenMain.SETUP_ERROR);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).as(err.toString(StandardCharsets.UTF_8)).contains("could not connect");
    }

    @Test
    void passingPrintsTheBannerAndExitsZero() throws Exception {
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertThat(run(smallRunAgainst(server))).isEqualTo(LoadgenMain.PASSED);
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary.startsWith("\\o/ ALL NOTIFICATIONS RECEIVED \\o/")).as(summary).isTrue();
        assertThat(summary.contains("latency (ms)   p50")).isTrue();
    }

    @Test
    void jsonPrintsExactlyOneLineOnStdout() throws Exception {
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertThat(run(smallRunAgainst(server, "--json"))).isEqualTo(LoadgenMain.PASSED);
        }
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json.lines().count()).as(json).isEqualTo(1);
        assertThat(json.startsWith("{\"passed\":true,\"scenario\":\"default\",\"seed\":666,")).as(json).isTrue();
        for (String field : new String[] {"\"events\":10000", "\"notifications\":", "\"elapsedMs\":", "\"eventsPerSecond\":",
            "\"p50\":", "\"p99\":", "\"p999\":", "\"max\":", "\"failures\":0", "\"firstFailures\":[]"}) {
            assertThat(json).as(field + " in " + json).contains(field);
        }
    }

    @Test
    void aFailedCheckExitsOneAndPrintsTheFirstFailures() throws Exception {
        try (ReferenceServer server = new IgnoresUnfollowServer().start()) {
            assertThat(run(smallRunAgainst(server, "--users", "40"))).isEqualTo(LoadgenMain.FAILED);
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary.startsWith("FAILED")).as(summary).isTrue();
        assertThat(summary.contains("expected: ") && summary.contains("got: ") && summary.contains(" at client ")).as(summary).isTrue();
    }

    @Test
    void writesASelfContainedHtmlReportAndAPng(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        Path png = dir.resolve("report.png");
        // A server serves one run: the next run of the official program starts again at seq 1.
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertThat(run(smallRunAgainst(server, "--report", html.toString()))).isEqualTo(LoadgenMain.PASSED);
        }
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertThat(run(smallRunAgainst(server, "--report", png.toString()))).isEqualTo(LoadgenMain.PASSED);
        }
        String page = Files.readString(html);
        assertThat(page).contains("data:image/png;base64,");
        assertThat(page).as("nothing loaded from the network").doesNotContain("http://", "https://");
        assertThat(Files.readAllBytes(png)).as("a PNG file").startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void versionPrintsTheLauncherAndTheProjectVersionAndExitsZero() {
        assertThat(run("-V")).isEqualTo(LoadgenMain.PASSED);
        String version = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(version.matches("loadgen \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?")).as(version).isTrue();
    }

    @Test
    void aBadSettingIsNamedByItsFlagAndVariableNotByTheConfigField() {
        assertThat(run("--total-events", "-5")).isEqualTo(LoadgenMain.SETUP_ERROR);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message.contains("loadgen: --total-events / LOADGEN_TOTAL_EVENTS: -5 (expected >= 1)")).as(message).isTrue();
        assertThat(message).as(message).doesNotContain("totalEvents");
    }

    @Test
    void aWindowTooSmallNamesTheBatchSizeItDependsOnByItsFlag() {
        assertThat(run("--window", "3", "--max-batch-size", "2")).isEqualTo(LoadgenMain.SETUP_ERROR);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message.contains("--window / LOADGEN_WINDOW: 3 (expected 2 * --max-batch-size (4)")).as(message).isTrue();
    }

    @Test
    void noInFlightWindowNeedsARunThatFitsInMemory() {
        assertThat(run("--window", "0", "--total-events", "20000000")).isEqualTo(LoadgenMain.SETUP_ERROR);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message.contains("--window / LOADGEN_WINDOW: 0 (expected a window when --total-events (20000000) is over 16777216")).as(message).isTrue();
    }

    @Test
    void aValueThatIsNotANumberIsNamedByItsFlagAndVariable() {
        assertThat(run("--clients", "many")).isEqualTo(LoadgenMain.SETUP_ERROR);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message).as(message).contains("loadgen: --clients / LOADGEN_CLIENTS: 'many' is not an int");
    }

    @Test
    void aBadPortIsNamedByTheFlagItCameFrom() {
        assertThat(run("--user-port", "0")).isEqualTo(LoadgenMain.SETUP_ERROR);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message.contains("loadgen: --user-port / LOADGEN_USER_PORT: 0 (expected 1..65535)")).as(message).isTrue();
    }
}
