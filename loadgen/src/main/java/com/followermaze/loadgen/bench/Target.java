package com.followermaze.loadgen.bench;

import java.util.Locale;

/**
 * One server that bench measures.
 *
 * @param kind       what it is
 * @param processors with {@link Kind#SCALE_OUT}, how many processor instances (1..); else 0
 * @param queueType  the event queue's type (QUEUE_TYPE: quorum or classic) on a queue of each
 *                   start's own, or empty for the broker's default on the configured queue
 */
public record Target(Kind kind, int processors, String queueType) {

    /** The kinds of server bench can start. */
    public enum Kind {
        /** {@code bin/follower-maze} (listener and processor in one JVM) on its embedded broker (AMQP_URI unset). */
        EMBEDDED,
        /** {@code bin/follower-maze} on the RabbitMQ of AMQP_URI. */
        RABBITMQ,
        /** {@code bin/listener-service} and one {@code bin/processor-service}, separate JVMs, on the RabbitMQ of AMQP_URI. */
        SERVICES,
        /** The reference server, in bench's own JVM. */
        REFERENCE,
        /** {@code bin/listener-service} and {@code processors} {@code bin/processor-service}, SCALE_OUT=true, on RabbitMQ. */
        SCALE_OUT
    }

    public Target(Kind kind, int processors) {
        this(kind, processors, "");
    }

    public Target {
        if (!queueType.isEmpty() && !queueType.equals("quorum") && !queueType.equals("classic")) {
            throw new IllegalArgumentException("--queue-types: '" + queueType + "' (expected quorum or classic)");
        }
        if ((kind == Kind.SCALE_OUT) != (processors > 0) || processors < 0) {
            throw new IllegalArgumentException("processors: " + processors + " (expected "
                    + (kind == Kind.SCALE_OUT ? ">= 1" : "0") + " for " + kind + ")");
        }
    }

    /** {@code embedded}, {@code rabbitmq}, {@code services} or {@code reference}, as {@code --targets} names them. */
    public static Target ofLabel(String label) {
        String name = label.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "embedded" -> new Target(Kind.EMBEDDED, 0);
            case "rabbitmq" -> new Target(Kind.RABBITMQ, 0);
            case "services" -> new Target(Kind.SERVICES, 0);
            case "reference" -> new Target(Kind.REFERENCE, 0);
            default -> throw new IllegalArgumentException("--targets: '" + label
                    + "' (expected embedded, rabbitmq, services or reference)");
        };
    }

    public static Target scaleOut(int processors) {
        return new Target(Kind.SCALE_OUT, processors);
    }

    /** This target on an event queue of {@code type} (quorum or classic). */
    public Target withQueueType(String type) {
        return new Target(kind, processors, type.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether it runs on the RabbitMQ of AMQP_URI. */
    public boolean needsRabbitMq() {
        return kind == Kind.RABBITMQ || kind == Kind.SERVICES || kind == Kind.SCALE_OUT;
    }

    /** Whether it is a listener and processors in JVMs of their own (bin/listener-service, bin/processor-service). */
    public boolean separateServices() {
        return kind == Kind.SERVICES || kind == Kind.SCALE_OUT;
    }

    /**
     * The name in the table: {@code embedded}, {@code rabbitmq}, {@code rabbitmq-quorum}, {@code services},
     * {@code reference}, {@code scale-out-3}.
     */
    public String label() {
        String name = kind == Kind.SCALE_OUT ? "scale-out-" + processors : kind.name().toLowerCase(Locale.ROOT);
        return queueType.isEmpty() ? name : name + "-" + queueType;
    }
}
