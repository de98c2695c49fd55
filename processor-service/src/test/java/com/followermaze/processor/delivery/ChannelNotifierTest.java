package com.followermaze.processor.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;
import com.followermaze.processor.ProcessorStats;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;

class ChannelNotifierTest {

    private final UserRegistry registry = new UserRegistry();
    private final ProcessorStats stats = new ProcessorStats();

    @AfterEach
    void releaseWhatWasWritten() {
        registry.all().forEach(c -> ((EmbeddedChannel) c.channel()).finishAndReleaseAll());
    }

    private EmbeddedChannel user(int id) {
        EmbeddedChannel channel = new EmbeddedChannel();
        registry.register(new UserConnection(id, channel));
        return channel;
    }

    private ChannelNotifier notifier(LineTerminator terminator, SlowClientPolicy policy) {
        return new ChannelNotifier(registry, terminator, policy, stats, ByteBufAllocator.DEFAULT);
    }

    private static Event event(String line) {
        return (Event) EventParser.parse(line);
    }

    /** Writes are handed to each channel's event loop as a task; run it, then read what was written. */
    private static String readAll(EmbeddedChannel channel) {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(US_ASCII));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void aUsersNotificationsOfABatchGoOutInOneWriteWithExactBytes() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier notifier = notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20));
        notifier.notifyUser(1, event("7|P|2|1"));
        notifier.notifyUser(1, event("8|F|2|1"));
        assertThat(alice.outboundMessages()).isEmpty();

        notifier.flush();
        alice.runPendingTasks();
        assertThat(alice.outboundMessages()).hasSize(1);
        assertThat(readAll(alice)).isEqualTo("7|P|2|1\n8|F|2|1\n");
        assertThat(stats.notifications()).isEqualTo(2);
    }

    @Test
    void crlfTerminatorEndsEveryLineWithCrlf() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier notifier = notifier(LineTerminator.CRLF, new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20));
        notifier.notifyUser(1, event("1|B"));
        notifier.flush();
        assertThat(readAll(alice)).isEqualTo("1|B\r\n");
    }

    @Test
    void broadcastReachesEveryConnectedUserAndUnconnectedUsersAreSkipped() {
        EmbeddedChannel alice = user(1);
        EmbeddedChannel bob = user(2);
        ChannelNotifier notifier = notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20));
        notifier.notifyUser(99, event("1|P|1|99"));
        notifier.notifyAllUsers(event("2|B"));
        notifier.flush();
        assertThat(readAll(alice)).isEqualTo("2|B\n");
        assertThat(readAll(bob)).isEqualTo("2|B\n");
    }

    /** Writes that are never flushed stay queued, as if the client did not read. */
    private static EmbeddedChannel overItsLimit(EmbeddedChannel channel) {
        channel.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
        channel.write(channel.alloc().buffer().writeBytes(new byte[32]));
        assertThat(channel.isWritable()).isFalse();
        return channel;
    }

    @Test
    void aClientOverItsLimitOnlyForABurstIsStillWrittenTo() {
        EmbeddedChannel bursty = overItsLimit(user(1));
        ChannelNotifier notifier = notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20));
        notifier.notifyUser(1, event("1|P|2|1"));
        notifier.flush();
        assertThat(bursty.isOpen()).isTrue();
        assertThat(stats.notifications()).isEqualTo(1);
    }

    @Test
    void aClientOverItsHardLimitIsDisconnectedAtOnce() {
        EmbeddedChannel slow = overItsLimit(user(1));
        ChannelNotifier notifier = notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ofHours(1), 16));
        notifier.notifyUser(1, event("1|P|2|1"));
        notifier.flush();
        assertThat(slow.isOpen()).isFalse();
        assertThat(stats.slowClientDisconnects()).isEqualTo(1);
    }

    @Test
    void aClientOverItsLimitPastTheGraceIsDisconnectedAndTheOthersAreServed() {
        EmbeddedChannel slow = overItsLimit(user(1));
        EmbeddedChannel fast = user(2);

        ChannelNotifier notifier = notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ZERO, 1 << 20));
        notifier.notifyAllUsers(event("1|B"));
        notifier.flush();
        assertThat(slow.isOpen()).isFalse();
        assertThat(stats.slowClientDisconnects()).isEqualTo(1);
        assertThat(readAll(fast)).isEqualTo("1|B\n");
    }

    @Test
    void theDropPolicyKeepsASlowClientConnectedAndCountsWhatItMissed() {
        EmbeddedChannel slow = overItsLimit(user(1));

        ChannelNotifier notifier = notifier(LineTerminator.LF, new DropForSlowClients(stats));
        notifier.notifyUser(1, event("1|P|2|1"));
        notifier.notifyUser(1, event("2|P|2|1"));
        notifier.flush();
        assertThat(slow.isOpen()).isTrue();
        assertThat(stats.slowClientDrops()).isEqualTo(2);
        assertThat(stats.notifications()).isZero();
    }
}
