package com.followermaze.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.AmqpUris;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.QueueType;
import com.followermaze.common.amqp.StreamRetention;
import com.followermaze.common.tls.ServerTls;

import picocli.CommandLine.Option;

/**
 * The settings every service takes: where to bind, which broker to use and how to trust it,
 * the TLS certificate of the event and user ports, the operations HTTP port and how often to
 * log a status line. In {@code follower-maze} (both services in one JVM) they apply to both.
 */
public final class CommonOptions {

    // The defaults of the shared settings, once; the exchange's and the queue's are BrokerSettings'.
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final long DEFAULT_STATUS_INTERVAL_MS = 10_000;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:BIND_ADDRESS:-" + DEFAULT_BIND_ADDRESS + "}",
            description = "Address the TCP servers bind to; 0.0.0.0 for every interface. Env BIND_ADDRESS. Default: ${DEFAULT-VALUE}.")
    String bind;

    // The default shown is the local RabbitMQ's, a documented guest login, never the value from
    // the environment (it may hold a password). A launcher with another default (follower-maze's
    // embedded broker) says so under the key amqp-uri of its resource bundle.
    @Option(names = "--amqp-uri", paramLabel = "URI", defaultValue = "${env:AMQP_URI}", descriptionKey = "amqp-uri",
            description = "Broker URI, amqp://user:password@host:port/vhost or amqps://..., or a comma-separated list "
                    + "of the URIs of one cluster's nodes (same credentials and vhost; each connection goes to "
                    + "the first that answers, in a random order); env AMQP_URI. "
                    + "Default: " + LOCAL_RABBITMQ + " (a RabbitMQ on this machine).")
    String amqpUri;

    @Option(names = "--amqp-exchange", paramLabel = "NAME", defaultValue = "${env:AMQP_EXCHANGE:-" + BrokerSettings.DEFAULT_EXCHANGE + "}",
            description = "Durable fanout exchange the batches are published to. Env AMQP_EXCHANGE. Default: ${DEFAULT-VALUE}.")
    String exchange;

    @Option(names = "--amqp-queue", paramLabel = "NAME", defaultValue = "${env:AMQP_QUEUE:-" + BrokerSettings.DEFAULT_QUEUE + "}",
            description = "Durable queue the processor consumes from. Env AMQP_QUEUE. Default: ${DEFAULT-VALUE}.")
    String queue;

    @Option(names = "--scale-out", paramLabel = "BOOLEAN", defaultValue = "${env:SCALE_OUT:-false}", arity = "0..1",
            description = "Scale-out mode: the listener publishes to a RabbitMQ stream (the queue's name plus .stream) "
                    + "that every processor instance reads in full, so several processors can share the users. "
                    + "Needs RabbitMQ 3.9 or later; set it on the listener and on every processor. Env SCALE_OUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean scaleOut;

    @Option(names = "--queue-type", paramLabel = "TYPE", defaultValue = "${env:QUEUE_TYPE}",
            description = "Type of the event queue and the rejected-lines queue: quorum (replicated over a RabbitMQ "
                    + "cluster) or classic. A queue that already exists with the other type stops the service. "
                    + "The embedded broker has only classic queues: quorum without --amqp-uri stops follower-maze. "
                    + "Env QUEUE_TYPE. Default: quorum on RabbitMQ, classic on the embedded broker.")
    String queueType;

    @Option(names = "--max-queued-batches", paramLabel = "BATCHES",
            defaultValue = "${env:MAX_QUEUED_BATCHES:-" + BrokerSettings.DEFAULT_MAX_QUEUED_BATCHES + "}",
            description = "Most batches the event queue holds for the processor: beyond them RabbitMQ refuses "
                    + "publishes (x-max-length, x-overflow reject-publish) and the listener publishes them again after "
                    + "a pause, pausing the source meanwhile, so the processor's lag stays bounded however fast the source "
                    + "writes. On the embedded broker, follower-maze pauses the source while this many batches plus "
                    + "--prefetch are not yet acknowledged by its processor. 0 = no bound. Set the same on the "
                    + "listener and the processor; a RabbitMQ queue declared before with another bound must be deleted "
                    + "first. Not with --scale-out. "
                    + "Env MAX_QUEUED_BATCHES. Default: ${DEFAULT-VALUE}.")
    int maxQueuedBatches;

    @Option(names = "--stream-max-age", paramLabel = "AGE",
            defaultValue = "${env:STREAM_MAX_AGE:-" + StreamRetention.DEFAULT_MAX_AGE + "}",
            description = "With --scale-out: how long the stream keeps events (RabbitMQ's x-max-age: a number and Y, M, D, "
                    + "h, m or s), or none. Applied when the stream is created; see docs/OPERATIONS.md, retention. "
                    + "Env STREAM_MAX_AGE. Default: ${DEFAULT-VALUE}.")
    String streamMaxAge;

    @Option(names = "--stream-max-length-bytes", paramLabel = "BYTES",
            defaultValue = "${env:STREAM_MAX_LENGTH_BYTES:-" + StreamRetention.DEFAULT_MAX_LENGTH_BYTES + "}",
            description = "With --scale-out: how many bytes of events the stream keeps (RabbitMQ's x-max-length-bytes; "
                    + "0 = no limit). Applied when the stream is created. Env STREAM_MAX_LENGTH_BYTES. Default: ${DEFAULT-VALUE}.")
    long streamMaxLengthBytes;

    @Option(names = "--stream-max-segment-size-bytes", paramLabel = "BYTES",
            defaultValue = "${env:STREAM_MAX_SEGMENT_SIZE_BYTES:-0}",
            description = "With --scale-out: the size of the stream's segment files, the unit retention removes "
                    + "(RabbitMQ's x-stream-max-segment-size-bytes; 0 = RabbitMQ's default, 500 MB). Applied when the "
                    + "stream is created. Env STREAM_MAX_SEGMENT_SIZE_BYTES. Default: ${DEFAULT-VALUE}.")
    long streamMaxSegmentSizeBytes;

    @Option(names = "--amqp-ca", paramLabel = "FILE", defaultValue = "${env:AMQP_CA}",
            description = "With an amqps:// URI, PEM bundle of the CAs the broker's certificate is verified against. "
                    + "Env AMQP_CA. Default: the JVM's default trust store.")
    Path amqpCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:TLS_CERT}",
            description = "PEM certificate chain (server certificate first) for the ports with TLS on "
                    + "(--event-tls, --user-tls). Env TLS_CERT.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:TLS_KEY}",
            description = "PEM private key (unencrypted PKCS#8) of --tls-cert. Env TLS_KEY.")
    Path tlsKey;

    /** Read once, on first use, so that both ports of one JVM share one context. */
    private ServerTls serverTls;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:HTTP_PORT}",
            description = "Port of the HTTP server for /metrics (Prometheus), /health/live and /health/ready, on --bind; "
                    + "0 picks a free one. Env HTTP_PORT. Default: off.")
    Integer httpPort;

    @Option(names = "--status-interval-ms", paramLabel = "MS",
            defaultValue = "${env:STATUS_INTERVAL_MS:-" + DEFAULT_STATUS_INTERVAL_MS + "}",
            description = "How often each service logs its status line (INFO). Env STATUS_INTERVAL_MS. Default: ${DEFAULT-VALUE}.")
    long statusIntervalMs;

    public String bind() {
        return bind;
    }

    public String exchange() {
        return exchange;
    }

    public String queue() {
        return queue;
    }

    /** The event queue's bound in batches, 0 for none; see {@link BrokerSettings#maxQueuedBatches()}. */
    public int maxQueuedBatches() {
        return maxQueuedBatches;
    }

    /**
     * The queue type asked for, or empty for the broker's default; see {@link BrokerSettings#queueType()}.
     *
     * @throws IllegalArgumentException naming the setting, when it is neither quorum nor classic
     */
    public Optional<QueueType> queueType() {
        return queueType == null || queueType.isBlank() ? Optional.empty() : Optional.of(QueueType.parse(queueType));
    }

    /**
     * How long the scale-out stream keeps events; see {@link BrokerSettings#streamRetention()}.
     *
     * @throws IllegalArgumentException naming the setting, when a value is not one
     */
    public StreamRetention streamRetention() {
        return StreamRetention.of(streamMaxAge, streamMaxLengthBytes, streamMaxSegmentSizeBytes);
    }

    /** Whether scale-out mode is on; see {@link BrokerSettings#scaleOut()}. */
    public boolean scaleOut() {
        return scaleOut;
    }

    /**
     * The operations HTTP port, or empty when it is off (the default).
     *
     * @throws IllegalArgumentException naming the setting, when the port is out of range
     */
    public OptionalInt httpPort() {
        if (httpPort == null) {
            return OptionalInt.empty();
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("http-port: " + httpPort + " (expected 0..65535)");
        }
        return OptionalInt.of(httpPort);
    }

    /** How often the status line is logged; the service configs check that it is positive. */
    public Duration statusInterval() {
        return Duration.ofMillis(statusIntervalMs);
    }

    /** The broker a service that runs alone uses when none is given: a local RabbitMQ. */
    public static final String LOCAL_RABBITMQ = "amqp://guest:guest@127.0.0.1:5672";

    /**
     * The configured broker, or the local RabbitMQ ({@value #LOCAL_RABBITMQ}) when no URI was
     * given; for the services run alone, which always need a broker.
     */
    public BrokerSettings brokerOrLocal() {
        return broker().orElseGet(() -> {
            LoggerFactory.getLogger(CommonOptions.class).info("no --amqp-uri or AMQP_URI given; using {}",
                    AmqpUris.mask(LOCAL_RABBITMQ));
            return broker(LOCAL_RABBITMQ);
        });
    }

    /** The configured broker, or empty when no URI was given. */
    public Optional<BrokerSettings> broker() {
        return amqpUri == null || amqpUri.isBlank()
                ? Optional.empty()
                : Optional.of(broker(amqpUri));
    }

    /** The broker at {@code uri}, with the configured exchange, queue and CA bundle. */
    public BrokerSettings broker(String uri) {
        return new BrokerSettings(uri, exchange, queue, Optional.ofNullable(amqpCa), scaleOut, queueType(),
                maxQueuedBatches, streamRetention());
    }

    /**
     * TLS for a port whose switch ({@code --event-tls}, {@code --user-tls}) is {@code wanted}:
     * {@link ServerTls#OFF} when it is not, else the context of {@code --tls-cert} and
     * {@code --tls-key}, read on the first call and shared by later ones.
     *
     * @param setting the switch's name, for the message when a file is not given
     * @throws IllegalArgumentException naming the setting and the file, when a file is not
     *                                  given, missing, unreadable, or the key does not match
     */
    public ServerTls serverTls(boolean wanted, String setting) {
        if (!wanted) {
            return ServerTls.OFF;
        }
        if (tlsCert == null || tlsKey == null) {
            throw new IllegalArgumentException(setting + ": true (expected --tls-cert / TLS_CERT and --tls-key / TLS_KEY"
                    + ", missing " + (tlsCert == null ? "tls-cert" : "tls-key") + ")");
        }
        if (serverTls == null) {
            serverTls = ServerTls.fromPem(tlsCert, tlsKey);
        }
        return serverTls;
    }
}
