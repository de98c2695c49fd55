package com.followermaze.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(LoadgenMain.PASSED, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String flag : new String[] {"--total-events", "--clients", "--users", "--seed", "--max-batch-size", "--timeout",
            "--rate", "--event-addr", "--user-addrs", "--scenario", "--line-terminator", "--source-reconnect-at",
            "--source-leave-open", "--json", "--report"}) {
            assertTrue(help.contains(flag), flag);
        }
        assertTrue(help.contains("Default: 10000000"));
        assertTrue(help.contains("Default: LF"), "the line terminator's default");
        assertTrue(help.contains("concurrencyLevel"));
    }

    @Test
    void versionPrintsTheLoadgensMavenVersion() {
        assertEquals(LoadgenMain.PASSED, run("--version"));
        assertEquals("loadgen " + RunInfo.loadgenVersion(), out.toString(StandardCharsets.UTF_8).strip());
        assertNotEquals(RunInfo.UNKNOWN_VERSION, RunInfo.loadgenVersion());
    }

    @Test
    void aBadFlagIsASetupError() {
        assertEquals(LoadgenMain.SETUP_ERROR, run("--no-such-flag"));
        assertEquals(LoadgenMain.SETUP_ERROR, run("--clients", "-1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("loadgen: --clients / LOADGEN_CLIENTS: -1 (expected 0.."),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnreachableServerIsASetupError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertEquals(LoadgenMain.SETUP_ERROR, run("--event-addr", "127.0.0.1:" + closedPort, "--connect-timeout", "2000"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot connect the event source"));
    }

    @Test
    void clientsThatCannotConnectAreASetupError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertEquals(LoadgenMain.SETUP_ERROR, run("--event-addr", "127.0.0.1:" + server.eventPort(),
                    "--user-addrs", "127.0.0.1:" + closedPort, "--connect-timeout", "5000"));
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("could not connect"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passingPrintsTheBannerAndExitsZero() throws Exception {
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertEquals(LoadgenMain.PASSED, run(smallRunAgainst(server)));
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("\\o/ ALL NOTIFICATIONS RECEIVED \\o/"), summary);
        assertTrue(summary.contains("latency (ms)   p50"));
    }

    @Test
    void jsonPrintsExactlyOneLineOnStdout() throws Exception {
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertEquals(LoadgenMain.PASSED, run(smallRunAgainst(server, "--json")));
        }
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, json.lines().count(), json);
        assertTrue(json.startsWith("{\"passed\":true,\"scenario\":\"default\",\"seed\":666,"), json);
        for (String field : new String[] {"\"events\":10000", "\"notifications\":", "\"elapsedMs\":", "\"eventsPerSecond\":",
            "\"p50\":", "\"p99\":", "\"p999\":", "\"max\":", "\"failures\":0", "\"firstFailures\":[]"}) {
            assertTrue(json.contains(field), field + " in " + json);
        }
    }

    @Test
    void aFailedCheckExitsOneAndPrintsTheFirstFailures() throws Exception {
        try (ReferenceServer server = new IgnoresUnfollowServer().start()) {
            assertEquals(LoadgenMain.FAILED, run(smallRunAgainst(server, "--users", "40")));
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("FAILED"), summary);
        assertTrue(summary.contains("expected: ") && summary.contains("got: ") && summary.contains(" at client "), summary);
    }

    @Test
    void writesASelfContainedHtmlReportAndAPng(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        Path png = dir.resolve("report.png");
        // A server serves one run: the next run of the official program starts again at seq 1.
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertEquals(LoadgenMain.PASSED, run(smallRunAgainst(server, "--report", html.toString())));
        }
        try (ReferenceServer server = new ReferenceServer().start()) {
            assertEquals(LoadgenMain.PASSED, run(smallRunAgainst(server, "--report", png.toString())));
        }
        String page = Files.readString(html);
        assertTrue(page.contains("data:image/png;base64,"));
        assertTrue(!page.contains("http://") && !page.contains("https://"), "nothing loaded from the network");
        byte[] image = Files.readAllBytes(png);
        assertEquals((byte) 0x89, image[0]);
        assertEquals('P', image[1]);
    }

    @Test
    void versionPrintsTheLauncherAndTheProjectVersionAndExitsZero() {
        assertEquals(LoadgenMain.PASSED, run("-V"));
        String version = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(version.matches("loadgen \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version);
    }

    @Test
    void aBadSettingIsNamedByItsFlagAndVariableNotByTheConfigField() {
        assertEquals(LoadgenMain.SETUP_ERROR, run("--total-events", "-5"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("loadgen: --total-events / LOADGEN_TOTAL_EVENTS: -5 (expected >= 1)"), message);
        assertTrue(!message.contains("totalEvents"), message);
    }

    @Test
    void aWindowTooSmallNamesTheBatchSizeItDependsOnByItsFlag() {
        assertEquals(LoadgenMain.SETUP_ERROR, run("--window", "3", "--max-batch-size", "2"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--window / LOADGEN_WINDOW: 3 (expected 2 * --max-batch-size (4)"), message);
    }

    @Test
    void noInFlightWindowNeedsARunThatFitsInMemory() {
        assertEquals(LoadgenMain.SETUP_ERROR, run("--window", "0", "--total-events", "20000000"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--window / LOADGEN_WINDOW: 0 (expected a window when --total-events (20000000) is over 16777216"),
                message);
    }

    @Test
    void aValueThatIsNotANumberIsNamedByItsFlagAndVariable() {
        assertEquals(LoadgenMain.SETUP_ERROR, run("--clients", "many"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("loadgen: --clients / LOADGEN_CLIENTS: 'many' is not an int"), message);
    }

    @Test
    void aBadPortIsNamedByTheFlagItCameFrom() {
        assertEquals(LoadgenMain.SETUP_ERROR, run("--user-port", "0"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("loadgen: --user-port / LOADGEN_USER_PORT: 0 (expected 1..65535)"), message);
    }
}
