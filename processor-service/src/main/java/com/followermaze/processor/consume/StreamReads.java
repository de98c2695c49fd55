package com.followermaze.processor.consume;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * Reads single messages of a RabbitMQ stream over AMQP, each on a channel of its own that is
 * closed after: the message at an offset (or the first after it, when retention removed it),
 * the first message ({@code "first"}), the first from the last chunk on that passes a test, or
 * the last chunk's messages.
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

    /**
     * The messages of the stream's last chunk, oldest first: read from {@code "last"} until none
     * came for {@code idleMillis}; empty if none came within {@code firstMillis} (an empty
     * stream). A message appended meanwhile may be among them; a late one of the chunk may be
     * missed, so the newest returned is the newest or close to it.
     */
    List<Message> readTail(String stream, long firstMillis, long idleMillis) throws IOException {
        Channel channel = connection.createChannel();
        BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        List<Message> tail = new ArrayList<>();
        try {
            channel.basicQos(16);
            channel.basicConsume(stream, false, Map.of(OFFSET_HEADER, "last"), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    messages.add(new Message(offsetOf(properties), properties, body));
                    getChannel().basicAck(envelope.getDeliveryTag(), false); // credit for the next (streams need manual acks)
                }
            });
            Message next = messages.poll(firstMillis, TimeUnit.MILLISECONDS);
            while (next != null) {
                tail.add(next);
                next = messages.poll(idleMillis, TimeUnit.MILLISECONDS);
            }
            return tail;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading stream " + stream, e);
        } finally {
            closeQuietly(channel);
        }
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
                    Message message = new Message(offsetOf(properties), properties, body);
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
            closeQuietly(channel);
        }
    }

    private static long offsetOf(AMQP.BasicProperties properties) {
        Object at = properties.getHeaders() == null ? null : properties.getHeaders().get(OFFSET_HEADER);
        return at instanceof Number n ? n.longValue() : -1;
    }

    /** Closes a channel of a read; a failure to close does not replace what was read. */
    static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | AlreadyClosedException e) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException ignored) {
                // the connection is going or gone: so is the channel
            }
        }
    }
}
