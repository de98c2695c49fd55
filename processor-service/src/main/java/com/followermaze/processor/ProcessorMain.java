package com.followermaze.processor;

import java.io.UncheckedIOException;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.config.Launcher;
import com.followermaze.common.config.TcpPorts;
import com.followermaze.common.config.VersionProvider;
import com.followermaze.processor.recovery.CorruptSnapshotException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
        Launcher.main(new ProcessorMain(), args);
    }

    @Override
    public Integer call() throws Exception {
        Launcher launcher = new Launcher(spec, log);
        ProcessorConfig config = launcher.setting(() -> options.toConfig(common));
        OptionalInt httpPort = launcher.setting(common::httpPort);
        BrokerSettings broker = launcher.setting(common::brokerOrLocal);
        TcpPorts.Port userPort = new TcpPorts.Port(TcpPorts.USER_PORT, config.userPort());
        launcher.checkPorts(common.bind(), httpPort, userPort);
        // After an engine failure, or on a broker that cannot do scale-out, nothing more is
        // delivered: exit, so a supervisor restarts us (or the operator reads why).
        ProcessorService service = launcher.setting(() -> new ProcessorService(config, broker, launcher::fail));
        try {
            service.start();
        } catch (CorruptSnapshotException | UncheckedIOException e) {
            log.error("processor-service: {}", e.getMessage());
            service.close();
            return Launcher.FAILED;
        } catch (Exception e) {
            // Netty rethrows a failed bind (port in use, bad address) as is, checked or not.
            service.close();
            return launcher.startFailed(e, config.bindAddress(), userPort, "user port");
        }
        if (!launcher.serve("processor", service, common.bind(), httpPort, new ProcessorMetrics(service),
                service::readiness)) {
            return Launcher.FAILED;
        }
        launcher.announceWhenConnected(broker.maskedUri(), service::isConsuming,
                () -> log.info(broker.scaleOut() ? "processor-service started: users connect to {} once it has caught up"
                        : "processor-service ready: users connect to {}", service.userAddress()));
        // The event loop and consumer threads keep the JVM alive until the shutdown hook ends it.
        return 0;
    }
}
