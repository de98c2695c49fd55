package com.followermaze.listener.source;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;
import com.followermaze.common.tls.ServerTls;
import com.followermaze.listener.publish.InflightWindow;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;

/** The event port with TLS on, with a certificate made by the test. */
@Timeout(60)
class EventSourceTlsTest {

    private static final SourceSettings SETTINGS = new SourceSettings(1024, 1000, 64 * 1024, Duration.ofMillis(1), Duration.ofHours(1));

    @TempDir
    static Path dir;

    private final BlockingQueue<EventBatch> batches = new LinkedBlockingQueue<>();
    private final SourceStats stats = new SourceStats();
    private final InflightWindow window = new InflightWindow(64);
    private TestPki pki;
    private EventSourceChannelInitializer initializer;
    private EventSourceServer server;
    private final SourceGate gate = new SourceGate("boot", Duration.ofSeconds(1), 4, System::nanoTime);

    @BeforeEach
    void startServer() throws IOException {
        pki = TestPki.create(dir, "events");
        ServerFiles files = pki.server("event-port", "localhost", "127.0.0.1");
        initializer = new EventSourceChannelInitializer(SETTINGS, SourceAccess.OPEN, ServerTls.fromPem(files.cert(), files.key()),
                gate, window, batch -> {
                    batches.add(batch);
                    window.release(1); // this sink confirms at once
                }, stats, new RateLimitedLog(LoggerFactory.getLogger(getClass()), 1, TimeUnit.SECONDS));
        server = new EventSourceServer("127.0.0.1", 0, initializer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close(Duration.ofSeconds(5));
    }

    @Test
    void theTlsHandlerComesFirstInThePipeline() {
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            initializer.addHandlers(channel.pipeline());

            assertThat(channel.pipeline().names().get(0)).isEqualTo("tls");
            assertThat(channel.pipeline().first()).isInstanceOf(SslHandler.class);
            assertThat(channel.pipeline().get(SslHandler.class).engine().getUseClientMode()).isFalse();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aSourceThatTrustsTheCaSendsEventsOverTls() throws Exception {
        try (SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory().createSocket()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
            socket.setSSLParameters(parameters);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("1|B\n2|F|3|4\n".getBytes(US_ASCII));
            out.flush();

            StringBuilder received = new StringBuilder();
            while (received.length() < "1|B\n2|F|3|4\n".length()) {
                EventBatch batch = batches.poll(5, TimeUnit.SECONDS);
                assertThat(batch).as("a batch within 5 s").isNotNull();
                received.append(new String(batch.body(), US_ASCII));
            }
            assertThat(received.toString()).isEqualTo("1|B\n2|F|3|4\n");
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
        assertThat(stats.tlsHandshakesFailed()).as("a handshake that succeeded is no failure").isZero();
    }

    @Test
    void aPlaintextSourceIsClosedAndNothingItSentIsRead() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("1|B\n2|B\n".getBytes(US_ASCII));
            socket.getOutputStream().flush();

            assertThat(readUntilClosed(socket.getInputStream())).isEqualTo(-1);
        }
        assertThat(batches).isEmpty();
        // The plaintext source never got the gate, so a TLS source is still accepted.
        assertThat(stats.sourcesAccepted()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> stats.tlsHandshakesFailed() == 1);
    }

    /** Reads to the end: -1 when closed, or a reset counts as closed too. */
    private static int readUntilClosed(InputStream in) throws IOException {
        try {
            int b;
            do {
                b = in.read();
            } while (b != -1);
            return -1;
        } catch (SocketException reset) {
            return -1;
        }
    }

    @Test
    void aSourceThatDoesNotTrustTheCertificateCannotConnect() {
        TestPki stranger = TestPki.create(dir, "stranger");
        assertThatThrownBy(() -> {
            try (SSLSocket socket = (SSLSocket) stranger.clientContext().getSocketFactory()
                    .createSocket("127.0.0.1", server.port())) {
                socket.setSoTimeout(30_000);
                socket.startHandshake();
            }
        }).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(batches).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> stats.tlsHandshakesFailed() == 1);
    }

    @Test
    void aConnectionClosedBeforeItsHandshakeCountsAsAFailedOne() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stats.tlsHandshakesFailed() == 1);
        assertThat(stats.sourcesAccepted()).isZero();
    }

    @Test
    void aSecondTlsSourceWaitsWithWhatItSentRightAfterItsHandshakeHeldAndIsReadAfterTheFirst() throws Exception {
        try (SSLSocket first = (SSLSocket) pki.clientContext().getSocketFactory().createSocket("127.0.0.1", server.port());
             SSLSocket second = (SSLSocket) pki.clientContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            first.setSoTimeout(30_000);
            second.setSoTimeout(30_000);
            first.getOutputStream().write("1|B\n".getBytes(US_ASCII));
            first.getOutputStream().flush();
            assertThat(new String(nextBatch().body(), US_ASCII)).isEqualTo("1|B\n");

            // Written as the handshake ends: decoded in the read that completes it, on the waiting connection.
            second.getOutputStream().write("2|B\n3|B\n".getBytes(US_ASCII));
            second.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> gate.waitingCount() == 1);
            assertThat(stats.linesRead()).isEqualTo(1);

            first.close();
            EventBatch end = nextBatch();
            assertThat(end.session()).isEqualTo("boot-1");
            assertThat(end.mark()).isEqualTo(SessionMark.END);
            StringBuilder secondBodies = new StringBuilder();
            EventBatch batch;
            second.shutdownOutput();
            do {
                batch = nextBatch();
                assertThat(batch.session()).isEqualTo("boot-2");
                secondBodies.append(new String(batch.body(), US_ASCII));
            } while (batch.mark() != SessionMark.END);
            assertThat(secondBodies.toString()).isEqualTo("2|B\n3|B\n");
        }
    }

    private EventBatch nextBatch() throws InterruptedException {
        EventBatch batch = batches.poll(5, TimeUnit.SECONDS);
        assertThat(batch).as("a batch within 5 s").isNotNull();
        return batch;
    }
}
