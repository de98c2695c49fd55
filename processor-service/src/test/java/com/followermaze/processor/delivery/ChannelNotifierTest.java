package com.followermaze.processor.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;

class ChannelNotifierTest {

    private final UserRegistry registry = new UserRegistry();
    private final DeliveryStats stats = new DeliveryStats();

    @AfterEach
    void releaseWhatWasWritten() {
        registry.all().stream().map(UserConnection::channel).filter(EmbeddedChannel.class::isInstance)
                .forEach(c -> ((EmbeddedChannel) c).finishAndReleaseAll());
    }

    private EmbeddedChannel user(int id) {
        EmbeddedChannel channel = new EmbeddedChannel();
        registry.register(new UserConnection(id, channel));
        return channel;
    }

    private final AtomicInteger wakeUps = new AtomicInteger();

    /** A notifier whose loops take a new round as soon as they finish one (no rest: nothing here is timed). */
    private ChannelNotifier notifier(LineTerminator terminator, SlowClientPolicy policy) {
        ChannelNotifier notifier = new ChannelNotifier(registry, terminator, policy, stats, ByteBufAllocator.DEFAULT, 0);
        notifier.wakeEngineWith(wakeUps::incrementAndGet);
        return notifier;
    }

    private ChannelNotifier patient() {
        return notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20));
    }

    /** The event of {@code line}, parsed as the processor does: a slice in the middle of a larger body. */
    private static Event event(String line) {
        byte[] body = ("1|B\n" + line + "\n2|B\n").getBytes(StandardCharsets.US_ASCII);
        return (Event) EventParser.parse(body, 4, line.length());
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

    /** The event of {@code line} read with a CRLF terminator, a slice in the middle of a body of mixed terminators. */
    private static Event crlfEvent(String line) {
        byte[] body = ("1|B\n" + line + "\r\n2|B\n").getBytes(StandardCharsets.US_ASCII);
        return (Event) EventParser.parse(body, 4, line.length());
    }

    @Test
    void asReadEndsEachNotificationWithTheTerminatorItsEventArrivedWith() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier notifier = notifier(LineTerminator.AS_READ, new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20));
        notifier.notifyUser(1, crlfEvent("7|P|2|1"));
        notifier.notifyUser(1, event("8|F|2|1"));
        notifier.notifyAllUsers(crlfEvent("9|B").withOwnLine());
        notifier.flush();
        assertThat(readAll(alice)).isEqualTo("7|P|2|1\r\n8|F|2|1\n9|B\r\n");
    }

    @Test
    void aForcedTerminatorOverridesTheOneAnEventArrivedWith() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier lf = notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20));
        lf.notifyUser(1, crlfEvent("7|P|2|1"));
        lf.flush();
        assertThat(readAll(alice)).isEqualTo("7|P|2|1\n");
        ChannelNotifier crlf = notifier(LineTerminator.CRLF, new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20));
        crlf.notifyUser(1, event("8|P|2|1"));
        crlf.flush();
        assertThat(readAll(alice)).isEqualTo("8|P|2|1\r\n");
    }

    @Test
    void theLineTerminatorSettingIsReadInAnyCaseAndABadValueNamesTheFlag() {
        assertThat(LineTerminator.parse("as-read")).isEqualTo(LineTerminator.AS_READ);
        assertThat(LineTerminator.parse("crlf")).isEqualTo(LineTerminator.CRLF);
        assertThat(LineTerminator.parse("LF")).isEqualTo(LineTerminator.LF);
        assertThat(LineTerminator.AS_READ.label()).isEqualTo("as-read");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LineTerminator.parse("CR"))
                .hasMessage("--line-terminator: CR (expected as-read, LF or CRLF)");
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
    @Test
    void whileALoopWritesItsRoundLaterNotificationsWaitAndTheNextRoundWritesEachUserOnce() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier notifier = patient();
        notifier.notifyUser(1, event("1|P|2|1"));
        notifier.flush(); // round 1 handed to the loop, which has not run it yet
        notifier.notifyUser(1, event("2|P|2|1"));
        notifier.flush();
        notifier.notifyUser(1, event("3|P|2|1"));
        notifier.flush(); // the loop is still busy: 2 and 3 wait together
        assertThat(wakeUps).hasValue(0);

        alice.runPendingTasks(); // round 1 written; the loop asks the engine for the next round
        assertThat(wakeUps).hasValue(1);
        assertThat(alice.outboundMessages()).hasSize(1);
        notifier.flush();
        alice.runPendingTasks();
        assertThat(alice.outboundMessages()).hasSize(2);
        assertThat(readAll(alice)).isEqualTo("1|P|2|1\n2|P|2|1\n3|P|2|1\n");
        assertThat(stats.notifications()).isEqualTo(3);
        assertThat(stats.userWrites()).isEqualTo(2);
    }

    @Test
    void aLoopThatFinishesWithNothingWaitingDoesNotWakeTheEngine() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier notifier = patient();
        notifier.notifyUser(1, event("1|B"));
        notifier.flush();
        alice.runPendingTasks();
        assertThat(wakeUps).hasValue(0);
        assertThat(readAll(alice)).isEqualTo("1|B\n");
    }

    @Test
    void oneBusyLoopDoesNotHoldBackTheUsersOfAnother() {
        EmbeddedChannel busy = user(1);
        EmbeddedChannel idle = user(2);
        ChannelNotifier notifier = patient();
        notifier.notifyUser(1, event("1|P|2|1"));
        notifier.flush();
        notifier.notifyAllUsers(event("2|B"));
        notifier.flush();
        assertThat(readAll(idle)).isEqualTo("2|B\n");
        busy.runPendingTasks();
        notifier.flush();
        assertThat(readAll(busy)).isEqualTo("1|P|2|1\n2|B\n");
    }

    @Test
    void notificationsWaitingForABusyLoopCountTowardTheHardLimit() {
        EmbeddedChannel slow = user(1);
        ChannelNotifier notifier = notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ofHours(1), 24));
        notifier.notifyUser(1, event("1|P|2|1")); // 8 bytes
        notifier.flush();                         // handed, not yet written by the loop
        notifier.notifyUser(1, event("2|P|2|1")); // 16 queued
        notifier.notifyUser(1, event("3|P|2|1")); // 24 queued: at the limit
        assertThat(slow.isOpen()).isTrue();
        notifier.notifyUser(1, event("4|P|2|1")); // 32: over it
        assertThat(stats.slowClientDisconnects()).isEqualTo(1);
        notifier.notifyUser(1, event("5|P|2|1"));
        assertThat(stats.slowClientDisconnects()).isEqualTo(1);
        slow.runPendingTasks();
        assertThat(slow.isOpen()).isFalse();
        notifier.flush(); // what waited for the closed connection is released, not written
        assertThat(stats.notifications()).isEqualTo(1);
    }

    @Test
    void aRoundTheLoopHasWrittenCountsOnceWhileTheLoopRests() {
        EmbeddedChannel client = user(1);
        // A rest far longer than any round: the loop stays busy after writing until the rest ends.
        ChannelNotifier notifier = new ChannelNotifier(registry, LineTerminator.LF,
                new DisconnectSlowClients(stats, Duration.ofHours(1), 24), stats, ByteBufAllocator.DEFAULT, 1_000_000_000L);
        notifier.wakeEngineWith(wakeUps::incrementAndGet);
        notifier.notifyUser(1, event("1|P|2|1")); // 8 bytes
        notifier.flush();
        client.runPendingTasks(); // written into the channel (and sent: nothing stays queued); resting
        notifier.notifyUser(1, event("2|P|2|1"));
        notifier.notifyUser(1, event("3|P|2|1"));
        notifier.notifyUser(1, event("4|P|2|1")); // 24 bytes pending: at the limit, not over it
        assertThat(stats.slowClientDisconnects()).as("the written round counted twice").isZero();
        assertThat(client.isOpen()).isTrue();
        notifier.notifyUser(1, event("5|P|2|1")); // 32: over it
        assertThat(stats.slowClientDisconnects()).isEqualTo(1);
        notifier.discard();
    }

    @Test
    void theDropPolicyCountsNotificationsWaitingForABusyLoopTowardTheChannelsLimit() {
        EmbeddedChannel slow = user(1);
        slow.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
        ChannelNotifier notifier = notifier(LineTerminator.LF, new DropForSlowClients(stats));
        notifier.notifyUser(1, event("1|P|2|1"));
        notifier.flush();
        notifier.notifyUser(1, event("2|P|2|1"));
        notifier.notifyUser(1, event("3|P|2|1"));
        notifier.notifyUser(1, event("4|P|2|1"));
        assertThat(stats.slowClientDrops()).isEqualTo(2);
        slow.runPendingTasks();
        notifier.flush();
        assertThat(readAll(slow)).isEqualTo("1|P|2|1\n2|P|2|1\n");
        assertThat(slow.isOpen()).isTrue();
    }

    @Test
    void roomFreedByTheClientReadingIsCountedAgain() {
        EmbeddedChannel reader = user(1);
        ChannelNotifier notifier = notifier(LineTerminator.LF, new DisconnectSlowClients(stats, Duration.ofHours(1), 16));
        for (int seq = 1; seq <= 10; seq++) {
            notifier.notifyUser(1, event(seq + "|P|2|1"));
            notifier.flush();
            assertThat(readAll(reader)).isEqualTo(seq + "|P|2|1\n"); // written and read: nothing stays queued
        }
        assertThat(reader.isOpen()).isTrue();
        assertThat(stats.slowClientDisconnects()).isZero();
    }

    @Test
    void discardReleasesWhatWaitsAndSendsNothing() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier notifier = patient();
        notifier.notifyUser(1, event("1|B"));
        notifier.flush();
        notifier.notifyUser(1, event("2|B"));
        notifier.flush();
        notifier.discard();
        assertThat(readAll(alice)).isEqualTo("1|B\n");
        notifier.flush();
        assertThat(readAll(alice)).isEmpty();
    }

    @Test
    void finishSendsWhatWaitsForALoopThatHasFinishedItsRound() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier notifier = patient();
        notifier.notifyUser(1, event("1|B"));
        notifier.flush();
        notifier.notifyUser(1, event("2|B"));
        alice.runPendingTasks();
        notifier.finish(Duration.ofSeconds(1));
        assertThat(readAll(alice)).isEqualTo("1|B\n2|B\n");
    }

    /** A user connection on a real event loop (Netty's in-VM transport); what it is sent lands in {@code received}. */
    private Channel userOnALoop(DefaultEventLoopGroup group, int id, BlockingQueue<String> received) throws InterruptedException {
        LocalAddress address = new LocalAddress("notifier-" + UUID.randomUUID());
        new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        received.add(buf.toString(US_ASCII));
                        buf.release();
                    }
                })
                .bind(address).sync();
        Channel channel = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(address).sync().channel();
        registry.register(new UserConnection(id, channel));
        return channel;
    }

    /** What arrived, until it is {@code expected} or 10 s have passed. */
    private static String receive(BlockingQueue<String> received, String expected) throws InterruptedException {
        StringBuilder got = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!got.toString().equals(expected) && System.nanoTime() < deadline) {
            String part = received.poll(100, TimeUnit.MILLISECONDS);
            if (part != null) {
                got.append(part);
            }
        }
        return got.toString();
    }

    /**
     * User 1 on a loop of {@code group}, and a notifier whose loops rest a billion times as long
     * as each round took (for as long as a test lasts), after its first round, which user 1 got.
     */
    private ChannelNotifier restingAfterOneRound(DefaultEventLoopGroup group, BlockingQueue<String> received)
            throws InterruptedException {
        userOnALoop(group, 1, received);
        ChannelNotifier notifier = new ChannelNotifier(registry, LineTerminator.LF,
                new DisconnectSlowClients(stats, Duration.ofHours(1), 1 << 20), stats, ByteBufAllocator.DEFAULT, 1_000_000_000L);
        notifier.notifyUser(1, event("1|B"));
        notifier.flush();
        assertThat(receive(received, "1|B\n")).isEqualTo("1|B\n");
        return notifier;
    }

    private void stop(DefaultEventLoopGroup group) {
        registry.all().forEach(registry::unregister);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void finishCutsTheRestOfALoopShortToSendTheLastNotifications() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            ChannelNotifier notifier = restingAfterOneRound(group, received);
            notifier.notifyUser(1, event("2|B"));
            notifier.flush(); // the loop rests: this waits
            // It waited for the rest's end before (or, without a rest to wait for, spun to the timeout).
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> notifier.finish(Duration.ofSeconds(60)));
            assertThat(receive(received, "2|B\n")).isEqualTo("2|B\n");
        } finally {
            stop(group);
        }
    }

    @Test
    void finishDoesNotWaitForALoopThatIsShuttingDown() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            ChannelNotifier notifier = restingAfterOneRound(group, received);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly(); // with the rest pending
            notifier.notifyUser(1, event("2|B"));
            // The rest never ends on a loop that has shut down: this spun to the timeout before.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> notifier.finish(Duration.ofSeconds(60)));
        } finally {
            stop(group);
        }
    }

    @Test
    void aBroadcastReachesAUserWhoRegisteredAfterTheLastOne() {
        EmbeddedChannel alice = user(1);
        ChannelNotifier notifier = patient();
        notifier.notifyAllUsers(event("1|B"));
        EmbeddedChannel bob = user(2);
        notifier.notifyAllUsers(event("2|B"));
        notifier.flush();
        assertThat(readAll(alice)).isEqualTo("1|B\n2|B\n");
        assertThat(readAll(bob)).isEqualTo("2|B\n");
    }
}
