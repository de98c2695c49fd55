package com.followermaze.processor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import com.followermaze.common.config.CommonOptions;
import com.followermaze.processor.delivery.LineTerminator;
import com.followermaze.processor.delivery.SlowClientPolicy;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The processor's own settings, as a picocli mixin: each is a flag and an environment
 * variable of the same name in upper snake case. The status interval is shared with the
 * listener, in {@code CommonOptions}.
 */
public final class ProcessorOptions {

    @Option(names = "--user-port", paramLabel = "PORT",
            defaultValue = "${env:USER_PORT:-" + ProcessorConfig.DEFAULT_USER_PORT + "}",
            description = "TCP port user clients connect to; 0 picks a free one. Env USER_PORT. Default: ${DEFAULT-VALUE}.")
    int userPort;

    @Option(names = "--prefetch", paramLabel = "BATCHES",
            defaultValue = "${env:PREFETCH:-" + ProcessorConfig.DEFAULT_PREFETCH + "}",
            description = "Batches the broker may deliver before one is acknowledged. Env PREFETCH. Default: ${DEFAULT-VALUE}.")
    int prefetch;

    @Option(names = "--max-reorder", paramLabel = "EVENTS",
            defaultValue = "${env:MAX_REORDER:-" + ProcessorConfig.DEFAULT_MAX_REORDER + "}",
            description = "How far ahead of the next expected event an event may arrive and still be held; "
                    + "further ones are refused and counted. Env MAX_REORDER. Default: ${DEFAULT-VALUE}.")
    int maxReorder;

    @Option(names = "--new-stream-window", paramLabel = "EVENTS",
            defaultValue = "${env:NEW_STREAM_WINDOW:-" + ProcessorConfig.DEFAULT_NEW_STREAM_WINDOW + "}",
            description = "A new event-source session starts a new stream if it sends its event 1 before it "
                    + "shows it continues the current one: by the stream's next expected event, an event numbered "
                    + "above this, this-many events without a 1 (the bound on what is held undecided), its "
                    + "deadline or its end. Env NEW_STREAM_WINDOW. Default: ${DEFAULT-VALUE}.")
    int newStreamWindow;

    @Option(names = "--registration-timeout-ms", paramLabel = "MS",
            defaultValue = "${env:REGISTRATION_TIMEOUT_MS:-" + ProcessorConfig.DEFAULT_REGISTRATION_TIMEOUT_MS + "}",
            description = "A user connection that sends no id line within this time is closed. "
                    + "Env REGISTRATION_TIMEOUT_MS. Default: ${DEFAULT-VALUE}.")
    long registrationTimeoutMs;

    @Option(names = "--max-id-length", paramLabel = "BYTES",
            defaultValue = "${env:MAX_ID_LENGTH:-" + ProcessorConfig.DEFAULT_MAX_ID_LENGTH + "}",
            description = "Longest user-id line accepted. Env MAX_ID_LENGTH. Default: ${DEFAULT-VALUE}.")
    int maxIdLength;

    @Option(names = "--client-buffer-limit", paramLabel = "BYTES",
            defaultValue = "${env:CLIENT_BUFFER_LIMIT:-" + ProcessorConfig.DEFAULT_CLIENT_BUFFER_LIMIT + "}",
            description = "Bytes queued for one client after which it counts as not reading. "
                    + "Env CLIENT_BUFFER_LIMIT. Default: ${DEFAULT-VALUE}.")
    int clientBufferLimit;

    @Option(names = "--slow-client-policy", paramLabel = "POLICY",
            defaultValue = "${env:SLOW_CLIENT_POLICY:-" + ProcessorConfig.DEFAULT_SLOW_CLIENT_POLICY + "}",
            converter = SlowClientPolicyConverter.class,
            description = "What happens to a client over its buffer limit: disconnect, or drop its notifications. "
                    + "Env SLOW_CLIENT_POLICY. Default: ${DEFAULT-VALUE}.")
    SlowClientPolicy.Kind slowClientPolicy;

    @Option(names = "--slow-client-grace-ms", paramLabel = "MS",
            defaultValue = "${env:SLOW_CLIENT_GRACE_MS:-" + ProcessorConfig.DEFAULT_SLOW_CLIENT_GRACE_MS + "}",
            description = "How long a client may stay over its buffer limit before the disconnect policy closes it; "
                    + "at 4 times the limit it is closed at once. Env SLOW_CLIENT_GRACE_MS. Default: ${DEFAULT-VALUE}.")
    long slowClientGraceMs;

    @Option(names = "--gap-timeout-ms", paramLabel = "MS",
            defaultValue = "${env:GAP_TIMEOUT_MS:-" + ProcessorConfig.DEFAULT_GAP_TIMEOUT_MS + "}",
            description = "Skip a missing event, with a warning, once it has held later events this long; "
                    + "0 waits forever. Env GAP_TIMEOUT_MS. Default: ${DEFAULT-VALUE}.")
    long gapTimeoutMs;

    @Option(names = "--line-terminator", paramLabel = "as-read|LF|CRLF",
            defaultValue = "${env:LINE_TERMINATOR:-" + ProcessorConfig.DEFAULT_LINE_TERMINATOR + "}",
            converter = LineTerminatorConverter.class,
            description = "How notification lines end: as-read ends each with the terminator its event line "
                    + "arrived with (\\n or \\r\\n); LF or CRLF forces one. Env LINE_TERMINATOR. Default: ${DEFAULT-VALUE}.")
    LineTerminator lineTerminator;

    @Option(names = "--io-threads", paramLabel = "N",
            defaultValue = "${env:IO_THREADS:-" + ProcessorConfig.DEFAULT_IO_THREADS + "}",
            description = "Event loop threads for user connections; 0 means one per core. Env IO_THREADS. Default: ${DEFAULT-VALUE}.")
    int ioThreads;

    @Option(names = "--max-user-connections", paramLabel = "N",
            defaultValue = "${env:MAX_USER_CONNECTIONS:-" + ProcessorConfig.DEFAULT_MAX_USER_CONNECTIONS + "}",
            description = "Most user connections open at once, registered or not; more are closed at once. "
                    + "Env MAX_USER_CONNECTIONS. Default: ${DEFAULT-VALUE}.")
    int maxUserConnections;

    @Option(names = "--user-tls", paramLabel = "BOOLEAN", defaultValue = "${env:USER_TLS:-false}", arity = "0..1",
            description = "TLS on the user port, with --tls-cert and --tls-key. Env USER_TLS. Default: ${DEFAULT-VALUE}.")
    boolean userTls;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:STATE_DIR}",
            description = "Directory for the engine's state snapshot: with it, a processor restarted after a crash "
                    + "resumes the stream with its follow state, and batches are acknowledged only once a snapshot "
                    + "covers them. Without it (the default), a restarted processor starts with empty state. Env STATE_DIR.")
    Path stateDir;

    @Option(names = "--snapshot-interval-ms", paramLabel = "MS",
            defaultValue = "${env:SNAPSHOT_INTERVAL_MS:-" + ProcessorConfig.DEFAULT_SNAPSHOT_INTERVAL_MS + "}",
            description = "Least time between two state snapshots while events flow (with --state-dir). "
                    + "Env SNAPSHOT_INTERVAL_MS. Default: ${DEFAULT-VALUE}.")
    long snapshotIntervalMs;

    @Option(names = "--snapshot-every-events", paramLabel = "EVENTS",
            defaultValue = "${env:SNAPSHOT_EVERY_EVENTS:-" + ProcessorConfig.DEFAULT_SNAPSHOT_EVERY_EVENTS + "}",
            description = "With --scale-out: how many events are released between two snapshots of the follow state "
                    + "written to the stream of snapshots (the stream's name plus .snapshots), by one processor at a "
                    + "time; a starting processor loads the newest and reads the stream from the offset it covers, so "
                    + "about this many events are replayed. 0 = this processor writes none (it still reads those of "
                    + "others). Env SNAPSHOT_EVERY_EVENTS. Default: ${DEFAULT-VALUE}.")
    long snapshotEveryEvents;

    /**
     * The configuration these options describe, with the shared settings of {@code common}
     * (the bind address, the status interval, the TLS files).
     *
     * @throws IllegalArgumentException naming the setting, when a value is out of range
     */
    public ProcessorConfig toConfig(CommonOptions common) {
        return new ProcessorConfig(common.bind(), userPort, prefetch, maxReorder, newStreamWindow,
                Duration.ofMillis(registrationTimeoutMs), maxIdLength, clientBufferLimit, slowClientPolicy,
                Duration.ofMillis(slowClientGraceMs), lineTerminator,
                ProcessorConfig.ioThreadsFor(ioThreads),
                common.statusInterval(), Duration.ofMillis(gapTimeoutMs), maxUserConnections,
                common.serverTls(userTls, "user-tls"), stateDir, Duration.ofMillis(snapshotIntervalMs),
                snapshotEveryEvents);
    }

    /** Reads {@code --line-terminator} in any case, {@code as-read} included (an enum's name would be AS_READ). */
    static final class LineTerminatorConverter implements ITypeConverter<LineTerminator> {
        @Override
        public LineTerminator convert(String value) {
            return parsed(() -> LineTerminator.parse(value));
        }
    }

    /** Reads {@code --slow-client-policy} as written, {@code disconnect} or {@code drop} (an enum's names are in upper case). */
    static final class SlowClientPolicyConverter implements ITypeConverter<SlowClientPolicy.Kind> {
        @Override
        public SlowClientPolicy.Kind convert(String value) {
            return parsed(() -> SlowClientPolicy.Kind.parse(value));
        }
    }

    /** The value {@code parse} reads, or its failure in picocli's words. */
    private static <T> T parsed(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            // picocli names the option itself: the value and what was expected are enough.
            throw new TypeConversionException(e.getMessage().replaceFirst("^(--)?[a-z-]+: ", ""));
        }
    }
}
