package com.followermaze.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import com.followermaze.common.ops.Readiness;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The steps every launcher takes, with a command that does nothing else; nothing here starts a service. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LauncherTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {

        @Option(names = "--event-port", defaultValue = "${env:EVENT_PORT:-0}")
        int eventPort;

        @Spec
        CommandSpec spec;

        private final Function<Launcher, Integer> steps;

        Probe(Function<Launcher, Integer> steps) {
            this.steps = steps;
        }

        @Override
        public Integer call() {
            return steps.apply(new Launcher(spec, LoggerFactory.getLogger(LauncherTest.class)));
        }
    }

    private int run(Function<Launcher, Integer> steps, String... args) {
        return Launcher.execute(new Probe(steps), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aSettingThatFailsItsCheckExitsWithStatusTwoNamedByFlagAndVariable() {
        int status = run(launcher -> launcher.setting(() -> {
            throw new IllegalArgumentException("eventPort: -1 (expected 0..65535)");
        }));

        assertThat(status).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("probe: --event-port / EVENT_PORT: -1 (expected 0..65535)",
                "Run 'probe --help'");
    }

    @Test
    void aStartThatFailsToBindItsPortIsABadSettingNamingThePort() {
        TcpPorts.Port port = new TcpPorts.Port(TcpPorts.EVENT_PORT, 9090);

        int status = run(launcher -> launcher.startFailed(new IOException(new BindException("Address already in use")),
                "127.0.0.1", port, "event port"));

        assertThat(status).isEqualTo(Launcher.BAD_SETTING);
        assertThat(err.toString()).contains("probe: --event-port / EVENT_PORT: 127.0.0.1:9090 is already in use");
    }

    @Test
    void aStartThatFailsForAnotherReasonExitsWithStatusOne() {
        TcpPorts.Port port = new TcpPorts.Port(TcpPorts.EVENT_PORT, 9090);

        int status = run(launcher -> launcher.startFailed(new IOException("no buffer space"), "127.0.0.1", port,
                "event port"));

        assertThat(status).isEqualTo(Launcher.FAILED);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anHttpPortTakenSinceTheCheckIsABadSettingAndTheServiceIsClosed() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            int status = run(launcher -> {
                try {
                    return launcher.serve("probe", () -> closed.set(true), "127.0.0.1",
                            OptionalInt.of(taken.getLocalPort()), registry -> { }, () -> new Readiness(true, "probing", Map.of())) ? 0 : Launcher.FAILED;
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });

            assertThat(status).isEqualTo(Launcher.BAD_SETTING);
            assertThat(err.toString()).contains("probe: --http-port / HTTP_PORT: 127.0.0.1:" + taken.getLocalPort()
                    + " is already in use");
        }
        assertThat(closed).isTrue();
    }
}
