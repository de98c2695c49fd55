package com.followermaze.processor.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class UserConnectionLimitTest {

    private final UserRegistry registry = new UserRegistry();
    private final DeliveryStats stats = new DeliveryStats();
    private final UserConnectionLimit limit = new UserConnectionLimit(2);
    private final UserChannelInitializer initializer =
            new UserChannelInitializer(registry, stats, Duration.ofSeconds(10), 12, limit);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel connect() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(initializer);
        channels.add(channel);
        return channel;
    }

    @Test
    void aConnectionBeyondTheLimitIsClosedAtOnceAndCounted() {
        EmbeddedChannel registered = connect();
        registered.writeInbound(Unpooled.copiedBuffer("1\n", US_ASCII));
        EmbeddedChannel silent = connect();
        assertThat(limit.open()).as("registered and not-yet-registered both count").isEqualTo(2);

        EmbeddedChannel third = connect();
        assertThat(third.isOpen()).isFalse();
        assertThat(stats.userConnectionsRefused()).isEqualTo(1);
        assertThat(limit.open()).isEqualTo(2);
        assertThat(registered.isOpen()).isTrue();
        assertThat(silent.isOpen()).isTrue();
    }

    @Test
    void aClosedConnectionMakesRoomForTheNext() {
        EmbeddedChannel first = connect();
        first.writeInbound(Unpooled.copiedBuffer("1\n", US_ASCII));
        connect();
        first.close();
        assertThat(limit.open()).isEqualTo(1);
        assertThat(registry.size()).isZero();

        EmbeddedChannel next = connect();
        next.writeInbound(Unpooled.copiedBuffer("3\n", US_ASCII));
        assertThat(next.isOpen()).isTrue();
        assertThat(registry.get(3)).isNotNull();
        assertThat(stats.userConnectionsRefused()).isZero();
    }

    @Test
    void aLimitBelowOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> new UserConnectionLimit(0)).hasMessage("maxUserConnections: 0 (expected > 0)");
    }
}
