package com.followermaze.app.broker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.model.Container;
import org.apache.qpid.server.model.KeyStore;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.Queue;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.VirtualHost;
import org.apache.qpid.server.model.VirtualHostAlias;
import org.apache.qpid.server.model.VirtualHostNode;
import org.apache.qpid.server.model.port.AmqpPort;
import org.apache.qpid.server.virtualhost.QueueManagingVirtualHost;
import org.apache.qpid.server.virtualhostnode.derby.DerbyVirtualHostNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache Qpid Broker-J running inside this JVM, for when no external broker is configured:
 * AMQP 0-9-1 on one TCP port, one virtual host, its exchanges, queues and messages in memory,
 * or, with a {@linkplain EmbeddedBrokerConfig#dataDirectory() data directory}, in an Apache Derby
 * store there.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>When {@link #start} returns, the broker accepts AMQP 0-9-1 connections on {@link
 *       #port()}, authenticating the one configured user with PLAIN (the RabbitMQ client's
 *       default). The client's virtual host {@code /} is the broker's only virtual host, so
 *       {@link #amqpUri()}, with or without the {@code /%2F} path, reaches it.</li>
 *   <li><b>Without a data directory the store is in memory</b>: nothing of the virtual host
 *       is written to disk, a confirm means "held by the broker", and {@link #stop}, {@link
 *       #restart} and {@link #close} lose every exchange, queue and message (a restarted
 *       broker is empty; the services declare their topology again when they reconnect).</li>
 *   <li><b>With {@link EmbeddedBrokerConfig#dataDirectory()}, what it confirmed survives {@link
 *       #stop} and {@link #restart}</b>: durable exchanges and queues, with their arguments and
 *       bindings, and every persistent message on a durable queue that the broker confirmed to
 *       a publisher (or accepted in a committed transaction) and that no consumer has
 *       acknowledged. Qpid confirms such a message only once the store has committed it (Derby
 *       commits synchronously to its log), so a confirm means "on disk". Non-durable queues,
 *       non-persistent messages and connections are lost. Messages that were delivered and not
 *       acknowledged are delivered again after the restart. The store is kept there after
 *       {@link #close}, and a broker started later on that directory (in this JVM or another)
 *       finds it again; only one broker at a time may use a directory (a lock file in it says
 *       which).</li>
 *   <li>The port is fixed at the first start (the one asked for, or the one the system picked
 *       for port 0) and reused by {@link #restart}.</li>
 *   <li>Qpid's work directory is a temporary directory, deleted by {@link #close}; nothing is
 *       written to the working directory or the user's home. Closing never exits the JVM.</li>
 * </ul>
 *
 * <p>Threading: the lifecycle methods are synchronized and may be called from any thread;
 * {@link #port()} and {@link #amqpUri()} never block. The broker runs on Qpid's own threads
 * (I/O, housekeeping, configuration, the store's committer), all of which {@link #stop} and
 * {@link #close} end. Derby's own engine, once loaded (by a broker with a data directory), stays
 * in the JVM (a few idle daemon threads); each broker's database is shut down when the broker
 * stops.
 *
 * <p>Logging goes through SLF4J under {@code org.apache.qpid}, {@code qpid.message} and
 * {@code DERBY}; the application's logback configuration keeps them at WARN.
 *
 * <p>Qpid and the JVM: Qpid registers a JVM shutdown hook of its own that closes the broker;
 * this class removes it once the broker has started, because on SIGTERM the application must
 * close the broker last, after the services that still publish to it and consume from it
 * (which then shut down without errors). So the application must close this object on its
 * way out. Qpid never exits the JVM on stop or close,
 * but its housekeeping threads halt the JVM when one of their tasks throws and no default
 * uncaught exception handler is set ({@link Thread#setDefaultUncaughtExceptionHandler}), so
 * an application that embeds the broker sets one.
 *
 * <p>Threads: {@value #CONNECTION_THREADS} serve the connections and {@value #PORT_THREADS}
 * accept them, Qpid's smallest pools (its defaults, 64 and 8, are sized for many clients; the
 * broker here has two).
 *
 * <p>Memory: messages are held in direct buffers of {@value #NETWORK_BUFFER_SIZE} bytes, of which
 * the broker pools at most {@value #BUFFER_POOL_SIZE} when they are free (Qpid's defaults, 256 KiB
 * and 1024 of them, would keep up to 256 MiB of free buffers in the JVM). What the queues hold
 * is not bounded here (nor by the services' queue bound, which is RabbitMQ's: see {@code
 * Topology}).
 *
 * <p>This class coordinates: it starts and stops Qpid, with a {@link WorkDirectory}, a {@link
 * DataDirectoryLock} when the store is kept, and {@link QpidShutdownHook} once Qpid runs.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String LOOPBACK = EmbeddedBrokerConfig.LOOPBACK;
    public static final String DEFAULT_USERNAME = EmbeddedBrokerConfig.DEFAULT_USERNAME;
    public static final String DEFAULT_PASSWORD = EmbeddedBrokerConfig.DEFAULT_PASSWORD;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private static final String INITIAL_CONFIGURATION = "classpath:com/followermaze/app/broker/embedded-broker.json";
    private static final String AMQP_PORT = "AMQP";
    private static final String VIRTUAL_HOST_NODE = "default";
    private static final String VIRTUAL_HOST_NODE_ID = "5f0d1e2a-7c3b-4f6e-9a1d-2b8c4e6f0a13";
    /** Qpid's smallest network buffer: a batch body (64 KiB at most) takes one or two. */
    static final int NETWORK_BUFFER_SIZE = 65_536;
    /** Free network buffers kept for reuse; more are allocated when needed and freed after. */
    static final int BUFFER_POOL_SIZE = 128;
    /**
     * Threads that serve the virtual host's connections (two: the listener's and the processor's),
     * one of them the selector: Qpid's smallest pool. Its default, 64 with 8 selectors, spreads
     * the two connections' work over 64 threads.
     */
    static final int CONNECTION_THREADS = 2;
    /** Threads of the AMQP port, which only accepts connections and hands them to the virtual host; the smallest pool. */
    static final int PORT_THREADS = 2;

    private final String bindHost;
    private final String username;
    private final String password;
    private final WorkDirectory workDirectory;
    /** The data directory, or null for the in-memory store. */
    private final Path storeDirectory;
    /** Held while this object is open when the store is kept, else null. */
    private final DataDirectoryLock dataDirectoryLock;

    private volatile int port;
    private SystemLauncher launcher;
    private Container<?> container;
    private boolean closed;

    private EmbeddedBroker(EmbeddedBrokerConfig config, WorkDirectory workDirectory, Path storeDirectory,
                           DataDirectoryLock dataDirectoryLock) {
        this.bindHost = config.bindHost();
        this.port = config.port();
        this.username = config.username();
        this.password = config.password();
        this.workDirectory = workDirectory;
        this.storeDirectory = storeDirectory;
        this.dataDirectoryLock = dataDirectoryLock;
    }

    /** Starts a broker on loopback, user {@value #DEFAULT_USERNAME}, an in-memory store; see {@link #start(EmbeddedBrokerConfig)}. */
    public static EmbeddedBroker start(int port) {
        return start(EmbeddedBrokerConfig.onLoopback(port));
    }

    /** Starts a broker, user {@value #DEFAULT_USERNAME}, an in-memory store; see {@link #start(EmbeddedBrokerConfig)}. */
    public static EmbeddedBroker start(String bindHost, int port) {
        return start(bindHost, port, DEFAULT_USERNAME, DEFAULT_PASSWORD);
    }

    /** Starts a broker with an in-memory store; see {@link #start(EmbeddedBrokerConfig)}. */
    public static EmbeddedBroker start(String bindHost, int port, String username, String password) {
        return start(new EmbeddedBrokerConfig(bindHost, port, username, password, Optional.empty()));
    }

    /**
     * Starts a broker and returns once it accepts connections: a few seconds for the first
     * broker of a JVM (mostly class loading, and creating the store in a data directory), less
     * after that. A data
     * directory that does not exist is created.
     *
     * @throws IllegalStateException when the broker does not start (the port is taken, the data
     *                               directory cannot be created or another broker uses it,
     *                               say); nothing is left running, the work directory is deleted
     *                               and a data directory is left as it was
     */
    public static EmbeddedBroker start(EmbeddedBrokerConfig config) {
        WorkDirectory workDirectory = WorkDirectory.create();
        DataDirectoryLock lock = null;
        try {
            Path storeDirectory = null;
            if (config.dataDirectory().isPresent()) {
                storeDirectory = config.dataDirectory().get().toAbsolutePath();
                lock = DataDirectoryLock.acquire(storeDirectory);
            }
            EmbeddedBroker broker = new EmbeddedBroker(config, workDirectory, storeDirectory, lock);
            synchronized (broker) {
                broker.launch();
            }
            return broker;
        } catch (RuntimeException e) {
            release(lock);
            workDirectory.close();
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
     * Stops the broker: its port stops listening, every connection is closed and the store is
     * closed, keeping what the class comment lists. Takes about a second; does nothing when the
     * broker is not running.
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
     * Stops the broker if it is running and starts it again on the same port and the same
     * store: the durable exchanges and queues and the persistent messages on them are back.
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
     * work directory, with the store unless it is in a data directory (whose lock it releases).
     * Idempotent; never exits the JVM.
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
            release(dataDirectoryLock);
            workDirectory.close();
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
        Container<?> broker = running();
        broker.createChild(KeyStore.class, Map.of(
                "name", "tls",
                "type", "NonJavaKeyStore",
                "certificateUrl", certFile.toUri().toString(),
                "privateKeyUrl", keyFile.toUri().toString()));
        Port<?> tls = broker.createChild(Port.class, Map.of(
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
        return workDirectory.path();
    }

    /** Where the store is: the data directory, or empty when it is in memory. */
    public Optional<Path> storeDirectory() {
        return Optional.ofNullable(storeDirectory);
    }

    /** Whether the store outlives {@link #close} (it is in a data directory, not in memory). */
    public boolean storeKept() {
        return storeDirectory != null;
    }

    /** The queue of that name in the running broker's virtual host, if there is one. For tests. */
    synchronized Optional<Queue<?>> queue(String name) {
        return virtualHost().map(host -> host.getChildByName(Queue.class, name));
    }

    /** The running broker's virtual host, if it has one. For tests. */
    synchronized Optional<VirtualHost<?>> virtualHost() {
        VirtualHostNode<?> node = running().getChildByName(VirtualHostNode.class, VIRTUAL_HOST_NODE);
        return Optional.ofNullable(node == null ? null : node.getVirtualHost());
    }

    /** The running broker's AMQP port. For tests. */
    synchronized AmqpPort<?> amqpPort() {
        return (AmqpPort<?>) running().getChildByName(Port.class, AMQP_PORT);
    }

    private Container<?> running() {
        if (container == null) {
            throw new IllegalStateException("embedded broker on " + bindHost + ":" + port + " is not running");
        }
        return container;
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
        try {
            createVirtualHostNode(listener.container);
        } catch (RuntimeException e) {
            starting.shutdown();
            throw new IllegalStateException("embedded broker did not start on " + bindHost + ":" + port
                    + " (its virtual host: " + e.getMessage() + ")", e);
        }
        port = amqp.getBoundPort();
        launcher = starting;
        container = listener.container;
        QpidShutdownHook.removeFrom(listener.container);
        log.info("embedded broker listening on {}:{}, store {} (started in {} ms)", bindHost, port,
                storeKept() ? storeDirectory + " (kept)" : "in memory (lost at exit)", (System.nanoTime() - startedAt) / 1_000_000);
    }

    /**
     * Creates the one virtual host node, the default one that the ports' aliases lead to: in
     * memory, or on a Derby store in the data directory, which is found again when it holds one.
     */
    private void createVirtualHostNode(Container<?> started) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(ConfiguredObject.NAME, VIRTUAL_HOST_NODE);
        // Always the same id, so that a store written by an earlier start is this node's store.
        attributes.put(ConfiguredObject.ID, VIRTUAL_HOST_NODE_ID);
        attributes.put(VirtualHostNode.DEFAULT_VIRTUAL_HOST_NODE, true);
        if (storeKept()) {
            attributes.put(ConfiguredObject.TYPE, "DERBY");
            attributes.put(DerbyVirtualHostNode.STORE_PATH, storeDirectory.toString());
            // The virtual host keeps its exchanges, queues and messages in the node's database.
            attributes.put(VirtualHostNode.VIRTUALHOST_INITIAL_CONFIGURATION, "{ \"type\": \"ProvidedStore\" }");
        } else {
            attributes.put(ConfiguredObject.TYPE, "Memory");
            attributes.put(VirtualHostNode.VIRTUALHOST_INITIAL_CONFIGURATION, "{ \"type\": \"Memory\" }");
        }
        VirtualHostNode<?> node = started.createChild(VirtualHostNode.class, attributes);
        VirtualHost<?> host = node.getVirtualHost();
        if (node.getState() != State.ACTIVE || host == null || host.getState() != State.ACTIVE) {
            throw new IllegalStateException("node " + node.getState() + ", virtual host "
                    + (host == null ? "missing" : host.getState()));
        }
    }

    private Map<String, Object> systemConfigAttributes() {
        return Map.of(
                SystemConfig.TYPE, "Memory",
                SystemConfig.INITIAL_CONFIGURATION_LOCATION, INITIAL_CONFIGURATION,
                SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false,
                SystemConfig.CONTEXT, Map.ofEntries(
                        Map.entry(SystemConfig.QPID_WORK_DIR, workDirectory.path().toString()),
                        Map.entry("fm.embedded.bind_host", bindHost),
                        Map.entry("fm.embedded.port", Integer.toString(port)),
                        Map.entry("fm.embedded.username", username),
                        Map.entry("fm.embedded.password", password),
                        Map.entry(Broker.NETWORK_BUFFER_SIZE, Integer.toString(NETWORK_BUFFER_SIZE)),
                        Map.entry(Broker.BROKER_DIRECT_BYTE_BUFFER_POOL_SIZE, Integer.toString(BUFFER_POOL_SIZE)),
                        Map.entry(QueueManagingVirtualHost.VIRTUALHOST_CONNECTION_THREAD_POOL_SIZE,
                                Integer.toString(CONNECTION_THREADS)),
                        Map.entry(QueueManagingVirtualHost.VIRTUALHOST_CONNECTION_THREAD_POOL_NUMBER_OF_SELECTORS, "1"),
                        Map.entry(AmqpPort.PORT_AMQP_THREAD_POOL_SIZE, Integer.toString(PORT_THREADS)),
                        Map.entry(AmqpPort.PORT_AMQP_NUMBER_OF_SELECTORS, "1")));
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

    /** Releases a data directory's lock, if there is one. */
    private static void release(DataDirectoryLock lock) {
        if (lock != null) {
            lock.close();
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
