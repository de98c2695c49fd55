package com.followermaze.app.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Container;
import org.apache.qpid.server.model.KeyStore;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.VirtualHostAlias;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache Qpid Broker-J running inside this JVM, for when no external broker is configured:
 * AMQP 0-9-1 on one TCP port, one virtual host, everything held in memory.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>When {@link #start} returns, the broker accepts AMQP 0-9-1 connections on {@link
 *       #port()}, authenticating the one configured user with PLAIN (the RabbitMQ client's
 *       default). The client's virtual host {@code /} is the broker's only virtual host, so
 *       {@link #amqpUri()}, with or without the {@code /%2F} path, reaches it.</li>
 *   <li>Nothing survives {@link #stop}, {@link #restart} or {@link #close}: the configuration
 *       and message stores are in memory, so exchanges, queues and messages are lost, durable
 *       and persistent ones included. A client that reconnects after a restart declares its
 *       topology again (the services do, with {@code Topology.declare}).</li>
 *   <li>The port is fixed at the first start (the one asked for, or the one the system picked
 *       for port 0) and reused by {@link #restart}.</li>
 *   <li>Qpid's work directory is a temporary directory, deleted by {@link #close}; nothing is
 *       written to the working directory or the user's home. Closing never exits the JVM.</li>
 * </ul>
 *
 * <p>Threading: the lifecycle methods are synchronized and may be called from any thread;
 * {@link #port()} and {@link #amqpUri()} never block. The broker runs on Qpid's own threads
 * (I/O, housekeeping, configuration), all of which {@link #stop} and {@link #close} end.
 *
 * <p>Logging goes through SLF4J under {@code org.apache.qpid} and {@code qpid.message}; the
 * application's logback configuration keeps both at WARN.
 *
 * <p>Qpid and the JVM: Qpid registers a JVM shutdown hook of its own that closes the broker;
 * this class removes it once the broker has started, because on SIGTERM the application must
 * close the broker last, after the services that still publish to it and consume from it
 * (which then shut down without errors). So the application must close this object on its
 * way out. Qpid never exits the JVM on stop or close,
 * but its housekeeping threads halt the JVM when one of their tasks throws and no default
 * uncaught exception handler is set ({@link Thread#setDefaultUncaughtExceptionHandler}), so
 * an application that embeds the broker sets one.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String LOOPBACK = "127.0.0.1";
    public static final String DEFAULT_USERNAME = "guest";
    public static final String DEFAULT_PASSWORD = "guest";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private static final String INITIAL_CONFIGURATION = "classpath:com/followermaze/app/broker/embedded-broker.json";
    private static final String AMQP_PORT = "AMQP";

    private final String bindHost;
    private final String username;
    private final String password;
    private final Path workDirectory;

    private volatile int port;
    private SystemLauncher launcher;
    private Container<?> container;
    private boolean closed;

    private EmbeddedBroker(String bindHost, int port, String username, String password, Path workDirectory) {
        this.bindHost = bindHost;
        this.port = port;
        this.username = username;
        this.password = password;
        this.workDirectory = workDirectory;
    }

    /** Starts a broker on loopback, user {@value #DEFAULT_USERNAME}; see {@link #start(String, int, String, String)}. */
    public static EmbeddedBroker start(int port) {
        return start(LOOPBACK, port, DEFAULT_USERNAME, DEFAULT_PASSWORD);
    }

    /** Starts a broker, user {@value #DEFAULT_USERNAME}; see {@link #start(String, int, String, String)}. */
    public static EmbeddedBroker start(String bindHost, int port) {
        return start(bindHost, port, DEFAULT_USERNAME, DEFAULT_PASSWORD);
    }

    /**
     * Starts a broker and returns once it accepts connections: about two seconds for the first
     * broker of a JVM (mostly class loading), a fraction of a second after that.
     *
     * @param bindHost the address to listen on: an IP address or host name, {@code "*"} for all
     * @param port     the TCP port, or 0 for one the system picks
     * @throws IllegalStateException when the broker does not start (the port is taken, say);
     *                               nothing is left running and the work directory is deleted
     */
    public static EmbeddedBroker start(String bindHost, int port, String username, String password) {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost: \"" + bindHost + "\" (expected an address, or * for all)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected 0..65535)");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username: \"" + username + "\" (expected a name)");
        }
        Objects.requireNonNull(password, "password");

        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory("follower-maze-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded broker's work directory", e);
        }
        EmbeddedBroker broker = new EmbeddedBroker(bindHost, port, username, password, workDirectory);
        try {
            synchronized (broker) {
                broker.launch();
            }
            return broker;
        } catch (RuntimeException e) {
            deleteRecursively(workDirectory);
            throw e;
        }
    }

    /** The bound TCP port; the same for the life of this object. */
    public int port() {
        return port;
    }

    /**
     * The URI a client on this machine connects with, credentials included, for example
     * {@code amqp://guest:guest@127.0.0.1:5672}.
     */
    public String amqpUri() {
        return "amqp://" + percentEncode(username) + ":" + percentEncode(password) + "@" + connectHost() + ":" + port;
    }

    /** Whether the broker is accepting connections (started, and not stopped or closed since). */
    public synchronized boolean isRunning() {
        return launcher != null;
    }

    /**
     * Stops the broker: its port stops listening and every connection is closed. All broker
     * state is lost. Takes about a second; does nothing when the broker is not running.
     */
    public synchronized void stop() {
        if (launcher == null) {
            return;
        }
        long stoppingAt = System.nanoTime();
        SystemLauncher stopping = launcher;
        launcher = null;
        container = null;
        stopping.shutdown();
        log.debug("embedded broker on {}:{} stopped in {} ms", bindHost, port, (System.nanoTime() - stoppingAt) / 1_000_000);
    }

    /**
     * Stops the broker if it is running and starts a fresh, empty one on the same port.
     *
     * @throws IllegalStateException when it does not start again (the port was taken while it
     *                               was down, say) or this broker is closed
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("embedded broker on " + bindHost + ":" + port + " is closed");
        }
        stop();
        launch();
    }

    /**
     * Stops the broker (about a second: Qpid waits for its housekeeping tasks) and deletes its
     * work directory. Idempotent; never exits the JVM.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    /**
     * Adds a second AMQP 0-9-1 port, over TLS with the PEM {@code certFile} and
     * {@code keyFile} (PKCS#8), on the bind address and a free port; for tests of
     * {@code amqps://}. It is gone after {@link #restart}.
     *
     * @return the TLS port
     */
    synchronized int addTlsPort(Path certFile, Path keyFile) {
        if (container == null) {
            throw new IllegalStateException("embedded broker on " + bindHost + ":" + port + " is not running");
        }
        container.createChild(KeyStore.class, Map.of(
                "name", "tls",
                "type", "NonJavaKeyStore",
                "certificateUrl", certFile.toUri().toString(),
                "privateKeyUrl", keyFile.toUri().toString()));
        Port<?> tls = container.createChild(Port.class, Map.of(
                "name", "AMQPS",
                "type", "AMQP",
                "port", 0,
                "bindingAddress", bindHost,
                "transports", List.of("SSL"),
                "keyStore", "tls",
                "authenticationProvider", "plain",
                "protocols", List.of("AMQP_0_9_1")));
        // As on the plain port: the RabbitMQ client asks for virtual host "/".
        // Alias names are unique in the broker, hence not those of the plain port.
        tls.createChild(VirtualHostAlias.class, Map.of("name", "tlsNameAlias", "type", "nameAlias"));
        tls.createChild(VirtualHostAlias.class, Map.of("name", "tlsDefaultAlias", "type", "defaultAlias"));
        if (tls.getState() != State.ACTIVE || tls.getBoundPort() <= 0) {
            throw new IllegalStateException("embedded broker's TLS port did not start (" + tls.getState() + ")");
        }
        return tls.getBoundPort();
    }

    /** Qpid's work directory, a temporary one; gone after {@link #close}. For tests. */
    Path workDirectory() {
        return workDirectory;
    }

    @Override
    public String toString() {
        return "EmbeddedBroker[" + bindHost + ":" + port + "]";
    }

    /** Starts Qpid on {@link #port} (0 the first time, when the system is to pick one). */
    private void launch() {
        long startedAt = System.nanoTime();
        StartupListener listener = new StartupListener();
        SystemLauncher starting = new SystemLauncher(listener);
        try {
            starting.startup(systemConfigAttributes());
        } catch (Exception e) {
            starting.shutdown();
            throw new IllegalStateException("embedded broker did not start on " + bindHost + ":" + port, e);
        }
        if (listener.startupFailure != null) {
            // Qpid has already closed what it had opened.
            throw new IllegalStateException("embedded broker did not start on " + bindHost + ":" + port
                    + " (" + listener.startupFailure.getMessage() + ")", listener.startupFailure);
        }
        Port<?> amqp = listener.container == null ? null : listener.container.getChildByName(Port.class, AMQP_PORT);
        if (amqp == null || amqp.getState() != State.ACTIVE || amqp.getBoundPort() <= 0) {
            starting.shutdown();
            throw new IllegalStateException("embedded broker did not start on " + bindHost + ":" + port + " (AMQP port "
                    + (amqp == null ? "missing" : amqp.getState()) + ")");
        }
        port = amqp.getBoundPort();
        launcher = starting;
        container = listener.container;
        removeQpidShutdownHook(listener.container);
        log.info("embedded broker listening on {}:{} (started in {} ms)", bindHost, port,
                (System.nanoTime() - startedAt) / 1_000_000);
    }

    private Map<String, Object> systemConfigAttributes() {
        return Map.of(
                SystemConfig.TYPE, "Memory",
                SystemConfig.INITIAL_CONFIGURATION_LOCATION, INITIAL_CONFIGURATION,
                SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false,
                SystemConfig.CONTEXT, Map.of(
                        SystemConfig.QPID_WORK_DIR, workDirectory.toString(),
                        "fm.embedded.bind_host", bindHost,
                        "fm.embedded.port", Integer.toString(port),
                        "fm.embedded.username", username,
                        "fm.embedded.password", password));
    }

    /** Where a local client connects: the bind address, or loopback when bound to all. */
    private String connectHost() {
        String host = switch (bindHost) {
            case "*", "0.0.0.0", "::", "[::]" -> LOOPBACK;
            default -> bindHost;
        };
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, for the user info of a URI. */
    private static String percentEncode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // Not fatal: the broker is down either way; say what is left behind.
            log.warn("cannot delete the embedded broker's work directory {}: {}", directory, e.toString());
        }
    }

    /**
     * Removes the shutdown hook Qpid's broker registers (see the class comment). Qpid offers no
     * setting for it, so this reads its private field; if that ever fails, the hook stays and
     * only the order of shutdown suffers, which is logged.
     */
    private static void removeQpidShutdownHook(Container<?> container) {
        try {
            for (Class<?> type = container.getClass(); type != null; type = type.getSuperclass()) {
                for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                    if (field.getName().equals("_shutdownHook") && Thread.class.isAssignableFrom(field.getType())) {
                        field.setAccessible(true);
                        Runtime.getRuntime().removeShutdownHook((Thread) field.get(container));
                        return;
                    }
                }
            }
            throw new NoSuchFieldException("_shutdownHook in " + container.getClass().getName());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot remove Qpid's own shutdown hook ({}); on SIGTERM the embedded broker may close "
                    + "before the services using it", e.toString());
        }
    }

    /**
     * Learns from Qpid what {@link SystemLauncher#startup} does not tell: the broker it made,
     * and the failure it logged and swallowed. Called on the starting thread and Qpid's
     * configuration thread, hence volatile.
     */
    private static final class StartupListener implements SystemLauncherListener {

        volatile Container<?> container;
        volatile RuntimeException startupFailure;

        @Override
        public void onContainerResolve(SystemConfig<?> systemConfig) {
            container = systemConfig.getContainer();
        }

        @Override
        public void errorOnStartup(RuntimeException e) {
            startupFailure = e;
        }

        @Override
        public void exceptionOnShutdown(Exception e) {
            log.warn("embedded broker did not stop cleanly: {}", e.toString());
        }

        @Override
        public void beforeStartup() {
        }

        @Override
        public void afterStartup() {
        }

        @Override
        public void onContainerClose(SystemConfig<?> systemConfig) {
        }

        @Override
        public void onShutdown(int exitCode) {
        }
    }
}
