package com.followermaze.listener;

import java.util.Arrays;
import java.util.List;

import com.followermaze.common.config.CommonOptions;
import com.followermaze.listener.source.SourceSecret;

import picocli.CommandLine.Option;

/**
 * The listener's settings as a picocli mixin: each is a flag and an environment variable of the
 * same name ({@code --batch-size} / {@code BATCH_SIZE}); the flag wins over the variable, the
 * variable over the default. Only listener-specific names, so it composes with {@code
 * CommonOptions} and other services' mixins in one launcher.
 */
public final class ListenerOptions {

    @Option(names = "--event-port", paramLabel = "PORT",
            defaultValue = "${env:EVENT_PORT:-" + ListenerConfig.DEFAULT_EVENT_PORT + "}",
            description = "TCP port the event source connects to; 0 picks a free one. Env EVENT_PORT. Default: ${DEFAULT-VALUE}.")
    int eventPort;

    @Option(names = "--max-line-length", paramLabel = "BYTES",
            defaultValue = "${env:MAX_LINE_LENGTH:-" + ListenerConfig.DEFAULT_MAX_LINE_LENGTH + "}",
            description = "Longest event line accepted, terminator excluded; longer lines are rejected. Env MAX_LINE_LENGTH. Default: ${DEFAULT-VALUE}.")
    int maxLineLength;

    @Option(names = "--batch-size", paramLabel = "EVENTS",
            defaultValue = "${env:BATCH_SIZE:-" + ListenerConfig.DEFAULT_BATCH_SIZE + "}",
            description = "Most events in one published batch. Env BATCH_SIZE. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--batch-bytes", paramLabel = "BYTES",
            defaultValue = "${env:BATCH_BYTES:-" + ListenerConfig.DEFAULT_BATCH_BYTES + "}",
            description = "Most bytes in one batch body; must exceed --max-line-length. Env BATCH_BYTES. Default: ${DEFAULT-VALUE}.")
    int batchBytes;

    @Option(names = "--batch-linger-ms", paramLabel = "MILLIS", defaultValue = "${env:BATCH_LINGER_MS}",
            description = "How long a batch's first event waits for the batch to fill. 0: no waiting; a batch is cut at the end "
                    + "of each read from the source, so it holds what the source's backlog held (up to --batch-size and "
                    + "--batch-bytes). Env BATCH_LINGER_MS. Default: " + ListenerConfig.DEFAULT_BATCH_LINGER_MS
                    + "; 0 in follower-maze on its embedded broker, where a publish stays in the process.")
    Long batchLingerMs;

    @Option(names = "--max-inflight-batches", paramLabel = "BATCHES",
            defaultValue = "${env:MAX_INFLIGHT_BATCHES:-" + ListenerConfig.DEFAULT_MAX_INFLIGHT_BATCHES + "}",
            description = "Most batches awaiting the broker's confirm; reading pauses there and resumes at half. Env MAX_INFLIGHT_BATCHES. Default: ${DEFAULT-VALUE}.")
    int maxInflightBatches;

    @Option(names = "--shutdown-timeout-ms", paramLabel = "MILLIS",
            defaultValue = "${env:SHUTDOWN_TIMEOUT_MS:-" + ListenerConfig.DEFAULT_SHUTDOWN_TIMEOUT_MS + "}",
            description = "How long shutdown waits for the last batches to be confirmed. Env SHUTDOWN_TIMEOUT_MS. Default: ${DEFAULT-VALUE}.")
    long shutdownTimeoutMs;

    @Option(names = "--event-allow", paramLabel = "CIDRS",
            defaultValue = "${env:EVENT_ALLOW:-}",
            description = "Comma-separated IP addresses and CIDR blocks (IPv4, IPv6) an event source may connect from; "
                    + "others are closed at once. Env EVENT_ALLOW. Default: empty (every address).")
    String eventAllow;

    // The default is never shown: it would print the secret from the environment.
    @Option(names = "--event-secret", paramLabel = "SECRET", defaultValue = "${env:EVENT_SECRET:-}",
            description = "Shared secret: the source's first line must be AUTH <secret>, or it is closed. "
                    + "Prefer the environment (flags show in ps). Env EVENT_SECRET. Default: not set (standard protocol).")
    String eventSecret;

    @Option(names = "--event-auth-timeout-ms", paramLabel = "MILLIS",
            defaultValue = "${env:EVENT_AUTH_TIMEOUT_MS:-" + ListenerConfig.DEFAULT_EVENT_AUTH_TIMEOUT_MS + "}",
            description = "With --event-secret, how long a source may take to send its AUTH line. "
                    + "Env EVENT_AUTH_TIMEOUT_MS. Default: ${DEFAULT-VALUE}.")
    long eventAuthTimeoutMs;

    @Option(names = "--event-tls", paramLabel = "BOOLEAN", defaultValue = "${env:EVENT_TLS:-false}", arity = "0..1",
            description = "TLS on the event port, with --tls-cert and --tls-key. Env EVENT_TLS. Default: ${DEFAULT-VALUE}.")
    boolean eventTls;

    @Option(names = "--source-takeover-ms", paramLabel = "MILLIS",
            defaultValue = "${env:SOURCE_TAKEOVER_MS:-" + ListenerConfig.DEFAULT_SOURCE_TAKEOVER_MS + "}",
            description = "While another event-source connection waits, close the current one as half-open once it "
                    + "has sent nothing for this long while read (time paused for backpressure does not count); "
                    + "0 = never. Env SOURCE_TAKEOVER_MS. Default: ${DEFAULT-VALUE}.")
    long sourceTakeoverMs;

    @Option(names = "--max-waiting-sources", paramLabel = "CONNECTIONS",
            defaultValue = "${env:MAX_WAITING_SOURCES:-" + ListenerConfig.DEFAULT_MAX_WAITING_SOURCES + "}",
            description = "Most event-source connections held unread until the current source has ended; one more "
                    + "is refused. Env MAX_WAITING_SOURCES. Default: ${DEFAULT-VALUE}.")
    int maxWaitingSources;

    @Option(names = "--session-deadline-ms", paramLabel = "MILLIS",
            defaultValue = "${env:SESSION_DEADLINE_MS:-" + ListenerConfig.DEFAULT_SESSION_DEADLINE_MS + "}",
            description = "How long after a source session's first line its batches are marked with the session "
                    + "deadline (the processor's new-stream decision). Env SESSION_DEADLINE_MS. Default: ${DEFAULT-VALUE}.")
    long sessionDeadlineMs;

    /**
     * The configuration these options describe, with the shared settings of {@code common}
     * (the status interval, the TLS files).
     *
     * @throws IllegalArgumentException naming the setting, when a value is out of range
     */
    public ListenerConfig toConfig(CommonOptions common) {
        return toConfig(common, ListenerConfig.DEFAULT_BATCH_LINGER_MS);
    }

    /** As above, with {@code defaultLingerMs} as the linger when {@code --batch-linger-ms} is not set. */
    public ListenerConfig toConfig(CommonOptions common, long defaultLingerMs) {
        long lingerMs = batchLingerMs != null ? batchLingerMs : defaultLingerMs;
        return new ListenerConfig(eventPort, maxLineLength, batchSize, batchBytes, lingerMs, maxInflightBatches,
                shutdownTimeoutMs, common.statusInterval().toMillis(), allowList(eventAllow), SourceSecret.of(eventSecret),
                eventAuthTimeoutMs, common.serverTls(eventTls, "event-tls"), sourceTakeoverMs, maxWaitingSources,
                sessionDeadlineMs);
    }

    private static List<String> allowList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }
}
