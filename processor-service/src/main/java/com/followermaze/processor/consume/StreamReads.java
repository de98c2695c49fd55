package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * Reads single messages of a RabbitMQ stream over AMQP, each on a channel of its own that is
 * closed after: the message at an offset (or the first after it, when retention removed it),
 * the first message ({@code "first"}), or the first from the last chunk on that passes a test.
 * Not thread-safe; the connection may be shared.
 */
final class StreamReads {

    static final String OFFSET_HEADER = "x-stream-offset";

    /** A message read from a stream, with its offset. */
    record Message(long offset, AMQP.BasicProperties properties, byte[] body) {

        Map<String, Object> headers() {
            return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        }
    }

    private final Connection connection;
    private final long timeoutMillis;

    StreamReads(Connection connection, long timeoutMillis) {
        this.connection = connection;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The first message at or after {@code offset} ({@code "first"}, {@code "last"} or a number),
     * or empty if none comes within the timeout (an empty stream, or nothing at or after a number).
     */
    Optional<Message> read(String stream, Object offset) throws IOException {
        return readUntil(stream, offset, message -> true, () -> { }, 1);
    }

    /** What to do once subscribed, such as appending the message to be read. */
    interface Action {
        void run() throws IOException;
    }

    /**
     * The first message from {@code offset} on that passes {@code wanted}, or empty if none comes
     * within the timeout; {@code subscribed} runs once the broker has set where reading starts.
     */
    Optional<Message> readUntil(String stream, Object offset, Predicate<Message> wanted, Action subscribed)
            throws IOException {
        return readUntil(stream, offset, wanted, subscribed, 64);
    }

    /** As above, with at most {@code prefetch} messages sent ahead (each one is in memory until looked at). */
    private Optional<Message> readUntil(String stream, Object offset, Predicate<Message> wanted, Action subscribed,
                                        int prefetch) throws IOException {
        Channel channel = connection.createChannel();
        BlockingQueue<Message> messages = new ArrayBlockingQueue<>(1);
        try {
            channel.basicQos(prefetch); // a stream consumer needs one; each message is acknowledged once looked at
            channel.basicConsume(stream, false, Map.of(OFFSET_HEADER, offset), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    Object at = properties.getHeaders() == null ? null : properties.getHeaders().get(OFFSET_HEADER);
                    Message message = new Message(at instanceof Number n ? n.longValue() : -1, properties, body);
                    if (wanted.test(message)) {
                        messages.offer(message);
                    } else {
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                    }
                }
            });
            subscribed.run();
            return Optional.ofNullable(messages.poll(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading stream " + stream, e);
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (java.util.concurrent.TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
                    channel.abort();
                }
            }
        }
    }
}
