package com.followermaze.listener;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.followermaze.common.config.CommonOptions;
import com.followermaze.common.tls.ServerTls;
import com.followermaze.listener.source.SourceAccess;
import com.followermaze.listener.source.SourceSecret;
import com.followermaze.listener.source.SourceSettings;

/**
 * Every setting of the listener service, validated: a bad value fails at construction with a
 * message that names the setting, the value and what was expected
 * ({@code batchSize: 0 (expected > 0)}).
 *
 * @param eventPort          the TCP port event sources connect to; 0 picks a free one
 * @param maxLineLength      the longest event line accepted, in bytes, terminator excluded;
 *                           longer lines are rejected
 * @param batchSize          the most events in one batch
 * @param batchBytes         the most bytes in one batch body (lines plus their terminators);
 *                           more than {@code maxLineLength}, so every line fits in a batch
 * @param batchLingerMs      how long the first event of a batch waits for the batch to fill; 0: a
 *                           batch is cut at the end of each read from the source
 * @param maxInflightBatches the confirm window: the most batches cut but not yet confirmed by
 *                           the broker; reading pauses when they are reached and resumes at
 *                           half of them
 * @param shutdownTimeoutMs  how long {@link ListenerService#close()} waits for the last batches
 *                           to be confirmed
 * @param statusIntervalMs   how often the status line is logged
 * @param eventAllow         IP addresses and CIDR blocks an event source may connect from;
 *                           empty admits every address
 * @param eventSecret        the secret a source must send first ({@code AUTH <secret>}), or
 *                           {@link SourceSecret#NONE}; prints as {@code (set)}, never itself
 * @param eventAuthTimeoutMs how long a source may take to send its {@code AUTH} line
 * @param eventTls           TLS on the event port (its files already read and checked), or
 *                           {@link ServerTls#OFF}
 * @param sourceTakeoverMs   how long the current source may send nothing, while it is read,
 *                           before a waiting connection takes over (it is closed as half-open);
 *                           0 never takes over
 * @param maxWaitingSources  how many event-source connections may wait for the current one to
 *                           end; one more is refused
 * @param sessionDeadlineMs  how long after a source session's first line its DEADLINE batch is cut
 */
public record ListenerConfig(int eventPort, int maxLineLength, int batchSize, int batchBytes,
                             long batchLingerMs, int maxInflightBatches, long shutdownTimeoutMs,
                             long statusIntervalMs, List<String> eventAllow, SourceSecret eventSecret,
                             long eventAuthTimeoutMs, ServerTls eventTls, long sourceTakeoverMs,
                             int maxWaitingSources, long sessionDeadlineMs) {

    // The default of each setting, once: ListenerOptions' defaults (so --help and
    // docs/CONFIGURATION.md) and defaults() read these; the status interval's is CommonOptions'.
    public static final int DEFAULT_EVENT_PORT = 9090;
    public static final int DEFAULT_MAX_LINE_LENGTH = 1024;
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_BATCH_BYTES = 64 * 1024;
    // At 100,000 events/s a batch fills in 10 ms, so the linger cuts it. Through RabbitMQ's quorum
    // queue 2 ms gave a paced p50 of about 3 ms without raising the p99, and 1 ms raised it
    // (BENCHMARKS.md, session 12). A full-speed source fills batches by size first.
    public static final long DEFAULT_BATCH_LINGER_MS = 2;
    /**
     * The linger {@code follower-maze} uses on its embedded broker unless one is set: there a
     * publish stays in the process, and paced at 100,000 events/s the p50 is 0.5 ms against 2.2
     * with 2 ms, full speed the same within the noise (BENCHMARKS.md, session 13).
     */
    public static final long EMBEDDED_BATCH_LINGER_MS = 0;
    public static final int DEFAULT_MAX_INFLIGHT_BATCHES = 64;
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_EVENT_AUTH_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_SOURCE_TAKEOVER_MS = 1000;
    public static final int DEFAULT_MAX_WAITING_SOURCES = 4;
    public static final long DEFAULT_SESSION_DEADLINE_MS = 1000;

    public ListenerConfig {
        if (eventPort < 0 || eventPort > 65_535) {
            throw new IllegalArgumentException("eventPort: " + eventPort + " (expected 0..65535)");
        }
        requirePositive("maxLineLength", maxLineLength);
        requirePositive("batchSize", batchSize);
        if (batchBytes <= maxLineLength) {
            throw new IllegalArgumentException("batchBytes: " + batchBytes
                    + " (expected > maxLineLength, " + maxLineLength + ", so every line fits in a batch)");
        }
        if (batchLingerMs < 0) {
            throw new IllegalArgumentException("batchLingerMs: " + batchLingerMs + " (expected >= 0)");
        }
        requirePositive("maxInflightBatches", maxInflightBatches);
        requirePositive("shutdownTimeoutMs", shutdownTimeoutMs);
        requirePositive("statusIntervalMs", statusIntervalMs);
        eventAllow = List.copyOf(eventAllow);
        Objects.requireNonNull(eventSecret, "eventSecret");
        requirePositive("eventAuthTimeoutMs", eventAuthTimeoutMs);
        Objects.requireNonNull(eventTls, "eventTls");
        if (sourceTakeoverMs < 0) {
            throw new IllegalArgumentException("sourceTakeoverMs: " + sourceTakeoverMs + " (expected >= 0, 0 = never)");
        }
        if (maxWaitingSources < 0) {
            throw new IllegalArgumentException("maxWaitingSources: " + maxWaitingSources + " (expected >= 0)");
        }
        requirePositive("sessionDeadlineMs", sessionDeadlineMs);
        new SourceAccess(eventAllow, eventSecret, Duration.ofMillis(eventAuthTimeoutMs)); // validates the list
        if (eventSecret.lineLength() > maxLineLength) {
            throw new IllegalArgumentException("eventSecret: " + eventSecret.lineLength()
                    + " bytes with \"AUTH \" (expected at most maxLineLength, " + maxLineLength + ")");
        }
    }

    /** A configuration open to every source, without a handshake (the standard protocol). */
    public ListenerConfig(int eventPort, int maxLineLength, int batchSize, int batchBytes, long batchLingerMs,
                          int maxInflightBatches, long shutdownTimeoutMs, long statusIntervalMs) {
        this(eventPort, maxLineLength, batchSize, batchBytes, batchLingerMs, maxInflightBatches, shutdownTimeoutMs,
                statusIntervalMs, List.of(), SourceSecret.NONE, DEFAULT_EVENT_AUTH_TIMEOUT_MS, ServerTls.OFF,
                DEFAULT_SOURCE_TAKEOVER_MS, DEFAULT_MAX_WAITING_SOURCES, DEFAULT_SESSION_DEADLINE_MS);
    }

    /**
     * The defaults: the {@code DEFAULT_} constants and the shared status interval of {@link
     * CommonOptions}; open to every source, no TLS.
     */
    public static ListenerConfig defaults() {
        return new ListenerConfig(DEFAULT_EVENT_PORT, DEFAULT_MAX_LINE_LENGTH, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_BYTES,
                DEFAULT_BATCH_LINGER_MS, DEFAULT_MAX_INFLIGHT_BATCHES, DEFAULT_SHUTDOWN_TIMEOUT_MS,
                CommonOptions.DEFAULT_STATUS_INTERVAL_MS);
    }

    public ListenerConfig withEventPort(int port) {
        return new ListenerConfig(port, maxLineLength, batchSize, batchBytes, batchLingerMs, maxInflightBatches,
                shutdownTimeoutMs, statusIntervalMs, eventAllow, eventSecret, eventAuthTimeoutMs, eventTls,
                sourceTakeoverMs, maxWaitingSources, sessionDeadlineMs);
    }

    public ListenerConfig withBatching(int size, int bytes, long lingerMs) {
        return new ListenerConfig(eventPort, maxLineLength, size, bytes, lingerMs, maxInflightBatches,
                shutdownTimeoutMs, statusIntervalMs, eventAllow, eventSecret, eventAuthTimeoutMs, eventTls,
                sourceTakeoverMs, maxWaitingSources, sessionDeadlineMs);
    }

    public ListenerConfig withMaxInflightBatches(int batches) {
        return new ListenerConfig(eventPort, maxLineLength, batchSize, batchBytes, batchLingerMs, batches,
                shutdownTimeoutMs, statusIntervalMs, eventAllow, eventSecret, eventAuthTimeoutMs, eventTls,
                sourceTakeoverMs, maxWaitingSources, sessionDeadlineMs);
    }

    public ListenerConfig withShutdownTimeoutMs(long millis) {
        return new ListenerConfig(eventPort, maxLineLength, batchSize, batchBytes, batchLingerMs, maxInflightBatches,
                millis, statusIntervalMs, eventAllow, eventSecret, eventAuthTimeoutMs, eventTls,
                sourceTakeoverMs, maxWaitingSources, sessionDeadlineMs);
    }

    public ListenerConfig withStatusIntervalMs(long millis) {
        return new ListenerConfig(eventPort, maxLineLength, batchSize, batchBytes, batchLingerMs, maxInflightBatches,
                shutdownTimeoutMs, millis, eventAllow, eventSecret, eventAuthTimeoutMs, eventTls,
                sourceTakeoverMs, maxWaitingSources, sessionDeadlineMs);
    }

    /** The same, with TLS on the event port ({@link ServerTls#OFF} for none). */
    public ListenerConfig withEventTls(ServerTls tls) {
        return new ListenerConfig(eventPort, maxLineLength, batchSize, batchBytes, batchLingerMs, maxInflightBatches,
                shutdownTimeoutMs, statusIntervalMs, eventAllow, eventSecret, eventAuthTimeoutMs, tls,
                sourceTakeoverMs, maxWaitingSources, sessionDeadlineMs);
    }

    /** The same, with another source handover: takeover after {@code takeoverMs} of silence, etc. */
    public ListenerConfig withSourceHandover(long takeoverMs, int maxWaiting, long deadlineMs) {
        return new ListenerConfig(eventPort, maxLineLength, batchSize, batchBytes, batchLingerMs, maxInflightBatches,
                shutdownTimeoutMs, statusIntervalMs, eventAllow, eventSecret, eventAuthTimeoutMs, eventTls,
                takeoverMs, maxWaiting, deadlineMs);
    }

    public Duration batchLinger() {
        return Duration.ofMillis(batchLingerMs);
    }

    /** The part of this configuration the event port uses. */
    public SourceSettings sourceSettings() {
        return new SourceSettings(maxLineLength, batchSize, batchBytes, batchLinger(),
                Duration.ofMillis(sessionDeadlineMs));
    }

    /** Who may be the event source. */
    public SourceAccess sourceAccess() {
        return new SourceAccess(eventAllow, eventSecret, Duration.ofMillis(eventAuthTimeoutMs));
    }

    /** How long a silent current source keeps a waiting one out; {@link Duration#ZERO}: for ever. */
    public Duration sourceTakeover() {
        return Duration.ofMillis(sourceTakeoverMs);
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": " + value + " (expected > 0)");
        }
    }
}
