package com.followermaze.common.amqp;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * The broker objects both services declare, idempotently, each time they connect: a durable
 * fanout exchange and a durable queue bound to it, and the same pair for rejected lines, whose
 * queue keeps the newest {@value #REJECTED_LINES_KEPT} (older ones are dropped by the broker).
 *
 * <p>The listener declares the queue too, not only the exchange: a fanout exchange with no
 * queue bound drops what it is sent, and the listener may well start before the processor.
 *
 * <p>In scale-out mode ({@link BrokerSettings#scaleOut()}) the exchange is bound to a RabbitMQ
 * stream ({@link BrokerSettings#streamQueue()}) instead of the queue: an append-only log that
 * every processor instance reads, from the offset of the snapshot it restored or from its start,
 * so each sees every event and a new one can rebuild the follow state. The queue of the other mode is not declared (nobody would consume
 * it, and it would grow without bound). Streams need RabbitMQ 3.9 or later; any other broker
 * is refused with {@link UnsupportedBrokerException}. The stream is declared with the settings'
 * {@link StreamRetention}; beside it, a second stream ({@link BrokerSettings#snapshotStream()})
 * keeps the processors' snapshots of the follow state, at most {@value
 * #SNAPSHOT_STREAM_MAX_BYTES} bytes of them in segments of {@value #SNAPSHOT_STREAM_SEGMENT_BYTES}
 * (the newest always stays). A stream's arguments are fixed when it is created: one that exists
 * with other arguments (declared by an older version, or with other settings) keeps its own,
 * with a warning that says how to change them; see the retention section of docs/OPERATIONS.md.
 *
 * <p>The event queue and the rejected-lines queue are of the {@link QueueType} of the settings:
 * by default a quorum queue on RabbitMQ (replicated over the cluster) and a classic queue on any
 * other broker. A queue that already exists with another type is refused with
 * {@link UnsupportedBrokerException}, naming the queue, both types and the setting.
 *
 * <p><b>The event queue is bounded</b> at {@link BrokerSettings#maxQueuedBatches()} batches
 * (unless 0). On RabbitMQ: {@code x-max-length} with {@code x-overflow: reject-publish}, which
 * counts the ready batches and refuses (nacks) a publish that does not fit (a quorum queue only
 * after overshooting: 63 batches were seen with a bound of 2, within one confirm window); the listener
 * publishes it again after a pause, its window fills and it stops reading the source, so the
 * processor's lag is bounded whatever the source's rate. <b>Not on Qpid Broker-J</b> (the
 * embedded broker), whose event queue is declared without a bound (the one-JVM app bounds it
 * with its processor's acknowledgements instead, see {@code FollowerMaze}): of its two overflow policies that refuse
 * or hold a publisher, {@code reject} acknowledged a batch that never reached the consumer in a
 * verified run, and {@code producer_flow_control} left the publisher blocked for good, the
 * queue nearly empty, 75M events into a 100M-event run. A queue's arguments are
 * fixed when it is created, so a queue declared before with another bound is refused by
 * RabbitMQ ({@code PRECONDITION_FAILED}); that is reported as {@link UnsupportedBrokerException}
 * naming the queue and the setting.
 */
public final class Topology {

    /** How many rejected lines the rejected-lines queue keeps. */
    public static final int REJECTED_LINES_KEPT = 100_000;
    /** The most bytes of snapshots the stream of snapshots keeps (RabbitMQ's x-max-length-bytes). */
    public static final long SNAPSHOT_STREAM_MAX_BYTES = 256L << 20;
    /** The size of the stream of snapshots' segment files, the unit its retention removes. */
    public static final long SNAPSHOT_STREAM_SEGMENT_BYTES = 16L << 20;

    private static final Logger log = LoggerFactory.getLogger(Topology.class);
    /** The streams whose other arguments were warned of, once per process. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Topology() {
    }

    /**
     * Checks, from the properties the broker announced on connecting, that it is RabbitMQ 3.9
     * or later, the first version with streams.
     *
     * @throws UnsupportedBrokerException naming the broker and the setting, when it is not
     */
    static void requireStreams(Map<String, Object> serverProperties, BrokerSettings settings) {
        String version = String.valueOf(serverProperties.get("version"));
        if (!isRabbitMq(serverProperties) || !atLeast(version, 3, 9)) {
            throw new UnsupportedBrokerException("scale-out (--scale-out / SCALE_OUT) needs RabbitMQ 3.9 or later, "
                    + "for the stream every processor reads; the broker at " + settings.maskedUri() + " is "
                    + serverProperties.get("product") + " " + version + ". Use RabbitMQ, or turn scale-out off to run one processor.");
        }
    }

    /** Whether a declare failed because the object exists with other settings (AMQP 406). */
    private static boolean isPreconditionFailed(IOException e) {
        return e.getCause() instanceof ShutdownSignalException signal
                && signal.getReason() instanceof AMQP.Channel.Close close
                && close.getReplyCode() == AMQP.PRECONDITION_FAILED;
    }

    /**
     * The event queue's arguments for a bound of {@code batches} (0: none, null arguments); on
     * another broker than RabbitMQ, none either; see the class comment.
     */
    static Map<String, Object> boundedQueue(Map<String, Object> serverProperties, int batches) {
        if (batches == 0) {
            return Map.of();
        }
        if (isRabbitMq(serverProperties)) {
            return Map.of("x-max-length", batches, "x-overflow", "reject-publish");
        }
        return Map.of(); // unbounded on Qpid: see the class comment
    }

    /** Whether the broker announced itself as RabbitMQ. */
    private static boolean isRabbitMq(Map<String, Object> serverProperties) {
        return String.valueOf(serverProperties.get("product")).toLowerCase(Locale.ROOT).contains("rabbitmq");
    }

    /** Whether a dotted version such as {@code 3.10.8} is at least {@code major.minor}; unparsable ones are not. */
    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        try {
            int actualMajor = Integer.parseInt(parts[0]);
            int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return actualMajor > major || (actualMajor == major && actualMinor >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Where RabbitMQ's refusal of an inequivalent {@code x-queue-type} says what the queue is. */
    private static final Pattern CURRENT_TYPE = Pattern.compile("x-queue-type'.*current is (?:the value )?'?([a-z]+)");

    /**
     * The type the queues get: the setting's, or the broker's default.
     *
     * @throws UnsupportedBrokerException when quorum is asked of a broker that is not RabbitMQ
     */
    static QueueType queueType(Map<String, Object> serverProperties, BrokerSettings settings) {
        boolean rabbitMq = isRabbitMq(serverProperties);
        QueueType type = settings.queueType().orElse(rabbitMq ? QueueType.QUORUM : QueueType.CLASSIC);
        if (type == QueueType.QUORUM && !rabbitMq) {
            throw new UnsupportedBrokerException("queue-type (--queue-type / QUEUE_TYPE) quorum needs RabbitMQ; the broker at "
                    + settings.maskedUri() + " is " + serverProperties.get("product") + ". Use classic.");
        }
        return type;
    }

    /** The {@code x-queue-type} argument of a queue of {@code type}: none for classic, as before there was a choice. */
    private static Map<String, Object> typed(QueueType type, Map<String, Object> arguments) {
        Map<String, Object> all = new HashMap<>(arguments);
        if (type == QueueType.QUORUM) {
            all.put("x-queue-type", type.value());
        }
        return all;
    }

    /**
     * The refusal of a queue that exists with another type than {@code asked}, or empty when
     * {@code e} is another failure.
     */
    static Optional<UnsupportedBrokerException> typeMismatch(IOException e, String queue, QueueType asked,
                                                                       BrokerSettings settings) {
        if (!(e.getCause() instanceof ShutdownSignalException signal) || signal.getMessage() == null
                || !signal.getMessage().contains("PRECONDITION_FAILED") || !signal.getMessage().contains("x-queue-type")) {
            return Optional.empty();
        }
        Matcher current = CURRENT_TYPE.matcher(signal.getMessage());
        String existing = current.find() && !current.group(1).equals("none") ? current.group(1) : "classic";
        return Optional.of(new UnsupportedBrokerException("queue " + queue + " exists as a " + existing
                + " queue on the broker at " + settings.maskedUri() + ", but queue-type (--queue-type / QUEUE_TYPE) is "
                + asked.value() + (settings.queueType().isEmpty() ? " (the default on RabbitMQ)" : "")
                + ". Set --queue-type " + existing + ", or drain and delete the queue so that it is declared again"
                + " (see docs/OPERATIONS.md, upgrading to quorum queues)."));
    }

    /**
     * The arguments of a queue that keeps only its newest {@value #REJECTED_LINES_KEPT}
     * messages, in the dialect of the broker at hand: RabbitMQ's {@code x-max-length} (which
     * drops the oldest), or Qpid Broker-J's {@code qpid.max_count} with the {@code ring} policy
     * (the embedded broker, which refuses arguments it does not know).
     */
    private static Map<String, Object> cappedQueue(Channel channel) {
        if (isRabbitMq(channel.getConnection().getServerProperties())) {
            return Map.of("x-max-length", REJECTED_LINES_KEPT);
        }
        return Map.of("qpid.max_count", REJECTED_LINES_KEPT, "qpid.policy_type", "ring");
    }

    /**
     * Declares the objects; in scale-out mode, checks first that the broker can keep a stream.
     *
     * @throws UnsupportedBrokerException in scale-out mode, when the broker is not RabbitMQ 3.9 or later
     */
    public static void declare(Channel channel, BrokerSettings settings) throws IOException {
        QueueType type = queueType(channel.getConnection().getServerProperties(), settings);
        channel.exchangeDeclare(settings.exchange(), BuiltinExchangeType.FANOUT, true);
        String events = settings.scaleOut() ? settings.streamQueue() : settings.queue();
        if (settings.scaleOut()) {
            requireStreams(channel.getConnection().getServerProperties(), settings);
            declareStream(channel, events, settings.streamRetention().arguments(),
                    "--stream-max-age, --stream-max-length-bytes and --stream-max-segment-size-bytes ("
                            + settings.streamRetention() + ")");
            declareStream(channel, settings.snapshotStream(), Map.of("x-queue-type", "stream",
                    "x-max-length-bytes", SNAPSHOT_STREAM_MAX_BYTES,
                    "x-stream-max-segment-size-bytes", SNAPSHOT_STREAM_SEGMENT_BYTES), "this version's snapshot retention");
        } else {
            Map<String, Object> bound = boundedQueue(channel.getConnection().getServerProperties(),
                    settings.maxQueuedBatches());
            try {
                declareQueue(channel, events, type, bound, settings);
            } catch (IOException e) {
                if (isPreconditionFailed(e)) {
                    throw new UnsupportedBrokerException("the queue " + events + " on " + settings.maskedUri()
                            + " exists with other arguments than --max-queued-batches / MAX_QUEUED_BATCHES "
                            + settings.maxQueuedBatches() + " asks (" + (bound.isEmpty() ? "none" : bound)
                            + "): the broker says " + e.getCause().getMessage() + ". Delete the queue (what it holds "
                            + "is lost), or set --max-queued-batches to the bound it was declared with.");
                }
                throw e;
            }
        }
        channel.queueBind(events, settings.exchange(), "");
        channel.exchangeDeclare(settings.rejectedExchange(), BuiltinExchangeType.FANOUT, true);
        declareQueue(channel, settings.rejectedQueue(), type, cappedQueue(channel), settings);
        channel.queueBind(settings.rejectedQueue(), settings.rejectedExchange(), "");
    }

    /**
     * Declares a stream with {@code arguments}, on a channel of its own: a stream that exists
     * with other arguments fails the declaration and closes its channel; it is then used as it
     * is, with a warning naming {@code asked} (what the arguments come from), once per process.
     *
     * @throws UnsupportedBrokerException when a queue of that name exists and is not a stream
     */
    private static void declareStream(Channel channel, String stream, Map<String, Object> arguments, String asked)
            throws IOException {
        try {
            declareOnOwnChannel(channel, stream, arguments);
        } catch (IOException e) {
            if (!isPreconditionFailed(e)) {
                throw e;
            }
            String other = e.getCause().getMessage();
            // Which argument differs: declared with the type alone, a stream with other limits
            // fails on a limit, a queue of another type on the type.
            try {
                declareOnOwnChannel(channel, stream, Map.of("x-queue-type", "stream"));
            } catch (IOException typeOnly) {
                if (isPreconditionFailed(typeOnly) && typeOnly.getCause().getMessage().contains("x-queue-type")) {
                    throw new UnsupportedBrokerException("the queue " + stream + " on " + channel.getConnection().getAddress()
                            + " is not a stream, as scale-out needs: the broker says " + typeOnly.getCause().getMessage()
                            + ". Delete it (what it holds is lost), or turn scale-out off.");
                }
                if (!isPreconditionFailed(typeOnly)) {
                    throw typeOnly;
                }
            }
            if (WARNED.add(stream)) {
                log.warn("stream {} exists with other arguments than {} asks, and keeps its own: {}. Change a stream's "
                        + "retention with a RabbitMQ policy (see docs/OPERATIONS.md, retention)", stream, asked, other);
            }
        }
        channel.queueDeclarePassive(stream);
    }

    private static void declareOnOwnChannel(Channel channel, String queue, Map<String, Object> arguments)
            throws IOException {
        Channel own = channel.getConnection().createChannel();
        try {
            own.queueDeclare(queue, true, false, false, arguments);
        } finally {
            if (own.isOpen()) {
                try {
                    own.close();
                } catch (TimeoutException | AlreadyClosedException e) {
                    own.abort();
                }
            }
        }
    }

    private static void declareQueue(Channel channel, String queue, QueueType type, Map<String, Object> arguments,
                                     BrokerSettings settings) throws IOException {
        try {
            channel.queueDeclare(queue, true, false, false, typed(type, arguments));
        } catch (IOException e) {
            throw typeMismatch(e, queue, type, settings).orElseThrow(() -> e);
        }
    }
}
