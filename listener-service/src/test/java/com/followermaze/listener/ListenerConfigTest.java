package com.followermaze.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(config.eventPort()).isEqualTo(9090);
        assertThat(config.maxLineLength()).isEqualTo(1024);
        assertThat(config.batchSize()).isEqualTo(1000);
        assertThat(config.batchBytes()).isEqualTo(64 * 1024);
        assertThat(config.batchLingerMs()).isEqualTo(2);
        assertThat(config.maxInflightBatches()).isEqualTo(64);
        assertThat(config.shutdownTimeoutMs()).isEqualTo(10_000);
        assertThat(config.statusIntervalMs()).isEqualTo(10_000);
        assertThat(config.sourceTakeoverMs()).isEqualTo(1000);
        assertThat(config.maxWaitingSources()).isEqualTo(4);
        assertThat(config.sessionDeadlineMs()).isEqualTo(1000);
    }

    @Test
    void theLingerIsTheDefaultGivenWhenItIsNotSetAndTheFlagWhenItIs() {
        assertThat(parse().batchLingerMs()).isEqualTo(ListenerConfig.DEFAULT_BATCH_LINGER_MS);
        Combined unset = new Combined();
        new CommandLine(unset).parseArgs();
        assertThat(unset.listener.toConfig(unset.common, 0).batchLingerMs()).isZero();
        Combined set = new Combined();
        new CommandLine(set).parseArgs("--batch-linger-ms", "7");
        assertThat(set.listener.toConfig(set.common, 0).batchLingerMs()).isEqualTo(7);
    }

    @Test
    void theSourceHandoverSettingsAreFlagsAndValidated() {
        ListenerConfig config = parse("--source-takeover-ms", "0", "--max-waiting-sources", "2",
                "--session-deadline-ms", "250");
        assertThat(config.sourceTakeoverMs()).isEqualTo(0);
        assertThat(config.maxWaitingSources()).isEqualTo(2);
        assertThat(config.sessionDeadlineMs()).isEqualTo(250);
        assertThat(config.sourceSettings().sessionDeadline()).isEqualTo(java.time.Duration.ofMillis(250));

        assertThatThrownBy(() -> parse("--source-takeover-ms", "-1")).isInstanceOf(IllegalArgumentException.class).hasMessage("sourceTakeoverMs: -1 (expected >= 0, 0 = never)");
        assertThatThrownBy(() -> parse("--max-waiting-sources", "-1")).isInstanceOf(IllegalArgumentException.class).hasMessage("maxWaitingSources: -1 (expected >= 0)");
        assertThatThrownBy(() -> parse("--session-deadline-ms", "0")).isInstanceOf(IllegalArgumentException.class).hasMessage("sessionDeadlineMs: 0 (expected > 0)");
    }

    @Test
    void everySettingIsAFlagAndTheOptionsComposeWithCommonOptions() {
        ListenerConfig config = parse("--bind", "127.0.0.1", "--event-port", "0", "--max-line-length", "100",
                "--batch-size", "10", "--batch-bytes", "2000", "--batch-linger-ms", "7", "--max-inflight-batches", "3",
                "--shutdown-timeout-ms", "500", "--status-interval-ms", "250");
        assertThat(config).isEqualTo(new ListenerConfig(0, 100, 10, 2000, 7, 3, 500, 250));
    }

    @Test
    void theSourceAccessSettingsAreFlagsAndOffByDefault() {
        ListenerConfig config = parse("--event-allow", "10.0.0.0/8, 192.0.2.7,::1", "--event-secret", "s3cret",
                "--event-auth-timeout-ms", "1500");
        assertThat(config.eventAllow()).isEqualTo(List.of("10.0.0.0/8", "192.0.2.7", "::1"));
        assertThat(config.eventSecret()).isEqualTo(SourceSecret.of("s3cret"));
        assertThat(config.eventAuthTimeoutMs()).isEqualTo(1500);
        assertThat(config.toString().contains("s3cret")).as(config.toString()).isFalse();

        ListenerConfig defaults = ListenerConfig.defaults();
        assertThat(defaults.eventAllow()).isEqualTo(List.of());
        assertThat(defaults.eventSecret().isSet()).isFalse();
        assertThat(defaults.eventAuthTimeoutMs()).isEqualTo(10_000);
    }

    @Test
    void aBadSourceAccessSettingFailsNamingIt() {
        assertThatThrownBy(() -> parse("--event-allow", "10.0.0.0/40")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("eventAllow: \"10.0.0.0/40\" (expected an IP address or CIDR block");
        assertThatThrownBy(() -> parse("--event-auth-timeout-ms", "0")).isInstanceOf(IllegalArgumentException.class).hasMessage("eventAuthTimeoutMs: 0 (expected > 0)");
        assertThatThrownBy(() -> parse("--max-line-length", "8", "--batch-bytes", "100", "--event-secret", "s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventSecret: 11 bytes with \"AUTH \" (expected at most maxLineLength, 8)");
    }

    @Test
    void theHelpNeverShowsTheSecret() {
        StringWriter help = new StringWriter();
        new CommandLine(new Combined()).setUsageHelpWidth(400).usage(new PrintWriter(help));
        for (String text : new String[] {"Env EVENT_ALLOW", "Env EVENT_SECRET", "Default: not set",
            "Env EVENT_AUTH_TIMEOUT_MS"}) {
            assertThat(help.toString()).as(text + " missing from\n" + help).contains(text);
        }
        String secretLine = help.toString().lines().filter(line -> line.contains("--event-secret")).findFirst().orElseThrow();
        assertThat(secretLine.contains("${")).as(secretLine).isFalse();
    }

    @Test
    void withNoFlagsAndNoEnvironmentTheOptionsGiveTheDefaults() {
        // The build does not set EVENT_PORT and friends; if it ever did this test would say so.
        assertThat(parse()).isEqualTo(ListenerConfig.defaults());
    }

    @Test
    void theHelpNamesEachEnvironmentVariableAndDefault() {
        StringWriter help = new StringWriter();
        new CommandLine(new Combined()).setUsageHelpWidth(400).usage(new PrintWriter(help));
        for (String name : new String[] {"EVENT_PORT", "MAX_LINE_LENGTH", "BATCH_SIZE", "BATCH_BYTES", "BATCH_LINGER_MS",
                "MAX_INFLIGHT_BATCHES", "SHUTDOWN_TIMEOUT_MS", "STATUS_INTERVAL_MS", "HTTP_PORT", "SOURCE_TAKEOVER_MS",
                "MAX_WAITING_SOURCES", "SESSION_DEADLINE_MS"}) {
            assertThat(help.toString()).as(name + " missing from\n" + help).contains("Env " + name);
        }
        assertThat(help.toString()).contains("Default: 9090");
    }

    @Test
    void aBadValueFailsWithAMessageNamingTheSetting() {
        assertThatThrownBy(() -> parse("--batch-size", "0")).isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize: 0 (expected > 0)");
        assertThatThrownBy(() -> parse("--event-port", "70000")).isInstanceOf(IllegalArgumentException.class).hasMessage("eventPort: 70000 (expected 0..65535)");
        assertThatThrownBy(() -> parse("--max-inflight-batches", "-1")).isInstanceOf(IllegalArgumentException.class).hasMessage("maxInflightBatches: -1 (expected > 0)");
        assertThatThrownBy(() -> parse("--batch-bytes", "1024")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("batchBytes: 1024 (expected > maxLineLength, 1024");
    }

    @Test
    void theLauncherExitsWithStatusTwoNamingABadSetting() {
        StringWriter err = new StringWriter();
        int status = Launcher.execute(new ListenerMain(), null, new PrintWriter(err), "--batch-linger-ms", "-1");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString().contains("--batch-linger-ms / BATCH_LINGER_MS: -1 (expected >= 0)")).as(err.toString()).isTrue();
    }

    @Test
    void helpShowsTheHttpPortTheStatusIntervalAndTheLogFormat() {
        StringWriter out = new StringWriter();
        int status = Launcher.execute(new ListenerMain(), new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        assertThat(status).isEqualTo(0);
        for (String text : new String[] {"--http-port", "Env HTTP_PORT", "Default: off", "--status-interval-ms",
            "Env STATUS_INTERVAL_MS", "LOG_FORMAT"}) {
            assertThat(out.toString()).as(text + " missing from\n" + out).contains(text);
        }
    }

    @Test
    void aBadHttpPortExitsWithStatusTwoNamingIt() {
        StringWriter err = new StringWriter();
        assertThat(Launcher.execute(new ListenerMain(), null, new PrintWriter(err), "--http-port", "70000")).isEqualTo(2);
        assertThat(err.toString().contains("--http-port / HTTP_PORT: 70000 (expected 0..65535)")).as(err.toString()).isTrue();

        StringWriter notANumber = new StringWriter();
        assertThat(Launcher.execute(new ListenerMain(), null, new PrintWriter(notANumber), "--http-port", "metrics")).isEqualTo(2);
        assertThat(notANumber.toString()).as(notANumber.toString()).contains("--http-port");
    }

    @Test
    void aBadStatusIntervalExitsWithStatusTwoNamingIt() {
        StringWriter err = new StringWriter();
        assertThat(Launcher.execute(new ListenerMain(), null, new PrintWriter(err), "--status-interval-ms", "0")).isEqualTo(2);
        assertThat(err.toString().contains("--status-interval-ms / STATUS_INTERVAL_MS: 0 (expected > 0)")).as(err.toString()).isTrue();
    }
}
