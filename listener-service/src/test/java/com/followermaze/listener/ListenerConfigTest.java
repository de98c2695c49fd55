package com.followermaze.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.config.Launcher;
import com.followermaze.listener.source.SourceSecret;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ListenerConfigTest {

    @Command(name = "combined")
    static final class Combined {
        @Mixin
        CommonOptions common;
        @Mixin
        ListenerOptions listener;
    }

    private static ListenerConfig parse(String... args) {
        Combined combined = new Combined();
        new CommandLine(combined).parseArgs(args);
        return combined.listener.toConfig(combined.common);
    }

    @Test
    void theDefaultsAreThoseOfTheIssue() {
        ListenerConfig config = ListenerConfig.defaults();
        assertEquals(9090, config.eventPort());
        assertEquals(1024, config.maxLineLength());
        assertEquals(1000, config.batchSize());
        assertEquals(64 * 1024, config.batchBytes());
        assertEquals(5, config.batchLingerMs());
        assertEquals(64, config.maxInflightBatches());
        assertEquals(10_000, config.shutdownTimeoutMs());
        assertEquals(10_000, config.statusIntervalMs());
        assertEquals(1000, config.sourceTakeoverMs());
        assertEquals(4, config.maxWaitingSources());
        assertEquals(1000, config.sessionDeadlineMs());
    }

    @Test
    void theSourceHandoverSettingsAreFlagsAndValidated() {
        ListenerConfig config = parse("--source-takeover-ms", "0", "--max-waiting-sources", "2",
                "--session-deadline-ms", "250");
        assertEquals(0, config.sourceTakeoverMs());
        assertEquals(2, config.maxWaitingSources());
        assertEquals(250, config.sessionDeadlineMs());
        assertEquals(java.time.Duration.ofMillis(250), config.sourceSettings().sessionDeadline());

        assertEquals("sourceTakeoverMs: -1 (expected >= 0, 0 = never)",
                assertThrows(IllegalArgumentException.class, () -> parse("--source-takeover-ms", "-1")).getMessage());
        assertEquals("maxWaitingSources: -1 (expected >= 0)",
                assertThrows(IllegalArgumentException.class, () -> parse("--max-waiting-sources", "-1")).getMessage());
        assertEquals("sessionDeadlineMs: 0 (expected > 0)",
                assertThrows(IllegalArgumentException.class, () -> parse("--session-deadline-ms", "0")).getMessage());
    }

    @Test
    void everySettingIsAFlagAndTheOptionsComposeWithCommonOptions() {
        ListenerConfig config = parse("--bind", "127.0.0.1", "--event-port", "0", "--max-line-length", "100",
                "--batch-size", "10", "--batch-bytes", "2000", "--batch-linger-ms", "7", "--max-inflight-batches", "3",
                "--shutdown-timeout-ms", "500", "--status-interval-ms", "250");
        assertEquals(new ListenerConfig(0, 100, 10, 2000, 7, 3, 500, 250), config);
    }

    @Test
    void theSourceAccessSettingsAreFlagsAndOffByDefault() {
        ListenerConfig config = parse("--event-allow", "10.0.0.0/8, 192.0.2.7,::1", "--event-secret", "s3cret",
                "--event-auth-timeout-ms", "1500");
        assertEquals(List.of("10.0.0.0/8", "192.0.2.7", "::1"), config.eventAllow());
        assertEquals(SourceSecret.of("s3cret"), config.eventSecret());
        assertEquals(1500, config.eventAuthTimeoutMs());
        assertFalse(config.toString().contains("s3cret"), config.toString());

        ListenerConfig defaults = ListenerConfig.defaults();
        assertEquals(List.of(), defaults.eventAllow());
        assertFalse(defaults.eventSecret().isSet());
        assertEquals(10_000, defaults.eventAuthTimeoutMs());
    }

    @Test
    void aBadSourceAccessSettingFailsNamingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--event-allow", "10.0.0.0/40")).getMessage()
                .startsWith("eventAllow: \"10.0.0.0/40\" (expected an IP address or CIDR block"));
        assertEquals("eventAuthTimeoutMs: 0 (expected > 0)",
                assertThrows(IllegalArgumentException.class, () -> parse("--event-auth-timeout-ms", "0")).getMessage());
        String tooLong = assertThrows(IllegalArgumentException.class,
                () -> parse("--max-line-length", "8", "--batch-bytes", "100", "--event-secret", "s3cret")).getMessage();
        assertEquals("eventSecret: 11 bytes with \"AUTH \" (expected at most maxLineLength, 8)", tooLong);
    }

    @Test
    void theHelpNeverShowsTheSecret() {
        StringWriter help = new StringWriter();
        new CommandLine(new Combined()).setUsageHelpWidth(400).usage(new PrintWriter(help));
        for (String text : new String[] {"Env EVENT_ALLOW", "Env EVENT_SECRET", "Default: not set",
            "Env EVENT_AUTH_TIMEOUT_MS"}) {
            assertTrue(help.toString().contains(text), text + " missing from\n" + help);
        }
        String secretLine = help.toString().lines().filter(line -> line.contains("--event-secret")).findFirst().orElseThrow();
        assertFalse(secretLine.contains("${"), secretLine);
    }

    @Test
    void withNoFlagsAndNoEnvironmentTheOptionsGiveTheDefaults() {
        // The build does not set EVENT_PORT and friends; if it ever did this test would say so.
        assertEquals(ListenerConfig.defaults(), parse());
    }

    @Test
    void theHelpNamesEachEnvironmentVariableAndDefault() {
        StringWriter help = new StringWriter();
        new CommandLine(new Combined()).setUsageHelpWidth(400).usage(new PrintWriter(help));
        for (String name : new String[] {"EVENT_PORT", "MAX_LINE_LENGTH", "BATCH_SIZE", "BATCH_BYTES", "BATCH_LINGER_MS",
                "MAX_INFLIGHT_BATCHES", "SHUTDOWN_TIMEOUT_MS", "STATUS_INTERVAL_MS", "HTTP_PORT", "SOURCE_TAKEOVER_MS",
                "MAX_WAITING_SOURCES", "SESSION_DEADLINE_MS"}) {
            assertTrue(help.toString().contains("Env " + name), name + " missing from\n" + help);
        }
        assertTrue(help.toString().contains("Default: 9090"));
    }

    @Test
    void aBadValueFailsWithAMessageNamingTheSetting() {
        assertEquals("batchSize: 0 (expected > 0)",
                assertThrows(IllegalArgumentException.class, () -> parse("--batch-size", "0")).getMessage());
        assertEquals("eventPort: 70000 (expected 0..65535)",
                assertThrows(IllegalArgumentException.class, () -> parse("--event-port", "70000")).getMessage());
        assertEquals("maxInflightBatches: -1 (expected > 0)",
                assertThrows(IllegalArgumentException.class, () -> parse("--max-inflight-batches", "-1")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--batch-bytes", "1024")).getMessage()
                .startsWith("batchBytes: 1024 (expected > maxLineLength, 1024"));
    }

    @Test
    void theLauncherExitsWithStatusTwoNamingABadSetting() {
        StringWriter err = new StringWriter();
        int status = Launcher.execute(new ListenerMain(), null, new PrintWriter(err), "--batch-linger-ms", "0");
        assertEquals(2, status);
        assertTrue(err.toString().contains("--batch-linger-ms / BATCH_LINGER_MS: 0 (expected > 0)"), err.toString());
    }

    @Test
    void helpShowsTheHttpPortTheStatusIntervalAndTheLogFormat() {
        StringWriter out = new StringWriter();
        int status = Launcher.execute(new ListenerMain(), new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        assertEquals(0, status);
        for (String text : new String[] {"--http-port", "Env HTTP_PORT", "Default: off", "--status-interval-ms",
            "Env STATUS_INTERVAL_MS", "LOG_FORMAT"}) {
            assertTrue(out.toString().contains(text), text + " missing from\n" + out);
        }
    }

    @Test
    void aBadHttpPortExitsWithStatusTwoNamingIt() {
        StringWriter err = new StringWriter();
        assertEquals(2, Launcher.execute(new ListenerMain(), null, new PrintWriter(err), "--http-port", "70000"));
        assertTrue(err.toString().contains("--http-port / HTTP_PORT: 70000 (expected 0..65535)"), err.toString());

        StringWriter notANumber = new StringWriter();
        assertEquals(2, Launcher.execute(new ListenerMain(), null, new PrintWriter(notANumber), "--http-port", "metrics"));
        assertTrue(notANumber.toString().contains("--http-port"), notANumber.toString());
    }

    @Test
    void aBadStatusIntervalExitsWithStatusTwoNamingIt() {
        StringWriter err = new StringWriter();
        assertEquals(2, Launcher.execute(new ListenerMain(), null, new PrintWriter(err), "--status-interval-ms", "0"));
        assertTrue(err.toString().contains("--status-interval-ms / STATUS_INTERVAL_MS: 0 (expected > 0)"), err.toString());
    }
}
