package com.followermaze.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.app.broker.EmbeddedBroker;
import com.followermaze.app.broker.EmbeddedBrokerConfig;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.QueueType;
import com.followermaze.common.config.BrokerWait;
import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.config.Launcher;
import com.followermaze.common.config.PortUnavailableException;
import com.followermaze.common.config.TcpPorts;
import com.followermaze.common.config.VersionProvider;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.listener.ListenerOptions;
import com.followermaze.processor.ProcessorConfig;
import com.followermaze.processor.ProcessorOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/follower-maze}: the listener and the processor in one JVM. */
@Command(name = "follower-maze", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        resourceBundle = "com.followermaze.app.FollowerMazeHelp",
        description = {
                "Runs the Follower Maze pipeline in one JVM: the listener on the event port, the processor on the user port.",
                "With no --amqp-uri (or AMQP_URI) it starts an embedded AMQP broker in the same process.",
                "With --http-port, one HTTP server serves both services' metrics and a combined readiness."},
        footer = {"", "Logging: LOG_LEVEL (default INFO) and LOG_FORMAT (text or json), as environment variables "
                + "or -D system properties in JAVA_OPTS."})
public final class FollowerMazeMain implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ListenerOptions listenerOptions;

    @Mixin
    ProcessorOptions processorOptions;

    @Option(names = "--embedded-broker-port", paramLabel = "PORT", defaultValue = "${env:EMBEDDED_BROKER_PORT:-0}",
            description = "Port of the embedded broker (loopback only), used when no --amqp-uri is given; "
                    + "0 picks a free one. Env EMBEDDED_BROKER_PORT. Default: ${DEFAULT-VALUE}.")
    int embeddedBrokerPort;

    @Option(names = "--embedded-broker-data-dir", paramLabel = "DIR", defaultValue = "${env:EMBEDDED_BROKER_DATA_DIR}",
            description = "Directory of the embedded broker's store (its queues and the messages on them, in an Apache "
                    + "Derby database), created if missing and kept at exit: a follower-maze started again on it finds "
                    + "what was queued. Without it (the default), the store is in memory, faster, and what is queued is "
                    + "lost when the process ends. Only without --amqp-uri. Env EMBEDDED_BROKER_DATA_DIR.")
    Path embeddedBrokerDataDir;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Qpid Broker-J halts the JVM when one of its tasks throws and no default handler is
        // set; with one, such an error is logged and the pipeline keeps running.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                LoggerFactory.getLogger(FollowerMazeMain.class).error("uncaught exception in thread {}", thread.getName(), e));
        Launcher.main(new FollowerMazeMain(), args);
    }

    /** The listener's settings; without a broker (the embedded one), its own default linger. */
    ListenerConfig listenerConfig(Optional<BrokerSettings> broker) {
        return listenerOptions.toConfig(common,
                broker.isEmpty() ? ListenerConfig.EMBEDDED_BATCH_LINGER_MS : ListenerConfig.DEFAULT_BATCH_LINGER_MS);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Logger log = LoggerFactory.getLogger(FollowerMazeMain.class);
        Launcher launcher = new Launcher(spec, log);
        // One CommonOptions, so both ports share one TLS context when both turn TLS on.
        Optional<BrokerSettings> broker = launcher.setting(common::broker);
        ListenerConfig listenerConfig = launcher.setting(() -> listenerConfig(broker));
        ProcessorConfig processorConfig = launcher.setting(() -> processorOptions.toConfig(common));
        OptionalInt httpPort = launcher.setting(common::httpPort);
        EmbeddedBrokerConfig embedded = launcher.setting(() -> embeddedBroker(broker));
        // Before the embedded broker's start-up, which takes seconds.
        launcher.checkPorts(common.bind(), httpPort, new TcpPorts.Port(TcpPorts.EVENT_PORT, listenerConfig.eventPort()),
                new TcpPorts.Port(TcpPorts.USER_PORT, processorConfig.userPort()));
        FollowerMaze pipeline;
        AtomicBoolean waitingSaid = new AtomicBoolean();
        try {
            pipeline = FollowerMaze.start(common.bind(), broker, embedded,
                    common.exchange(), common.queue(), common.maxQueuedBatches(), listenerConfig, processorConfig, httpPort,
                    launcher::fail, settings -> {
                        waitingSaid.set(true);
                        say(BrokerWait.waitingLine("follower-maze", settings.maskedUri()));
                    });
        } catch (PortUnavailableException e) {
            // Taken since the check: said the same way, and the same exit status.
            throw launcher.badSetting(e);
        } catch (Exception e) {
            log.error("follower-maze: cannot start: {}", e.toString());
            return Launcher.FAILED;
        }
        launcher.closeOnShutdown(() -> {
            pipeline.close();
            return null;
        });
        // Not "running" while both services wait for the broker (they retry for ever).
        BrokerWait.announceWhenConnected("follower-maze", pipeline.broker().maskedUri(),
                () -> pipeline.processor().isConsuming() && pipeline.listener().stats().brokerConnected(),
                FollowerMazeMain::say, waitingSaid.get(), () -> printRunning(pipeline));
        // The pipeline's threads keep the JVM alive until the shutdown hook ends it.
        return 0;
    }

    /**
     * The embedded broker's configuration, used when {@code broker} is empty, checked against
     * the other settings.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    private EmbeddedBrokerConfig embeddedBroker(Optional<BrokerSettings> broker) {
        if (common.scaleOut() && broker.isEmpty()) {
            throw new IllegalArgumentException("scale-out: true (needs RabbitMQ 3.9 or later, for the stream every "
                    + "processor reads; the embedded broker cannot do it: set --amqp-uri / AMQP_URI)");
        }
        if (broker.isEmpty() && common.queueType().equals(Optional.of(QueueType.QUORUM))) {
            throw new IllegalArgumentException("queue-type: quorum (needs RabbitMQ; the embedded broker has only classic "
                    + "queues: set --amqp-uri / AMQP_URI, or leave --queue-type unset or classic)");
        }
        if (common.maxQueuedBatches() < 0) {
            throw new IllegalArgumentException("max-queued-batches: " + common.maxQueuedBatches()
                    + " (expected >= 0, 0 = no bound)");
        }
        if (embeddedBrokerPort < 0 || embeddedBrokerPort > 65535) {
            throw new IllegalArgumentException("embedded-broker-port: " + embeddedBrokerPort + " (expected 0..65535)");
        }
        EmbeddedBrokerConfig embedded = EmbeddedBrokerConfig.onLoopback(embeddedBrokerPort);
        if (embeddedBrokerDataDir == null) {
            return embedded;
        }
        if (broker.isPresent()) {
            throw new IllegalArgumentException("embedded-broker-data-dir: " + embeddedBrokerDataDir
                    + " (only with the embedded broker, not with amqp-uri " + broker.get().maskedUri() + ")");
        }
        if (Files.exists(embeddedBrokerDataDir) && !Files.isDirectory(embeddedBrokerDataDir)) {
            throw new IllegalArgumentException("embedded-broker-data-dir: " + embeddedBrokerDataDir
                    + " (expected a directory, or a path where one can be created)");
        }
        return embedded.withDataDirectory(embeddedBrokerDataDir);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void printRunning(FollowerMaze pipeline) {
        System.out.printf("follower-maze is running:%n"
                        + "  event source -> %s:%d%n"
                        + "  user clients -> %s:%d%n"
                        + "  broker       -> %s (%s)%n"
                        + "%s"
                        + "Stop it with Ctrl-C.%n",
                pipeline.eventAddress().getHostString(), pipeline.eventAddress().getPort(),
                pipeline.userAddress().getHostString(), pipeline.userAddress().getPort(),
                pipeline.broker().maskedUri(),
                pipeline.embeddedBroker().map(FollowerMazeMain::embeddedLine).orElse("external"),
                pipeline.httpAddress().map(FollowerMazeMain::httpLine).orElse(""));
        System.out.flush();
    }

    private static String embeddedLine(EmbeddedBroker broker) {
        return broker.storeDirectory().map(store -> "embedded, store in " + store).orElse("embedded, in-memory store");
    }

    private static String httpLine(InetSocketAddress address) {
        return String.format("  metrics      -> http://%s:%d/metrics (health: /health/live, /health/ready)%n",
                address.getHostString(), address.getPort());
    }
}
