package com.followermaze.processor;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.config.BrokerWait;
import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.config.GracefulShutdown;
import com.followermaze.common.config.Launcher;
import com.followermaze.common.config.PortUnavailableException;
import com.followermaze.common.config.TcpPorts;
import com.followermaze.common.config.VersionProvider;
import com.followermaze.common.ops.ServiceOps;
import com.followermaze.processor.recovery.CorruptSnapshotException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the processor service alone, against a broker. */
@Command(name = "processor-service", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Consumes event batches from the broker and notifies the users connected to the user port.",
        footer = {"", "Logging: LOG_LEVEL (default INFO) and LOG_FORMAT (text or json), as environment variables "
                + "or -D system properties in JAVA_OPTS."})
public final class ProcessorMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);

    @Mixin
    CommonOptions common;

    @Mixin
    ProcessorOptions options;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int status = Launcher.execute(new ProcessorMain(), args);
        if (status != 0) {
            System.exit(status);
        }
    }

    @Override
    public Integer call() throws Exception {
        ProcessorConfig config;
        BrokerSettings broker;
        OptionalInt httpPort;
        try {
            config = options.toConfig(common);
            httpPort = common.httpPort();
            broker = common.brokerOrLocal();
            List<TcpPorts.Port> ports = new ArrayList<>();
            ports.add(new TcpPorts.Port(TcpPorts.USER_PORT, config.userPort()));
            httpPort.ifPresent(port -> ports.add(new TcpPorts.Port(TcpPorts.HTTP_PORT, port)));
            TcpPorts.check(common.bind(), ports);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        GracefulShutdown shutdown = new GracefulShutdown("processor-service");
        ProcessorService service;
        try {
            // After an engine failure, or on a broker that cannot do scale-out, nothing more is
            // delivered: exit, so a supervisor restarts us (or the operator reads why).
            service = new ProcessorService(config, broker, () -> shutdown.fail(1));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            service.start();
        } catch (CorruptSnapshotException | UncheckedIOException e) {
            log.error("processor-service: {}", e.getMessage());
            service.close();
            return 1;
        } catch (Exception e) {
            // Netty rethrows a failed bind (port in use, bad address) as is, checked or not.
            service.close();
            // Taken since the check: said the same way.
            Optional<PortUnavailableException> unavailable = TcpPorts.explain(e, config.bindAddress(),
                    new TcpPorts.Port(TcpPorts.USER_PORT, config.userPort()));
            if (unavailable.isPresent()) {
                throw new ParameterException(spec.commandLine(), unavailable.get().getMessage());
            }
            log.error("processor-service: cannot bind the user port {}:{}: {}", config.bindAddress(), config.userPort(),
                    e.toString());
            return 1;
        }
        try {
            if (!ServiceOps.install("processor-service", "processor", shutdown, service, common.bind(), httpPort,
                    new ProcessorMetrics(service), service::readiness)) {
                return 1;
            }
        } catch (PortUnavailableException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // Not "ready" while the broker is unreachable (the consumer retries for ever).
        BrokerWait.announceWhenConnected("processor-service", broker.maskedUri(), service::isConsuming, log::info, false,
                () -> log.info(broker.scaleOut() ? "processor-service started: users connect to {} once it has caught up"
                        : "processor-service ready: users connect to {}", service.userAddress()));
        // The event loop and consumer threads keep the JVM alive until the shutdown hook ends it.
        return 0;
    }
}
