package com.followermaze.common.config;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;

import com.followermaze.common.ops.OpsServer;
import com.followermaze.common.ops.Readiness;
import com.followermaze.common.ops.Telemetry;

import io.micrometer.core.instrument.binder.MeterBinder;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * How every launcher runs: its picocli command executed the same way ({@link #main}, {@link
 * #execute}), and, for one run of the command, the steps every launcher takes from its settings
 * to a running service: read the settings, check the ports, start, serve the HTTP port, say
 * when it runs, stop on a signal.
 *
 * <p>A bad setting, whichever step finds it, is said in one line naming it by its flag and
 * environment variable ({@link SettingNames}), {@code listener-service: --event-port /
 * EVENT_PORT: -1 (expected 0..65535)}, with a hint, not the whole usage, and the process exits
 * with {@link #BAD_SETTING}; a port that cannot be bound counts as one. A service that cannot
 * start for another reason, or fails later, exits with {@link #FAILED}.
 *
 * <p>One instance per run, made in the command's {@code call()} on the launcher's thread;
 * {@link #fail()} may be called from any thread.
 */
public final class Launcher {

    /** The exit status for a setting that is missing, malformed or out of range, or a port that cannot be bound. */
    public static final int BAD_SETTING = 2;

    /** The exit status when a service cannot start for another reason than a setting, or fails later. */
    public static final int FAILED = 1;

    private final CommandSpec spec;
    private final String name;
    private final Logger log;
    private final GracefulShutdown shutdown;

    /**
     * One run of the command of {@code spec}, logging its failures to {@code log} (the
     * launcher's own logger).
     */
    public Launcher(CommandSpec spec, Logger log) {
        this.spec = spec;
        this.name = spec.name();
        this.log = log;
        this.shutdown = new GracefulShutdown(name);
    }

    /**
     * Executes {@code command} with {@code args} ({@link #execute(Object, String...)}) and ends
     * the JVM with its status unless it is 0: then the service's threads keep the JVM alive
     * until it is asked to stop.
     */
    public static void main(Object command, String... args) {
        int status = execute(command, args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Executes {@code command} with {@code args}. A bad setting prints one line naming it by
     * its flag and environment variable ({@link SettingNames}) and a hint, not the whole usage,
     * and yields {@link #BAD_SETTING}.
     *
     * @return the command's exit status
     */
    public static int execute(Object command, String... args) {
        return execute(command, null, null, args);
    }

    /**
     * Executes {@code command} as {@link #execute(Object, String...)} does, printing to
     * {@code out} and {@code err} (the standard streams when null); for tests.
     */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(command);
        if (out != null) {
            commandLine.setOut(out);
        }
        if (err != null) {
            commandLine.setErr(err);
        }
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(cmd.getCommandName() + ": " + SettingNames.forOperator(cmd.getCommandSpec(), e.getMessage()));
            cmd.getErr().println("Run '" + cmd.getCommandName() + " --help' to see every setting and its default.");
            return BAD_SETTING;
        });
        return commandLine.execute(args);
    }

    /**
     * What {@code read} reads from the settings or builds from them.
     *
     * @throws ParameterException a bad setting, when {@code read} throws an {@link
     *                            IllegalArgumentException} (its message names the setting)
     */
    public <T> T setting(Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw badSetting(e);
        }
    }

    /**
     * Checks, before anything starts, that {@code bind} is an address of this machine and that
     * {@code ports} and the HTTP port, when given, can be bound on it ({@link TcpPorts#check}).
     *
     * @throws ParameterException a bad setting naming the port's setting, the address and the port
     */
    public void checkPorts(String bind, OptionalInt httpPort, TcpPorts.Port... ports) {
        List<TcpPorts.Port> all = new ArrayList<>(List.of(ports));
        httpPort.ifPresent(port -> all.add(new TcpPorts.Port(TcpPorts.HTTP_PORT, port)));
        setting(() -> {
            TcpPorts.check(bind, all);
            return null;
        });
    }

    /** {@code failure} as a bad setting: picocli prints its message, naming the setting, and exit status 2 follows. */
    public ParameterException badSetting(IllegalArgumentException failure) {
        return new ParameterException(spec.commandLine(), failure.getMessage());
    }

    /**
     * Ends the process with {@link #FAILED} (from any thread): what a service calls after a
     * fatal error, or when its broker cannot do what is asked (not retried).
     */
    public void fail() {
        shutdown.fail(FAILED);
    }

    /**
     * Has a SIGTERM or Ctrl-C run {@code close}, then end the process with status 0 ({@link
     * GracefulShutdown}); for a launcher that serves its HTTP port itself.
     */
    public void closeOnShutdown(Callable<?> close) {
        shutdown.install(close);
    }

    /**
     * The failure of a server's start that binds {@code port} on {@code bind}: a bad setting
     * when the bind failed (the port was taken since {@link #checkPorts}: said the same way),
     * else logged, {@code listener-service: cannot bind the event port 127.0.0.1:9090: ...}.
     *
     * @param portName the port in words, {@code event port}
     * @return {@link #FAILED}, the exit status
     * @throws ParameterException a bad setting naming the port, when its bind failed
     */
    public int startFailed(Exception failure, String bind, TcpPorts.Port port, String portName) {
        Optional<PortUnavailableException> unavailable = TcpPorts.explain(failure, bind, port);
        if (unavailable.isPresent()) {
            throw badSetting(unavailable.get());
        }
        log.error("{}: cannot bind the {} {}:{}: {}", name, portName, bind, port.port(), failure.toString());
        return FAILED;
    }

    /**
     * Serves the started {@code service}'s metrics and health on {@code bind:httpPort} when a
     * port is given, and has a SIGTERM or Ctrl-C close the service, then, last, that server, so
     * that readiness says "shutting down" while the service drains.
     *
     * @param check the service's name in {@code /health/ready}
     * @return false when the HTTP server cannot start for another reason than its port (logged,
     *         the service closed): the launcher exits with {@link #FAILED}
     * @throws ParameterException a bad setting naming the HTTP port, when it cannot be bound
     *                            (in use, say; the service closed)
     */
    public boolean serve(String check, AutoCloseable service, String bind, OptionalInt httpPort, MeterBinder metrics,
                         Supplier<Readiness> readiness) throws Exception {
        Telemetry telemetry = null;
        OpsServer ops = null;
        if (httpPort.isPresent()) {
            telemetry = new Telemetry();
            metrics.bindTo(telemetry.registry());
            try {
                ops = OpsServer.start(bind, httpPort.getAsInt(), telemetry, Map.of(check, readiness));
            } catch (IOException e) {
                service.close();
                telemetry.close();
                startFailed(e, bind, new TcpPorts.Port(TcpPorts.HTTP_PORT, httpPort.getAsInt()), "HTTP port");
                return false;
            }
        }
        OpsServer opsServer = ops;
        Telemetry opsTelemetry = telemetry;
        shutdown.install(() -> {
            try {
                service.close();
            } finally {
                if (opsServer != null) {
                    opsServer.close();
                    opsTelemetry.close();
                }
            }
            return null;
        });
        return true;
    }

    /**
     * Logs {@code running} once {@code connected} holds, and first, if that takes longer than
     * {@link BrokerWait#GRACE}, that the launcher waits for the broker at {@code maskedUri}
     * ({@link BrokerWait#announceWhenConnected}): a service run alone is not said to run while
     * its broker is unreachable (it retries for ever).
     */
    public void announceWhenConnected(String maskedUri, BooleanSupplier connected, Runnable running) {
        BrokerWait.announceWhenConnected(name, maskedUri, connected, log::info, false, running);
    }
}
