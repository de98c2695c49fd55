package com.followermaze.listener.source;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.listener.publish.InflightWindow;

/** The allow-list and the handshake over real sockets on 127.0.0.1. */
@Timeout(60)
class SourceAccessServerTest {

    private final BlockingQueue<EventBatch> batches = new LinkedBlockingQueue<>();
    private final SourceStats stats = new SourceStats();
    private final SourceGate gate = new SourceGate("boot", Duration.ofSeconds(1), 4, System::nanoTime);
    private final InflightWindow window = new InflightWindow(64);
    private EventSourceServer server;

    private void start(SourceAccess access) throws IOException {
        SourceSettings settings = new SourceSettings(1024, 1000, 64 * 1024, Duration.ofMillis(1), Duration.ofHours(1));
        server = new EventSourceServer("127.0.0.1", 0, new EventSourceChannelInitializer(settings, access, gate, window,
                batch -> {
                    batches.add(batch);
                    window.release(1); // this sink confirms at once
                }, stats, new RateLimitedLog(LoggerFactory.getLogger(getClass()), 1, TimeUnit.SECONDS)));
        server.start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(US_ASCII));
        out.flush();
    }

    private String nextBody() throws InterruptedException {
        EventBatch batch = batches.poll(5, TimeUnit.SECONDS);
        assertThat(batch).as("a batch within 5 s").isNotNull();
        return new String(batch.body(), US_ASCII);
    }

    @Test
    void aSourceOutsideTheAllowListIsClosedAtOnceAndOneInsideIsRead() throws Exception {
        start(new SourceAccess(List.of("10.0.0.0/8", "fd00::/8"), SourceSecret.NONE, Duration.ofSeconds(10)));
        try (Socket refused = connect()) {
            send(refused, "1|B\n");
            assertThat(refused.getInputStream().read()).as("closed at once").isEqualTo(-1);
        }
        assertThat(stats.sourcesDisallowed()).isEqualTo(1);
        server.close(Duration.ofSeconds(5));

        start(new SourceAccess(List.of("10.0.0.0/8", "127.0.0.0/8"), SourceSecret.NONE, Duration.ofSeconds(10)));
        try (Socket allowed = connect()) {
            send(allowed, "2|B\n");
            assertThat(nextBody()).isEqualTo("2|B\n");
        }
        assertThat(gate.awaitFinished(1, 30, TimeUnit.SECONDS)).isTrue();
        assertThat(batches).as("only the session's empty END batch").allMatch(batch -> batch.eventCount() == 0);
        assertThat(stats.sourcesAccepted()).isEqualTo(1);
    }

    @Test
    void anIdleUnauthenticatedConnectionDoesNotBlockTheRealSourceAndAWrongSecretIsClosed() throws Exception {
        start(new SourceAccess(List.of(), SourceSecret.of("s3cret"), Duration.ofSeconds(10)));
        try (Socket squatter = connect(); Socket real = connect()) {
            send(real, "AUTH s3cret\n1|B\n");
            assertThat(nextBody()).isEqualTo("1|B\n");

            try (Socket wrong = connect()) {
                send(wrong, "AUTH guess\n2|B\n");
                assertThat(wrong.getInputStream().read()).as("closed at once").isEqualTo(-1);
            }
            assertThat(stats.sourcesUnauthenticated()).isEqualTo(1);
            assertThat(squatter.isClosed()).isFalse();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stats.sourcesUnauthenticated() == 2);
        assertThat(batches).as("nothing of the refused connections was read (the real one's END is empty)")
                .allMatch(batch -> batch.eventCount() == 0);
        assertThat(stats.sourcesAccepted()).isEqualTo(1);
    }
}
