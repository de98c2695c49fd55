package com.followermaze.listener;

import java.io.IOException;
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

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The listener service on the command line. Settings come from flags or environment variables
 * (see {@code --help}); a bad one exits with status 2 and a message naming it. Runs until the
 * JVM is asked to stop, then shuts down gracefully.
 */
@Command(name = "listener-service", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Reads the event source on the event port and publishes its events, in batches, to RabbitMQ.",
        footer = {"", "Logging: LOG_LEVEL (default INFO) and LOG_FORMAT (text or json), as environment variables "
                + "or -D system properties in JAVA_OPTS."})
public final class ListenerMain implements Callable<Integer> {


    private static final Logger log = LoggerFactory.getLogger(ListenerMain.class);

    @Mixin
    CommonOptions common;

    @Mixin
    ListenerOptions listener;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int status = Launcher.execute(new ListenerMain(), args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The ports this launcher binds, for {@link TcpPorts#check}. */
    static List<TcpPorts.Port> ports(int eventPort, OptionalInt httpPort) {
        List<TcpPorts.Port> ports = new ArrayList<>();
        ports.add(new TcpPorts.Port(TcpPorts.EVENT_PORT, eventPort));
        httpPort.ifPresent(port -> ports.add(new TcpPorts.Port(TcpPorts.HTTP_PORT, port)));
        return ports;
    }

    @Override
    public Integer call() throws Exception {
        ListenerConfig config;
        BrokerSettings broker;
        OptionalInt httpPort;
        try {
            config = listener.toConfig(common);
            httpPort = common.httpPort();
            broker = common.brokerOrLocal();
            TcpPorts.check(common.bind(), ports(config.eventPort(), httpPort));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        GracefulShutdown shutdown = new GracefulShutdown("listener-service");
        // A broker that cannot do what is asked (scale-out without streams) is not retried: exit 1.
        ListenerService service;
        try {
            service = new ListenerService(config, broker, common.bind(), () -> shutdown.fail(1));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            service.start();
        } catch (IOException e) {
            // start() released what it had started. Taken since the check: said the same way.
            Optional<PortUnavailableException> unavailable = TcpPorts.explain(e, common.bind(),
                    new TcpPorts.Port(TcpPorts.EVENT_PORT, config.eventPort()));
            if (unavailable.isPresent()) {
                throw new ParameterException(spec.commandLine(), unavailable.get().getMessage());
            }
            log.error("listener-service: cannot bind the event port {}:{}: {}", common.bind(), config.eventPort(), e.toString());
            return 1;
        }
        try {
            if (!ServiceOps.install("listener-service", "listener", shutdown, service, common.bind(), httpPort,
                    new ListenerMetrics(service.stats()), service::readiness)) {
                return 1;
            }
        } catch (PortUnavailableException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // Not "running" while the broker is unreachable (the publisher retries for ever).
        BrokerWait.announceWhenConnected("listener-service", broker.maskedUri(), service.stats()::brokerConnected,
                log::info, false, () -> log.info("listener-service: event port {}:{}, broker {}", service.eventHost(),
                        service.eventPort(), broker.maskedUri()));
        // The event loop and publisher threads keep the JVM alive until the shutdown hook closes them.
        return 0;
    }
}
