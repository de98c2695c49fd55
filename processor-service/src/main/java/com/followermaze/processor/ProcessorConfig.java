package com.followermaze.processor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.tls.ServerTls;
import com.followermaze.processor.delivery.LineTerminator;
import com.followermaze.processor.delivery.SlowClientPolicy;
import com.followermaze.processor.engine.EngineSettings;

/**
 * Everything the processor service is told, validated.
 *
 * @param bindAddress          the address the user port binds to
 * @param userPort             the user port; 0 picks a free one
 * @param prefetch             the prefetch window: batches the broker may deliver before one
 *                             is acknowledged
 * @param maxReorder           how far ahead of the next expected event an event may arrive
 * @param newStreamWindow      the new-stream window; see {@link EngineSettings#newStreamWindow()}
 * @param registrationTimeout  how long a new user connection may take to send its id
 * @param maxIdLength          the longest user-id line accepted, in bytes
 * @param clientBufferLimit    bytes queued for one client before it counts as not reading
 * @param slowClientPolicy     what happens to a client that does not read: {@code disconnect} or {@code drop}
 * @param slowClientGrace      how long a client may stay over its buffer limit before
 *                             {@code disconnect} closes it (at 4 times the limit it does not wait)
 * @param lineTerminator       how notification lines end
 * @param ioThreads            event loop threads for user connections
 * @param statusInterval       how often the status line is logged
 * @param gapTimeout           how long a missing event may hold the stream before it is
 *                             skipped; zero waits forever (the default)
 * @param maxUserConnections   the most user connections open at once, registered or not;
 *                             more are closed at once
 * @param userTls              TLS on the user port (its files already read and checked), or
 *                             {@link ServerTls#OFF}
 * @param stateDir             where the engine keeps its state snapshot for crash recovery;
 *                             {@code null} keeps no state (a restarted processor starts empty)
 * @param snapshotInterval     the least time between two snapshots while batches flow
 * @param streamSnapshotEvery  in scale-out mode, how many events are released between two
 *                             snapshots written to the stream of snapshots; 0 writes none
 */
public record ProcessorConfig(
        String bindAddress,
        int userPort,
        int prefetch,
        int maxReorder,
        int newStreamWindow,
        Duration registrationTimeout,
        int maxIdLength,
        int clientBufferLimit,
        SlowClientPolicy.Kind slowClientPolicy,
        Duration slowClientGrace,
        LineTerminator lineTerminator,
        int ioThreads,
        Duration statusInterval,
        Duration gapTimeout,
        int maxUserConnections,
        ServerTls userTls,
        Path stateDir,
        Duration snapshotInterval,
        long streamSnapshotEvery) {

    // The default of each setting, once: ProcessorOptions' defaults (so --help and
    // docs/CONFIGURATION.md) and defaults() read these. A setting picocli reads as a word
    // (the policy, the terminator) has the word as written on the command line.
    public static final int DEFAULT_USER_PORT = 9099;
    public static final int DEFAULT_PREFETCH = 64;
    public static final int DEFAULT_MAX_REORDER = 1 << 20;
    public static final int DEFAULT_NEW_STREAM_WINDOW = 1000;
    public static final long DEFAULT_REGISTRATION_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_MAX_ID_LENGTH = 32;
    public static final int DEFAULT_CLIENT_BUFFER_LIMIT = 4 << 20;
    public static final String DEFAULT_SLOW_CLIENT_POLICY = "disconnect";
    public static final long DEFAULT_SLOW_CLIENT_GRACE_MS = 5000;
    public static final long DEFAULT_GAP_TIMEOUT_MS = 0;
    public static final String DEFAULT_LINE_TERMINATOR = "as-read";
    /** One event loop thread per core; see {@link #ioThreadsFor}. */
    public static final int DEFAULT_IO_THREADS = 0;
    public static final int DEFAULT_MAX_USER_CONNECTIONS = 20_000;
    public static final long DEFAULT_SNAPSHOT_INTERVAL_MS = 1000;
    public static final long DEFAULT_SNAPSHOT_EVERY_EVENTS = 250_000;

    public ProcessorConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(slowClientPolicy, "slowClientPolicy");
        Objects.requireNonNull(lineTerminator, "lineTerminator");
        Objects.requireNonNull(userTls, "userTls");
        requireRange("user-port", userPort, 0, 65535);
        requireRange("prefetch", prefetch, 1, 65535);
        requireRange("max-reorder", maxReorder, 1, 1 << 30);
        requireRange("new-stream-window", newStreamWindow, 1, Integer.MAX_VALUE);
        requirePositive("registration-timeout-ms", registrationTimeout);
        requireRange("max-id-length", maxIdLength, 1, 1024);
        requireRange("client-buffer-limit", clientBufferLimit, 1024, Integer.MAX_VALUE);
        requireRange("io-threads", ioThreads, 1, 1024);
        requirePositive("status-interval-ms", statusInterval);
        requirePositive("slow-client-grace-ms", slowClientGrace);
        if (gapTimeout == null || gapTimeout.isNegative()) {
            throw new IllegalArgumentException("gap-timeout-ms: " + (gapTimeout == null ? "null" : gapTimeout.toMillis())
                    + " (expected >= 0; 0 waits forever)");
        }
        if (maxUserConnections < 1) {
            throw new IllegalArgumentException("max-user-connections: " + maxUserConnections + " (expected > 0)");
        }
        requirePositive("snapshot-interval-ms", snapshotInterval);
        requireRange("snapshot-every-events", streamSnapshotEvery, 0, Long.MAX_VALUE);
    }

    /**
     * The defaults (the {@code DEFAULT_} constants, and the shared status interval of {@link
     * CommonOptions}), on {@code bindAddress} and {@code userPort}; no TLS, no state directory.
     */
    public static ProcessorConfig defaults(String bindAddress, int userPort) {
        return new ProcessorConfig(bindAddress, userPort, DEFAULT_PREFETCH, DEFAULT_MAX_REORDER,
                DEFAULT_NEW_STREAM_WINDOW, Duration.ofMillis(DEFAULT_REGISTRATION_TIMEOUT_MS), DEFAULT_MAX_ID_LENGTH,
                DEFAULT_CLIENT_BUFFER_LIMIT, SlowClientPolicy.Kind.parse(DEFAULT_SLOW_CLIENT_POLICY),
                Duration.ofMillis(DEFAULT_SLOW_CLIENT_GRACE_MS), LineTerminator.parse(DEFAULT_LINE_TERMINATOR),
                ioThreadsFor(DEFAULT_IO_THREADS), Duration.ofMillis(CommonOptions.DEFAULT_STATUS_INTERVAL_MS),
                Duration.ofMillis(DEFAULT_GAP_TIMEOUT_MS), DEFAULT_MAX_USER_CONNECTIONS, ServerTls.OFF, null,
                Duration.ofMillis(DEFAULT_SNAPSHOT_INTERVAL_MS), DEFAULT_SNAPSHOT_EVERY_EVENTS);
    }

    /** The event loop threads the setting {@code ioThreads} asks for: as many, or one per core for 0. */
    static int ioThreadsFor(int ioThreads) {
        return ioThreads == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : ioThreads;
    }

    /** This configuration with crash recovery in {@code dir} ({@code null}: none), snapshotting at most every {@code interval}. */
    public ProcessorConfig withStateDir(Path dir, Duration interval) {
        return new ProcessorConfig(bindAddress, userPort, prefetch, maxReorder, newStreamWindow, registrationTimeout,
                maxIdLength, clientBufferLimit, slowClientPolicy, slowClientGrace, lineTerminator, ioThreads,
                statusInterval, gapTimeout, maxUserConnections, userTls, dir, interval, streamSnapshotEvery);
    }

    /** This configuration writing a snapshot to the stream of snapshots every {@code events} events (0: none). */
    public ProcessorConfig withStreamSnapshotEvery(long events) {
        return new ProcessorConfig(bindAddress, userPort, prefetch, maxReorder, newStreamWindow, registrationTimeout,
                maxIdLength, clientBufferLimit, slowClientPolicy, slowClientGrace, lineTerminator, ioThreads,
                statusInterval, gapTimeout, maxUserConnections, userTls, stateDir, snapshotInterval, events);
    }

    /** Bytes queued for one client past which the {@code disconnect} policy does not wait: 4 times the limit. */
    public long clientHardLimit() {
        return 4L * clientBufferLimit;
    }

    public EngineSettings engineSettings() {
        return new EngineSettings(maxReorder, newStreamWindow, prefetch, gapTimeout);
    }

    public ProcessorConfig withPrefetch(int batches) {
        return new ProcessorConfig(bindAddress, userPort, batches, maxReorder, newStreamWindow, registrationTimeout,
                maxIdLength, clientBufferLimit, slowClientPolicy, slowClientGrace, lineTerminator, ioThreads,
                statusInterval, gapTimeout, maxUserConnections, userTls, stateDir, snapshotInterval, streamSnapshotEvery);
    }

    /** This configuration with TLS on the user port ({@link ServerTls#OFF} for none). */
    public ProcessorConfig withUserTls(ServerTls tls) {
        return new ProcessorConfig(bindAddress, userPort, prefetch, maxReorder, newStreamWindow, registrationTimeout,
                maxIdLength, clientBufferLimit, slowClientPolicy, slowClientGrace, lineTerminator, ioThreads,
                statusInterval, gapTimeout, maxUserConnections, tls, stateDir, snapshotInterval, streamSnapshotEvery);
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected " + min + ".." + max + ")");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + (value == null ? "null" : value.toMillis()) + " (expected > 0)");
        }
    }
}
