package com.followermaze.processor.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * However the engine's notifications, flushes and the event loops' rounds interleave, each user
 * receives exactly its notifications, in order, and every buffer is released; each ends with the
 * terminator of the setting.
 */
class ChannelNotifierProperties {

    private static final int USERS = 3;

    /**
     * Each step is one of: notify a user (0..2), broadcast (3), flush (4), or let user {@code
     * k}'s loop run what it was handed (5..7). At the end the engine flushes and the loops run
     * until nothing waits, as the wake-ups would make them.
     */
    @Property(tries = 300)
    void everyUserGetsExactlyItsNotificationsInOrderWhateverTheInterleaving(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 7) Integer> steps) {
        UserRegistry registry = new UserRegistry();
        DeliveryStats stats = new DeliveryStats();
        EmbeddedChannel[] channels = new EmbeddedChannel[USERS];
        List<StringBuilder> expected = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            channels[user] = new EmbeddedChannel();
            registry.register(new UserConnection(user, channels[user]));
            expected.add(new StringBuilder());
        }
        ChannelNotifier notifier = new ChannelNotifier(registry, LineTerminator.LF,
                new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20), stats, ByteBufAllocator.DEFAULT, 0);
        List<StringBuilder> received = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            received.add(new StringBuilder());
        }
        try {
            long seq = 0;
            for (int step : steps) {
                if (step < USERS) {
                    seq++;
                    notifier.notifyUser(step, event(seq + "|P|9|" + step));
                    expected.get(step).append(seq).append("|P|9|").append(step).append('\n');
                } else if (step == 3) {
                    seq++;
                    notifier.notifyAllUsers(event(seq + "|B"));
                    for (StringBuilder out : expected) {
                        out.append(seq).append("|B\n");
                    }
                } else if (step == 4) {
                    notifier.flush();
                } else {
                    channels[step - 5].runPendingTasks();
                }
            }
            for (int round = 0; round < 3; round++) {
                notifier.flush();
                for (EmbeddedChannel channel : channels) {
                    channel.runPendingTasks();
                }
            }
            for (int user = 0; user < USERS; user++) {
                ByteBuf buf;
                while ((buf = channels[user].readOutbound()) != null) {
                    received.get(user).append(buf.toString(US_ASCII));
                    buf.release();
                }
                assertThat(received.get(user).toString()).as("user %d", user).isEqualTo(expected.get(user).toString());
            }
        } finally {
            notifier.discard();
            for (EmbeddedChannel channel : channels) {
                channel.finishAndReleaseAll();
            }
        }
    }

    /** What may follow an event's line in its array: its terminator in a batch body, a kept {@code \r}, nothing, other bytes. */
    private static final String[] AFTER_LINE = {"\n", "\r\n", "", "\r", "\rx", "|9\n"};

    /**
     * Whatever follows an event's line in its array, its notification is the line and the
     * terminator of the setting: for as-read, {@code \r\n} if a {@code \r} follows the line
     * (it was read so), else {@code \n}. Each step is an event, {@code k % 6} choosing what
     * follows its line and {@code k / 6} whether it is a broadcast.
     */
    @Property(tries = 300)
    void eachNotificationEndsWithTheSettingsTerminatorWhateverFollowsItsLine(
            @ForAll LineTerminator setting, @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 11) Integer> steps) {
        UserRegistry registry = new UserRegistry();
        DeliveryStats stats = new DeliveryStats();
        EmbeddedChannel channel = new EmbeddedChannel();
        registry.register(new UserConnection(1, channel));
        ChannelNotifier notifier = new ChannelNotifier(registry, setting,
                new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20), stats, ByteBufAllocator.DEFAULT, 0);
        StringBuilder expected = new StringBuilder();
        StringBuilder received = new StringBuilder();
        try {
            long seq = 0;
            for (int step : steps) {
                String after = AFTER_LINE[step % AFTER_LINE.length];
                String line = ++seq + (step < AFTER_LINE.length ? "|P|9|1" : "|B");
                byte[] array = ("7|B\n" + line + after).getBytes(US_ASCII);
                Event event = (Event) EventParser.parse(array, 4, line.length());
                if (step < AFTER_LINE.length) {
                    notifier.notifyUser(1, event);
                } else {
                    notifier.notifyAllUsers(event);
                }
                boolean crlf = setting == LineTerminator.CRLF || setting == LineTerminator.AS_READ && after.startsWith("\r");
                expected.append(line).append(crlf ? "\r\n" : "\n");
            }
            notifier.flush();
            channel.runPendingTasks();
            ByteBuf buf;
            while ((buf = channel.readOutbound()) != null) {
                received.append(buf.toString(US_ASCII));
                buf.release();
            }
            assertThat(received.toString()).isEqualTo(expected.toString());
        } finally {
            notifier.discard();
            channel.finishAndReleaseAll();
        }
    }

    private static Event event(String line) {
        return (Event) EventParser.parse(line);
    }
}
