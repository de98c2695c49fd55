package com.followermaze.processor.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;
import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;
import com.followermaze.common.tls.ServerTls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;

/** The user port with TLS on, with a certificate made by the test. */
@Timeout(60)
class UserServerTlsTest {

    @TempDir
    Path dir;

    private final UserRegistry registry = new UserRegistry();
    private final DeliveryStats stats = new DeliveryStats();
    private final UserConnectionLimit limit = new UserConnectionLimit(100);
    private TestPki pki;
    private UserChannelInitializer initializer;
    private UserServer server;
    private InetSocketAddress address;

    @BeforeEach
    void startServer() throws InterruptedException {
        pki = TestPki.create(dir, "users");
        ServerFiles files = pki.server("user-port", "localhost", "127.0.0.1");
        initializer = new UserChannelInitializer(registry, stats, Duration.ofSeconds(5), 32, limit,
                ServerTls.fromPem(files.cert(), files.key()));
        server = new UserServer(initializer, 1, 64 * 1024);
        address = server.bind("127.0.0.1", 0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theTlsHandlerComesFirstInThePipeline() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        try {
            assertThat(channel.pipeline().names().get(0)).isEqualTo(ServerTls.HANDLER);
            assertThat(channel.pipeline().first()).isInstanceOf(SslHandler.class);
            assertThat(channel.pipeline().names()).contains(UserChannelInitializer.FRAMER);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aUserThatTrustsTheCaRegistersAndReadsItsNotificationsOverTls() throws Exception {
        try (SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory().createSocket()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
            socket.setSSLParameters(parameters);
            socket.connect(address, 30_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("42\n".getBytes(US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.get(42) != null);

            ChannelNotifier notifier = new ChannelNotifier(registry, LineTerminator.LF,
                    SlowClientPolicy.Kind.DISCONNECT.create(stats, Duration.ofSeconds(5), 1 << 20), stats,
                    ByteBufAllocator.DEFAULT);
            notifier.notifyUser(42, (Event) EventParser.parse("7|P|2|42"));
            notifier.notifyUser(42, (Event) EventParser.parse("8|F|3|42"));
            notifier.flush();

            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII));
            assertThat(in.readLine()).isEqualTo("7|P|2|42");
            assertThat(in.readLine()).isEqualTo("8|F|3|42");
        }
        assertThat(stats.tlsHandshakesFailed()).as("a handshake that succeeded is no failure").isZero();
    }

    @Test
    void theRegistrationDeadlineStartsOnceTheHandshakeIsDone() throws Exception {
        server.close();
        ServerFiles files = pki.server("user-port-2", "localhost", "127.0.0.1");
        server = new UserServer(new UserChannelInitializer(registry, stats, Duration.ofMillis(300), 32, limit,
                ServerTls.fromPem(files.cert(), files.key())), 1, 64 * 1024);
        address = server.bind("127.0.0.1", 0);
        try (Socket plain = new Socket()) {
            plain.connect(address, 30_000);
            // No handshake yet: the connection outlives the registration timeout (300 ms).
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(30)).until(() -> limit.open() == 1);
            try (SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory()
                    .createSocket(plain, "127.0.0.1", address.getPort(), true)) {
                socket.setSoTimeout(30_000);
                socket.startHandshake();
                socket.getOutputStream().write("42\n".getBytes(US_ASCII));
                socket.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.get(42) != null);
            }
        }
    }

    @Test
    void aPlaintextUserIsClosedAndNeverRegistered() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(address, 30_000);
            socket.setSoTimeout(30_000);
            // Five bytes make a TLS record header; a shorter line waits for the handshake timeout (10 s).
            socket.getOutputStream().write("123456\n".getBytes(US_ASCII));
            socket.getOutputStream().flush();

            assertThat(readUntilClosed(socket.getInputStream())).isEqualTo(-1);
        }
        assertThat(registry.get(123456)).isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> limit.open() == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> stats.tlsHandshakesFailed() == 1);
    }

    @Test
    void aUserThatDoesNotTrustTheCertificateCannotConnect() {
        TestPki stranger = TestPki.create(dir, "stranger");
        assertThatThrownBy(() -> {
            try (SSLSocket socket = (SSLSocket) stranger.clientContext().getSocketFactory()
                    .createSocket("127.0.0.1", address.getPort())) {
                socket.setSoTimeout(30_000);
                socket.startHandshake();
            }
        }).isInstanceOf(SSLHandshakeException.class);
        assertThat(registry.size()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> stats.tlsHandshakesFailed() == 1);
    }

    @Test
    void everyFailedHandshakeIsCountedButAFloodOfThemIsLoggedAtMostOnceASecond() throws Exception {
        Logger tlsLog = (Logger) LoggerFactory.getLogger(ServerTls.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        tlsLog.addAppender(logged);
        try {
            long started = System.nanoTime();
            int connections = 20;
            for (int i = 0; i < connections; i++) {
                try (Socket socket = new Socket()) {
                    socket.connect(address, 30_000);
                    socket.setSoTimeout(30_000);
                    socket.getOutputStream().write("not TLS at all\n".getBytes(US_ASCII));
                    socket.getOutputStream().flush();
                    assertThat(readUntilClosed(socket.getInputStream())).isEqualTo(-1);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stats.tlsHandshakesFailed() == connections);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertThat(logged.list).as("WARN lines for %d failures in %d s", connections, seconds)
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo((int) seconds + 1)
                    .allSatisfy(line -> assertThat(line.getFormattedMessage()).contains("TLS handshake with"));
        } finally {
            tlsLog.detachAppender(logged);
        }
        assertThat(registry.size()).isZero();
    }

    /** Reads to the end: -1 when closed; a reset counts as closed too. */
    private static int readUntilClosed(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // discard
            }
            return -1;
        } catch (SocketException reset) {
            return -1;
        }
    }
}
