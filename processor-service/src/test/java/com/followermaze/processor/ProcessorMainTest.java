package com.followermaze.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.config.Launcher;
import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;
import com.followermaze.processor.recovery.SnapshotStore;

/** The launcher's settings as an operator meets them; nothing here starts the service. */
class ProcessorMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Launcher.execute(new ProcessorMain(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpShowsTheHttpPortTheStatusIntervalAndTheLogFormat() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--http-port", "Env HTTP_PORT", "Default: off", "--status-interval-ms",
                "Env STATUS_INTERVAL_MS", "Default: 10000", "LOG_FORMAT", "--user-port");
    }

    @Test
    void aBadHttpPortExitsWithStatusTwoNamingIt() {
        assertThat(run("--http-port", "-1")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--http-port / HTTP_PORT: -1 (expected 0..65535)", "--help");
    }

    @Test
    void anHttpPortThatIsNotANumberExitsWithStatusTwoNamingIt() {
        assertThat(run("--http-port", "metrics")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--http-port / HTTP_PORT: 'metrics' is not an int");
    }

    @Test
    void helpShowsTheUserConnectionLimitAndABadOneExitsWithStatusTwoNamingIt() {
        assertThat(run("--help")).isZero();
        // Usage lines wrap at 80 columns.
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("--max-user-connections", "Env MAX_USER_CONNECTIONS", "Default: 20000");
        assertThat(run("--max-user-connections", "0")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--max-user-connections / MAX_USER_CONNECTIONS: 0 (expected > 0)");
    }

    @Test
    void helpShowsThatNotificationsEndAsReadByDefaultAndABadTerminatorExitsWithStatusTwoNamingIt() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("--line-terminator=as-read|LF|CRLF", "Env LINE_TERMINATOR", "Default: as-read");
        assertThat(run("--line-terminator", "CR")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("processor-service: --line-terminator / LINE_TERMINATOR: CR (expected as-read, LF or CRLF)");
    }

    @Test
    void aBadStatusIntervalExitsWithStatusTwoNamingIt() {
        assertThat(run("--status-interval-ms", "0")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--status-interval-ms / STATUS_INTERVAL_MS: 0 (expected > 0)");
    }

    @Test
    void helpShowsTheTlsSettings() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("--user-tls", "Env USER_TLS", "--tls-cert", "Env TLS_CERT", "--tls-key", "Env TLS_KEY",
                        "--amqp-ca", "Env AMQP_CA");
    }

    @Test
    void userTlsWithoutTheFilesExitsWithStatusTwoNamingThem() {
        assertThat(run("--user-tls")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--user-tls / USER_TLS: true (expected --tls-cert / TLS_CERT and --tls-key / TLS_KEY");
    }

    @Test
    void userTlsWithAKeyOfAnotherCertificateExitsWithStatusTwoNamingTheFiles(@TempDir Path dir) {
        TestPki pki = TestPki.create(dir, "fm");
        ServerFiles one = pki.server("one", "localhost");
        ServerFiles other = pki.server("other", "localhost");

        assertThat(run("--user-tls", "--tls-cert", one.cert().toString(), "--tls-key", other.key().toString()))
                .isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--tls-key / TLS_KEY: " + other.key() + " (does not match the certificate in --tls-cert: "
                + one.cert() + ")");
    }

    @Test
    void anUnreadableCaBundleExitsWithStatusTwoNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("ca.pem");

        assertThat(run("--amqp-uri", "amqps://localhost/", "--amqp-ca", missing.toString()))
                .isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--amqp-ca / AMQP_CA: " + missing + " (no such file)");
    }

    @Test
    void helpShowsTheStateDirAndTheSnapshotIntervalAndABadIntervalExitsWithStatusTwoNamingIt() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--state-dir", "Env STATE_DIR",
                "--snapshot-interval-ms", "Env SNAPSHOT_INTERVAL_MS", "Default: 1000");
        assertThat(run("--snapshot-interval-ms", "0")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--snapshot-interval-ms / SNAPSHOT_INTERVAL_MS: 0 (expected > 0)");
    }

    @Test
    void aCorruptSnapshotStopsTheStartWithStatusOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(SnapshotStore.FILE_NAME), "not a snapshot");

        assertThat(run("--state-dir", dir.toString(), "--user-port", "0")).isEqualTo(1);
    }

    @Test
    void scaleOutWithAStateDirectoryExitsWithStatusTwoNamingIt() {
        assertThat(run("--scale-out", "--state-dir", "state")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--state-dir / STATE_DIR: state (not used with --scale-out");
    }

    @Test
    void scaleOutWithAGapTimeoutExitsWithStatusTwoNamingIt() {
        assertThat(run("--scale-out", "--gap-timeout-ms", "1000")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--gap-timeout-ms / GAP_TIMEOUT_MS: 1000 (not with --scale-out");
    }

    @Test
    void versionPrintsTheLauncherAndTheProjectVersionAndExitsZero() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString().strip()).matches("processor-service \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void helpShowsTheLocalRabbitMqAsTheBrokerByDefault() {
        assertThat(run("--help")).isZero();
        // Usage lines wrap, even inside the URI.
        assertThat(out.toString().replaceAll("\\s+", ""))
                .contains("--amqp-uri=URIBrokerURI", "Default:amqp://guest:guest@127.0.0.1:5672");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aUserPortInUseIsABadSettingNamingItsAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(run("--user-port", String.valueOf(taken.getLocalPort()))).isEqualTo(Launcher.BAD_SETTING);
            assertThat(err.toString()).contains("processor-service: --user-port / USER_PORT: 127.0.0.1:"
                    + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aBindAddressThisMachineDoesNotHaveIsABadSetting() {
        assertThat(run("--bind", "192.0.2.1")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--bind / BIND_ADDRESS: 192.0.2.1 is not an address of this machine");
    }
}
