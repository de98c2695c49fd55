package com.followermaze.listener.source;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.listener.publish.InflightWindow;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;

/** The allow-list and the shared-secret handshake of the event port, on {@code EmbeddedChannel}s. */
class SourceAccessTest {

    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(2);
    private static final SourceSettings SETTINGS = new SourceSettings(64, 1000, 64 * 1024, Duration.ofHours(1), Duration.ofHours(1));

    private final List<EventBatch> batches = new ArrayList<>();
    private final SourceStats stats = new SourceStats();
    private final SourceGate gate = new SourceGate("boot", Duration.ofSeconds(1), 4, System::nanoTime);
    private final InflightWindow window = new InflightWindow(64);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    /** An embedded channel that reports {@code remote} as its peer, which the allow-list reads. */
    private static final class RemoteChannel extends EmbeddedChannel {
        private final SocketAddress remote;

        RemoteChannel(SocketAddress remote) {
            super(false, false);
            this.remote = remote;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }

    private EmbeddedChannel source(SourceAccess access, String remoteHost) throws Exception {
        EventSourceChannelInitializer initializer = new EventSourceChannelInitializer(SETTINGS, access, gate, window,
                batches::add, stats, new RateLimitedLog(LoggerFactory.getLogger(getClass()), 1, TimeUnit.SECONDS));
        RemoteChannel channel = new RemoteChannel(new InetSocketAddress(remoteHost, 40_000));
        channel.pipeline().addLast(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                initializer.addHandlers(ch.pipeline());
            }
        });
        channel.register();
        channels.add(channel);
        return channel;
    }

    private static SourceAccess allow(String... entries) {
        return new SourceAccess(List.of(entries), SourceSecret.NONE, AUTH_TIMEOUT);
    }

    private static SourceAccess secret(String secret) {
        return new SourceAccess(List.of(), SourceSecret.of(secret), AUTH_TIMEOUT);
    }

    private static void write(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, US_ASCII));
    }

    private String allBodies() {
        StringBuilder out = new StringBuilder();
        for (EventBatch batch : batches) {
            out.append(new String(batch.body(), US_ASCII));
        }
        return out.toString();
    }

    @Test
    void aSourceFromAListedAddressOrBlockIsRead() throws Exception {
        SourceAccess access = allow("10.0.0.0/8", "192.0.2.7", "2001:db8::/32");
        for (String remote : new String[] {"10.200.3.4", "192.0.2.7", "2001:db8:0:1::5"}) {
            EmbeddedChannel channel = source(access, remote);
            write(channel, "1|B\n");
            assertThat(channel.isOpen()).as(remote).isTrue();
            channel.close();
        }
        assertThat(allBodies()).isEqualTo("1|B\n1|B\n1|B\n");
        assertThat(stats.sourcesAccepted()).isEqualTo(3);
        assertThat(stats.sourcesDisallowed()).isZero();
    }

    @Test
    void aSourceFromAnyOtherAddressIsClosedAtOnceCountedAndNeverTakesTheGate() throws Exception {
        SourceAccess access = allow("10.0.0.0/8", "2001:db8::/32");
        for (String remote : new String[] {"11.0.0.1", "192.0.2.8", "2001:db9::1", "::1"}) {
            EmbeddedChannel channel = source(access, remote);
            assertThat(channel.isOpen()).as(remote).isFalse();
        }
        assertThat(stats.sourcesDisallowed()).isEqualTo(4);
        assertThat(stats.sourcesAccepted()).isZero();
        assertThat(gate.openRemote()).isNull();
        assertThat(batches).isEmpty();
    }

    @Test
    void anEmptyAllowListAdmitsEveryAddress() throws Exception {
        EmbeddedChannel channel = source(SourceAccess.OPEN, "203.0.113.9");
        write(channel, "1|B\n");
        channel.close();
        assertThat(allBodies()).isEqualTo("1|B\n");
    }

    @Test
    void anAllowListEntryThatIsNotAnAddressOrBlockFailsNamingIt() {
        for (String entry : new String[] {"10.0.0.0/33", "example.com", "10.0.0.300", "::1/129", "10.0.0.0/x", ""}) {
            assertThatThrownBy(() -> allow("127.0.0.1", entry)).as(entry)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("eventAllow: \"" + entry
                            + "\" (expected an IP address or CIDR block, like 10.0.0.0/8, 192.0.2.7, ::1 or fd00::/8)");
        }
    }

    @Test
    void aSourceThatSendsTheSecretFirstIsReadFromTheNextLine() throws Exception {
        EmbeddedChannel channel = source(secret("s3cret"), "127.0.0.1");
        assertThat(gate.openRemote()).as("not the source before the secret").isNull();
        write(channel, "AUTH s3");
        write(channel, "cret\r\n1|B\n2|");
        write(channel, "B\n");
        channel.close();

        assertThat(allBodies()).isEqualTo("1|B\n2|B\n");
        assertThat(stats.sourcesAccepted()).isEqualTo(1);
        assertThat(stats.sourcesUnauthenticated()).isZero();
        assertThat(stats.linesRead()).as("the AUTH line is not an event").isEqualTo(2);
    }

    @Test
    void aWrongSecretClosesTheConnectionAndNothingItSentIsPublished() throws Exception {
        for (String first : new String[] {"AUTH wrong", "AUTH s3cre", "AUTH s3cret2", "AUTH  s3cret", "auth s3cret",
            "s3cret", "1|B", ""}) {
            EmbeddedChannel channel = source(secret("s3cret"), "127.0.0.1");
            write(channel, first + "\n1|B\nAUTH s3cret\n2|B\n");
            assertThat(channel.isOpen()).as(first).isFalse();
        }
        assertThat(stats.sourcesUnauthenticated()).isEqualTo(8);
        assertThat(stats.sourcesAccepted()).isZero();
        assertThat(stats.linesRead()).isZero();
        assertThat(batches).isEmpty();
    }

    @Test
    void noAuthLineWithinTheTimeoutClosesTheConnection() throws Exception {
        EmbeddedChannel channel = source(secret("s3cret"), "127.0.0.1");
        channel.freezeTime();
        write(channel, "AUTH s3c");
        channel.advanceTimeBy(AUTH_TIMEOUT.toMillis() - 500, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("a partial AUTH line does not end the wait").isTrue();

        channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(stats.sourcesUnauthenticated()).isEqualTo(1);
    }

    @Test
    void anOverLongFirstLineFailsTheHandshake() throws Exception {
        EmbeddedChannel channel = source(secret("s3cret"), "127.0.0.1");
        write(channel, "AUTH " + "x".repeat(100) + "\n1|B\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(stats.sourcesUnauthenticated()).isEqualTo(1);
        assertThat(batches).isEmpty();
    }

    @Test
    void aConnectionThatEndsBeforeTheSecretIsCountedOnce() throws Exception {
        EmbeddedChannel channel = source(secret("s3cret"), "127.0.0.1");
        channel.close();
        assertThat(stats.sourcesUnauthenticated()).isEqualTo(1);
        assertThat(gate.finishedCount()).isZero();
    }

    @Test
    void anUnauthenticatedConnectionDoesNotBlockTheRealSource() throws Exception {
        EmbeddedChannel squatter = source(secret("s3cret"), "127.0.0.1");
        EmbeddedChannel real = source(secret("s3cret"), "127.0.0.1");
        write(real, "AUTH s3cret\n1|B\n");
        assertThat(gate.openRemote()).isNotNull();

        // Authenticated while another source is read: it waits, and the line decoded in the same
        // read as its AUTH line is held, not read, until its turn.
        write(squatter, "AUTH s3cret\n7|B\n");
        assertThat(squatter.isOpen()).isTrue();
        assertThat(gate.waitingCount()).isEqualTo(1);
        assertThat(stats.linesRead()).isEqualTo(1);

        real.close();
        squatter.runPendingTasks();
        squatter.close();
        assertThat(allBodies()).isEqualTo("1|B\n7|B\n");
        assertThat(stats.sourcesRefused()).isZero();
    }

    @Test
    void theSecretNeverShowsInToStrings() {
        SourceSecret secret = SourceSecret.of("s3cret");
        assertThat(secret).hasToString("(set)");
        assertThat(SourceSecret.of(null)).hasToString("(not set)");
        assertThat(secret("s3cret").toString()).doesNotContain("s3cret");
        assertThat(secret.matches("AUTH s3cret".getBytes(US_ASCII))).isTrue();
        assertThat(SourceSecret.NONE.matches("AUTH ".getBytes(US_ASCII))).isFalse();
    }

    @Test
    void aSecretThatCannotBeSentOnOneLineIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> SourceSecret.of("two words"))
                .hasMessage("eventSecret: character 4 is not printable ASCII (expected printable ASCII, no spaces)");
    }
}
