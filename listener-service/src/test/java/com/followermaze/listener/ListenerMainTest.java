package com.followermaze.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import java.io.IOException;
import org.junit.jupiter.api.Test;

import com.followermaze.common.config.Launcher;

/** The listener's launcher as an operator meets it; nothing here starts the service. */
class ListenerMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Launcher.execute(new ListenerMain(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void versionPrintsTheLauncherAndTheProjectVersionAndExitsZero() {
        assertThat(run("-V")).isZero();
        assertThat(out.toString().strip()).matches("listener-service \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void helpShowsTheLocalRabbitMqAsTheBrokerByDefault() {
        assertThat(run("--help")).isZero();
        // Usage lines wrap, even inside the URI.
        assertThat(out.toString().replaceAll("\\s+", ""))
                .contains("--amqp-uri=URIBrokerURI", "Default:amqp://guest:guest@127.0.0.1:5672");
    }

    @Test
    void aBadSettingIsNamedByItsFlagAndVariableNotByTheConfigField() {
        assertThat(run("--event-port", "-1")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("listener-service: --event-port / EVENT_PORT: -1 (expected 0..65535)")
                .doesNotContain("eventPort");
    }

    @Test
    void anotherSettingTheMessageRefersToIsNamedByItsFlagToo() {
        assertThat(run("--batch-bytes", "1024")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString())
                .contains("--batch-bytes / BATCH_BYTES: 1024 (expected > --max-line-length, 1024");
    }

    @Test
    void aBadAllowListIsNamedByItsFlagAndVariable() {
        assertThat(run("--event-allow", "10.0.0.0/40")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("--event-allow / EVENT_ALLOW: ");
    }

    private static ServerSocket occupied() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anEventPortInUseIsABadSettingNamingItsAddress() throws IOException {
        try (ServerSocket taken = occupied()) {
            assertThat(run("--event-port", String.valueOf(taken.getLocalPort()))).isEqualTo(Launcher.BAD_SETTING);
            assertThat(err.toString()).contains("listener-service: --event-port / EVENT_PORT: 127.0.0.1:"
                    + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anHttpPortInUseIsABadSettingNamingItsAddress() throws IOException {
        try (ServerSocket taken = occupied()) {
            assertThat(run("--event-port", "0", "--http-port", String.valueOf(taken.getLocalPort())))
                    .isEqualTo(Launcher.BAD_SETTING);
            assertThat(err.toString()).contains("--http-port / HTTP_PORT: 127.0.0.1:" + taken.getLocalPort()
                    + " is already in use");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aBindAddressThisMachineDoesNotHaveIsABadSetting() {
        assertThat(run("--bind", "192.0.2.1")).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("listener-service: --bind / BIND_ADDRESS: 192.0.2.1 is not an address of this machine");
    }
}
