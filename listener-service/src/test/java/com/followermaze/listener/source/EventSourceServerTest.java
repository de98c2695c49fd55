package com.followermaze.listener.source;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.listener.publish.InflightWindow;

@Timeout(20)
class EventSourceServerTest {

    private final BlockingQueue<EventBatch> batches = new LinkedBlockingQueue<>();
    private final SourceStats stats = new SourceStats();
    private final SourceGate gate = new SourceGate("boot", Duration.ofSeconds(1), 4, System::nanoTime);
    private final InflightWindow window = new InflightWindow(64);
    private EventSourceServer server;

    @BeforeEach
    void startServer() throws IOException {
        SourceSettings settings = new SourceSettings(1024, 1000, 64 * 1024, Duration.ofMillis(1), Duration.ofHours(1));
        server = new EventSourceServer("127.0.0.1", 0, new EventSourceChannelInitializer(settings, gate, window,
                batch -> {
                    batches.add(batch);
                    window.release(1); // this sink confirms at once
                }, stats, new RateLimitedLog(LoggerFactory.getLogger(getClass()), 1, TimeUnit.SECONDS)));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close(Duration.ofSeconds(5));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(US_ASCII));
        out.flush();
    }

    private EventBatch nextBatch() throws InterruptedException {
        EventBatch batch = batches.poll(5, TimeUnit.SECONDS);
        assertNotNull(batch, "no batch within 5 s");
        return batch;
    }

    @Test
    void aSecondConcurrentSourceIsRefusedAndALaterOneIsAccepted() throws Exception {
        try (Socket first = connect()) {
            send(first, "1|B\n");
            assertEquals("boot-1", nextBatch().source(), "the first source is being read");

            try (Socket second = connect()) {
                send(second, "99|B\n");
                assertEquals(-1, second.getInputStream().read(), "the second source is closed at once");
            }
            assertEquals(1, stats.sourcesRefused());

            send(first, "2|B\n");
            assertEquals("2|B\n", new String(nextBatch().body(), US_ASCII), "the first source is still read");
        }
        assertTrue(gate.awaitFinished(1, 5, TimeUnit.SECONDS), "the first source's session ends");

        try (Socket third = connect()) {
            send(third, "3|B\n");
            EventBatch batch = nextBatch();
            assertEquals("boot-2", batch.source());
            assertEquals("3|B\n", new String(batch.body(), US_ASCII));
        }
        assertTrue(batches.isEmpty(), "nothing of the refused source was read");
        assertEquals(2, stats.sourcesAccepted());
    }
}
