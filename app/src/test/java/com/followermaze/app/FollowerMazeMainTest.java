package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.config.Launcher;
import com.followermaze.listener.ListenerConfig;

import picocli.CommandLine;

/** bin/follower-maze's settings as an operator meets them; nothing here starts the pipeline. */
class FollowerMazeMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Launcher.execute(new FollowerMazeMain(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpShowsOneHttpPortForBothServicesTheStatusIntervalAndTheLogFormat() {
        assertThat(run("--help")).isZero();
        String help = out.toString();
        assertThat(help).contains("--http-port", "Env HTTP_PORT", "Default: off", "one HTTP server serves both",
                "--status-interval-ms", "Env STATUS_INTERVAL_MS", "LOG_FORMAT", "--event-port", "--user-port");
    }

    @Test
    void aBadHttpPortExitsWithStatusTwoNamingIt() {
        assertThat(run("--http-port", "65536")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("follower-maze: --http-port / HTTP_PORT: 65536 (expected 0..65535)");
    }

    @Test
    void anHttpPortThatIsNotANumberExitsWithStatusTwoNamingIt() {
        assertThat(run("--http-port", "eighty")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--http-port", "eighty");
    }

    @Test
    void helpShowsOneCertificateForBothPortsAndASwitchForEach() {
        assertThat(run("--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--event-tls", "Env EVENT_TLS", "--user-tls", "Env USER_TLS", "--tls-cert",
                "Env TLS_CERT", "--tls-key", "Env TLS_KEY", "--amqp-ca", "Env AMQP_CA");
    }

    @Test
    void eventTlsWithoutTheFilesExitsWithStatusTwoNamingThem() {
        assertThat(run("--event-tls")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--event-tls / EVENT_TLS: true (expected --tls-cert / TLS_CERT and --tls-key / TLS_KEY");
    }

    @Test
    void aCaBundleWithAPlainAmqpUriExitsWithStatusTwoNamingIt() {
        assertThat(run("--amqp-uri", "amqp://localhost/", "--amqp-ca", "ca.pem")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--amqp-ca / AMQP_CA: ca.pem (only with an amqps:// --amqp-uri");
    }

    @Test
    void scaleOutWithoutABrokerExitsWithStatusTwoSayingTheEmbeddedOneCannotDoIt() {
        assertThat(run("--amqp-uri=", "--scale-out")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--scale-out / SCALE_OUT: true (needs RabbitMQ 3.9 or later",
                "the embedded broker cannot do it: set --amqp-uri / AMQP_URI)");
    }

    @Test
    void quorumQueuesWithoutABrokerExitWithStatusTwoSayingTheEmbeddedOneHasOnlyClassicQueues() {
        assertThat(run("--amqp-uri=", "--queue-type", "quorum")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--queue-type / QUEUE_TYPE: quorum (needs RabbitMQ",
                "the embedded broker has only classic queues: set --amqp-uri / AMQP_URI");
    }

    @Test
    void classicQueuesWithoutABrokerPassTheQueueTypeCheck() {
        // The embedded broker's port is checked after the queue type: its message shows the type passed.
        assertThat(run("--amqp-uri=", "--queue-type", "classic", "--embedded-broker-port", "70000"))
                .isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("EMBEDDED_BROKER_PORT: 70000").doesNotContain("queue-type");
    }

    @Test
    void helpShowsTheScaleOutSwitch() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--scale-out", "Env SCALE_OUT");
    }

    @Test
    void helpShowsTheEmbeddedBrokersDataDirectoryAndWhatHappensWithoutIt() {
        assertThat(run("--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--embedded-broker-data-dir", "Env EMBEDDED_BROKER_DATA_DIR",
                "the store is in memory", "what is queued is lost when the process ends");
    }

    @Test
    void aDataDirectoryForTheEmbeddedBrokerWithAnAmqpUriExitsWithStatusTwoNamingIt() {
        assertThat(run("--amqp-uri", "amqp://guest:secret@localhost/", "--embedded-broker-data-dir", "broker-data"))
                .isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--embedded-broker-data-dir / EMBEDDED_BROKER_DATA_DIR: broker-data (only with the embedded broker")
                .doesNotContain("secret");
    }

    @Test
    void aDataDirectoryThatIsAFileExitsWithStatusTwoNamingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThat(run("--embedded-broker-data-dir", file.toString())).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--embedded-broker-data-dir / EMBEDDED_BROKER_DATA_DIR: " + file + " (expected a directory");
    }

    @Test
    void versionPrintsTheLauncherAndTheProjectVersionAndExitsZero() {
        for (String flag : new String[] {"-V", "--version"}) {
            out.getBuffer().setLength(0);
            assertThat(run(flag)).isZero();
            assertThat(out.toString().strip()).matches("follower-maze \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        }
    }

    @Test
    void helpShowsThatTheBrokerIsEmbeddedByDefault() {
        assertThat(run("--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--amqp-uri=URI", "Default: embedded broker");
        assertThat(help).doesNotContain("guest:guest");
    }

    /** The embedded broker takes seconds to start: a port in use is told before it, within the bound. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aPortInUseIsABadSettingToldBeforeTheEmbeddedBrokerStarts() throws IOException {
        for (String flag : new String[] {"--event-port", "--user-port", "--http-port"}) {
            err.getBuffer().setLength(0);
            try (ServerSocket taken = new ServerSocket()) {
                taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                // The other TCP ports free (0), so that only the one taken can fail.
                java.util.List<String> args = new java.util.ArrayList<>();
                for (String other : new String[] {"--event-port", "--user-port"}) {
                    if (!other.equals(flag)) {
                        args.addAll(java.util.List.of(other, "0"));
                    }
                }
                args.addAll(java.util.List.of(flag, String.valueOf(taken.getLocalPort())));
                assertThat(run(args.toArray(String[]::new))).isEqualTo(Launcher.BAD_SETTING);
                assertThat(err.toString()).contains("follower-maze: " + flag + " / "
                        + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT) + ": 127.0.0.1:"
                        + taken.getLocalPort() + " is already in use");
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aBindAddressThisMachineDoesNotHaveIsABadSettingToldBeforeTheEmbeddedBrokerStarts() {
        assertThat(run("--bind", "192.0.2.1")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("follower-maze: --bind / BIND_ADDRESS: 192.0.2.1 is not an address of this machine");
    }

    @Test
    void theBatchLingerIsZeroOnTheEmbeddedBrokerAndTwoMillisecondsOnAnotherUnlessOneIsSet() {
        assertThat(lingerMs()).as("the embedded broker").isZero();
        assertThat(lingerMs("--amqp-uri", "amqp://127.0.0.1:5672")).isEqualTo(ListenerConfig.DEFAULT_BATCH_LINGER_MS);
        assertThat(lingerMs("--batch-linger-ms", "5")).isEqualTo(5);
        assertThat(lingerMs("--amqp-uri", "amqp://127.0.0.1:5672", "--batch-linger-ms", "0")).isZero();
    }

    private static long lingerMs(String... args) {
        FollowerMazeMain main = new FollowerMazeMain();
        new CommandLine(main).parseArgs(args);
        return main.listenerConfig(main.common.broker()).batchLingerMs();
    }
}
