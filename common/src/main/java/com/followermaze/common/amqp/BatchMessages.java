package com.followermaze.common.amqp;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.followermaze.common.batch.BatchFormat;
import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;

/**
 * How an {@link EventBatch} maps onto an AMQP message: the body is the batch body; the
 * headers say the format version ({@value #FORMAT_HEADER}), the source session ({@value
 * #SOURCE_HEADER}), the batch number ({@value #BATCH_HEADER}), the event count ({@value
 * #COUNT_HEADER}) and, on a marked batch only, its {@link SessionMark} ({@value #MARK_HEADER}:
 * {@code deadline} or {@code end}); the message is persistent.
 */
public final class BatchMessages {

    public static final String FORMAT_HEADER = "fm-format";
    public static final String SOURCE_HEADER = "fm-source";
    public static final String BATCH_HEADER = "fm-batch";
    public static final String COUNT_HEADER = "fm-events";
    public static final String MARK_HEADER = "fm-session-mark";
    public static final String CONTENT_TYPE = "text/plain; charset=us-ascii";
    public static final String TYPE = "follower-maze.event-batch";

    private static final int PERSISTENT = 2;

    private BatchMessages() {
    }

    public static AMQP.BasicProperties properties(EventBatch batch) {
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .type(TYPE)
                .deliveryMode(PERSISTENT)
                .headers(headers(batch))
                .build();
    }

    private static Map<String, Object> headers(EventBatch batch) {
        if (batch.mark() == SessionMark.NONE) {
            return Map.of(
                    FORMAT_HEADER, BatchFormat.VERSION,
                    SOURCE_HEADER, batch.session(),
                    BATCH_HEADER, batch.number(),
                    COUNT_HEADER, batch.eventCount());
        }
        Map<String, Object> headers = new HashMap<>(8);
        headers.put(FORMAT_HEADER, BatchFormat.VERSION);
        headers.put(SOURCE_HEADER, batch.session());
        headers.put(BATCH_HEADER, batch.number());
        headers.put(COUNT_HEADER, batch.eventCount());
        headers.put(MARK_HEADER, batch.mark().name().toLowerCase(Locale.ROOT));
        return headers;
    }

    /**
     * Reads the batch metadata of a delivered message.
     *
     * @return the batch, or {@code null} when the message is not a batch of a version this
     *         code reads; {@link #describe} then says why
     */
    public static EventBatch read(BasicProperties properties, byte[] body) {
        Map<String, Object> headers = properties.getHeaders();
        if (headers == null || !(headers.get(FORMAT_HEADER) instanceof Number version)
                || !BatchFormat.reads(version.intValue())) {
            return null;
        }
        Object session = headers.get(SOURCE_HEADER);
        Object number = headers.get(BATCH_HEADER);
        Object count = headers.get(COUNT_HEADER);
        SessionMark mark = mark(headers.get(MARK_HEADER));
        if (session == null || mark == null || !(number instanceof Number n) || !(count instanceof Number c)
                || n.longValue() < 1 || c.intValue() < (mark == SessionMark.NONE ? 1 : 0)) {
            return null;
        }
        return new EventBatch(session.toString(), n.longValue(), c.intValue(), body, mark);
    }

    /** The mark a header value names, {@link SessionMark#NONE} for none, {@code null} for one this code does not know. */
    private static SessionMark mark(Object value) {
        if (value == null) {
            return SessionMark.NONE;
        }
        return switch (value.toString()) {
            case "deadline" -> SessionMark.DEADLINE;
            case "end" -> SessionMark.END;
            default -> null;
        };
    }

    /** Why {@link #read} refused a message, for a log line. */
    public static String describe(BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Object version = headers == null ? null : headers.get(FORMAT_HEADER);
        if (version == null) {
            return "no " + FORMAT_HEADER + " header (not a Follower Maze batch)";
        }
        return FORMAT_HEADER + "=" + version + " (this processor reads versions " + BatchFormat.OLDEST_READ + " to "
                + BatchFormat.VERSION + "), headers " + headers;
    }
}
