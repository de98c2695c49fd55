package com.followermaze.listener;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.config.Launcher;
import com.followermaze.common.config.TcpPorts;
import com.followermaze.common.config.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
        Launcher.main(new ListenerMain(), args);
    }

    @Override
    public Integer call() throws Exception {
        Launcher launcher = new Launcher(spec, log);
        ListenerConfig config = launcher.setting(() -> listener.toConfig(common));
        OptionalInt httpPort = launcher.setting(common::httpPort);
        BrokerSettings broker = launcher.setting(common::brokerOrLocal);
        TcpPorts.Port eventPort = new TcpPorts.Port(TcpPorts.EVENT_PORT, config.eventPort());
        launcher.checkPorts(common.bind(), httpPort, eventPort);
        // A broker that cannot do what is asked (scale-out without streams) is not retried: exit 1.
        ListenerService service = launcher.setting(() -> new ListenerService(config, broker, common.bind(), launcher::fail));
        try {
            service.start();
        } catch (IOException e) {
            // start() released what it had started.
            return launcher.startFailed(e, common.bind(), eventPort, "event port");
        }
        if (!launcher.serve("listener", service, common.bind(), httpPort, new ListenerMetrics(service.stats()),
                service::readiness)) {
            return Launcher.FAILED;
        }
        launcher.announceWhenConnected(broker.maskedUri(), service.stats()::brokerConnected,
                () -> log.info("listener-service: event port {}:{}, broker {}", service.eventHost(), service.eventPort(),
                        broker.maskedUri()));
        // The event loop and publisher threads keep the JVM alive until the shutdown hook closes them.
        return 0;
    }
}
