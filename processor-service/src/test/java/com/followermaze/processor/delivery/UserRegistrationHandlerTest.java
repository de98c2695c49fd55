package com.followermaze.processor.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class UserRegistrationHandlerTest {

    private final UserRegistry registry = new UserRegistry();
    private final DeliveryStats stats = new DeliveryStats();
    private final UserChannelInitializer initializer =
            new UserChannelInitializer(registry, stats, Duration.ofSeconds(10), 12, new UserConnectionLimit(1_000));

    /**
     * As an accepted connection: the pipeline built on registration, then the channel active
     * (which starts the deadline, microseconds before the clock is frozen).
     */
    private EmbeddedChannel connect() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        channel.freezeTime();
        return channel;
    }

    private static void send(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, US_ASCII));
    }

    @Test
    void anIdLineEndingInLfRegistersTheUser() {
        EmbeddedChannel channel = connect();
        send(channel, "42\n");
        assertThat(registry.get(42)).isNotNull();
        assertThat(registry.get(42).channel()).isSameAs(channel);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anIdLineEndingInCrlfRegistersTheUser() {
        EmbeddedChannel channel = connect();
        send(channel, "7\r\n");
        assertThat(registry.get(7)).isNotNull();
    }

    @Test
    void anIdSplitAcrossWritesRegistersOnceTheLineIsComplete() {
        EmbeddedChannel channel = connect();
        send(channel, "12");
        assertThat(registry.size()).isZero();
        send(channel, "34\r");
        send(channel, "\n");
        assertThat(registry.get(1234)).isNotNull();
    }

    @Test
    void garbageAsTheIdClosesTheConnection() {
        EmbeddedChannel channel = connect();
        send(channel, "alice\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(registry.size()).isZero();
        assertThat(stats.usersRejected()).isEqualTo(1);
    }

    @Test
    void anEmptyIdLineClosesTheConnection() {
        EmbeddedChannel channel = connect();
        send(channel, "\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aNegativeOrOverflowingIdClosesTheConnection() {
        EmbeddedChannel negative = connect();
        send(negative, "-1\n");
        assertThat(negative.isOpen()).isFalse();
        EmbeddedChannel overflowing = connect();
        send(overflowing, "2147483648\n");
        assertThat(overflowing.isOpen()).isFalse();
    }

    @Test
    void anOverlongIdLineClosesTheConnectionWithoutWaitingForItsEnd() {
        EmbeddedChannel channel = connect();
        send(channel, "1234567890123456789");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void noIdWithinTheRegistrationTimeoutClosesTheConnection() {
        EmbeddedChannel channel = connect();
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aClientTricklingBytesDoesNotExtendTheRegistrationDeadline() {
        EmbeddedChannel channel = connect();
        for (int second = 0; second < 9; second++) {
            send(channel, "1");
            channel.advanceTimeBy(1, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
        }
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(registry.size()).isZero();
    }

    @Test
    void aRegisteredUserIsNeverTimedOutAndWhatItSendsLaterIsDiscarded() {
        EmbeddedChannel channel = connect();
        send(channel, "5\n");
        send(channel, "anything at all, with no newline and longer than the id limit");
        channel.advanceTimeBy(1, TimeUnit.HOURS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void aSecondConnectionForTheSameUserReplacesAndClosesTheFirst() {
        EmbeddedChannel first = connect();
        send(first, "9\n");
        EmbeddedChannel second = connect();
        send(second, "9\n");
        assertThat(registry.get(9).channel()).isSameAs(second);
        assertThat(first.isOpen()).isFalse();
        assertThat(stats.usersReplaced()).isEqualTo(1);
        // The first connection's close must not unregister the second.
        first.runPendingTasks();
        assertThat(registry.get(9).channel()).isSameAs(second);
    }

    @Test
    void aClientThatCatchesUpStartsItsNextSlowSpellAfresh() {
        EmbeddedChannel channel = connect();
        send(channel, "4\n");
        UserConnection connection = registry.get(4);
        connection.unwritableSince = 123; // the engine found it over its limit
        channel.pipeline().fireChannelWritabilityChanged(); // writable again
        assertThat(connection.unwritableSince).isZero();
    }

    @Test
    void aClosedConnectionIsUnregistered() {
        EmbeddedChannel channel = connect();
        send(channel, "3\n");
        channel.close();
        assertThat(registry.get(3)).isNull();
    }
}
