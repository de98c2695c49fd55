package com.followermaze.listener.source;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import com.followermaze.common.batch.EventBatch;
import com.followermaze.common.batch.SessionMark;
import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.listener.publish.InflightWindow;

/** The event port on real sockets: handover between source connections, takeover, refusal. */
@Timeout(60)
class EventSourceServerTest {

    private final List<EventBatch> batches = new CopyOnWriteArrayList<>();
    private final SourceStats stats = new SourceStats();
    private SourceGate gate;
    private InflightWindow window;
    /** While false the sink holds every batch unconfirmed: the window fills and reading pauses. */
    private volatile boolean confirming = true;
    private EventSourceServer server;

    private void start(long takeoverMs, int maxWaiting, int windowSize) throws IOException {
        gate = new SourceGate("boot", Duration.ofMillis(takeoverMs), maxWaiting, System::nanoTime);
        window = new InflightWindow(windowSize);
        SourceSettings settings = new SourceSettings(1024, 1000, 64 * 1024, Duration.ofMillis(1), Duration.ofSeconds(1));
        server = new EventSourceServer("127.0.0.1", 0, new EventSourceChannelInitializer(settings, gate, window,
                batch -> {
                    batches.add(batch);
                    if (confirming) {
                        window.release(1);
                    }
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

    /** Lines {@code from..to} as broadcasts, alternating terminators; then closes the socket. */
    private static void sendAndClose(Socket socket, int from, int to) throws IOException {
        try (socket; OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024)) {
            for (int i = from; i <= to; i++) {
                out.write((i + "|B" + (i % 2 == 0 ? "\r\n" : "\n")).getBytes(US_ASCII));
            }
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(US_ASCII));
        out.flush();
    }

    /** Every line of every batch, in order, with the session it came in. */
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (EventBatch batch : batches) {
            String body = new String(batch.body(), US_ASCII);
            for (String line : body.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(batch.session() + " " + line);
                }
            }
        }
        return lines;
    }

    private static List<String> expected(String session, int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            lines.add(session + " " + i + "|B" + (i % 2 == 0 ? "\r" : ""));
        }
        return lines;
    }

    /** Each session's batches are contiguous, and END marks exactly each session's last one. */
    private void assertSessionsInOrder(String... sessions) {
        List<String> order = new ArrayList<>();
        for (EventBatch batch : batches) {
            if (order.isEmpty() || !order.get(order.size() - 1).equals(batch.session())) {
                order.add(batch.session());
            }
        }
        assertThat(order).as("sessions never interleaved").containsExactly(sessions);
        for (int i = 0; i < batches.size(); i++) {
            boolean last = i == batches.size() - 1 || !batches.get(i + 1).session().equals(batches.get(i).session());
            assertThat(batches.get(i).mark() == SessionMark.END).as("END on batch " + batches.get(i)).isEqualTo(last);
        }
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void aSourceThatReconnectsAtOnceLosesNothingAndItsSessionsAreNotInterleaved() throws Exception {
        start(1000, 4, 64);
        sendAndClose(connect(), 1, 20_000);
        sendAndClose(connect(), 20_001, 40_000);

        assertThat(gate.awaitFinished(2, 20, TimeUnit.SECONDS)).isTrue();
        List<String> expected = expected("boot-1", 1, 20_000);
        expected.addAll(expected("boot-2", 20_001, 40_000));
        assertThat(lines()).isEqualTo(expected);
        assertSessionsInOrder("boot-1", "boot-2");
        assertThat(stats.sourcesRefused()).isZero();
    }

    @Test
    void aSourceThatReconnectsWhileReadingIsPausedLosesNothingOfItsBacklog() throws Exception {
        start(1000, 4, 2);
        confirming = false;
        Socket first = connect();
        CompletableFuture<Void> firstWriter = CompletableFuture.runAsync(() -> {
            try {
                sendAndClose(first, 1, 300_000); // megabytes: most of it waits in the socket
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> window.isPaused() && batches.size() == 2);

        Socket second = connect();
        CompletableFuture<Void> secondWriter = CompletableFuture.runAsync(() -> {
            try {
                sendAndClose(second, 300_001, 310_000);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.waitingCount() == 1);
        assertThat(gate.takenOverCount()).as("paused is not silent").isZero();

        confirming = true;
        window.release(window.inflight());
        assertThat(gate.awaitFinished(2, 30, TimeUnit.SECONDS)).isTrue();
        firstWriter.get(10, TimeUnit.SECONDS);
        secondWriter.get(10, TimeUnit.SECONDS);

        List<String> expected = expected("boot-1", 1, 300_000);
        expected.addAll(expected("boot-2", 300_001, 310_000));
        assertThat(lines()).isEqualTo(expected);
        assertSessionsInOrder("boot-1", "boot-2");
    }

    @Test
    void aSilentOldConnectionIsTakenOverAndNothingIsLost() throws Exception {
        start(200, 4, 64);
        try (Socket old = connect()) {
            send(old, "1|B\n2|B\n3|B");
            await().atMost(Duration.ofSeconds(30)).until(() -> stats.linesRead() == 2);
            long started = System.nanoTime();
            sendAndClose(connect(), 4, 10);

            assertThat(gate.awaitFinished(2, 30, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(closedByServer(old)).isTrue();
        }
        List<String> expected = new ArrayList<>(List.of("boot-1 1|B", "boot-1 2|B", "boot-1 3|B"));
        expected.addAll(expected("boot-2", 4, 10));
        assertThat(lines()).isEqualTo(expected);
        assertSessionsInOrder("boot-1", "boot-2");
        assertThat(gate.takenOverCount()).isEqualTo(1);
    }

    @Test
    void twoSourcesSendingAtOnceAreNeverInterleavedAndOneBeyondTheWaitingBoundIsRefused() throws Exception {
        start(1000, 1, 64);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (Socket first = connect(); Socket second = connect()) {
            AtomicInteger sent = new AtomicInteger();
            pacer.scheduleAtFixedRate(() -> {
                int n = sent.incrementAndGet();
                try {
                    send(first, n + "|B\n");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            send(second, "1001|B\n1002|B\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> gate.waitingCount() == 1);

            try (Socket third = connect()) {
                send(third, "2001|B\n");
                assertThat(closedByServer(third)).as("refused at once").isTrue();
            }
            assertThat(stats.sourcesRefused()).isEqualTo(1);

            // The first keeps sending for two takeover times: it is not cut, the second still waits.
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= 100);
            assertThat(gate.takenOverCount()).isZero();
            assertThat(gate.waitingCount()).isEqualTo(1);

            pacer.shutdown();
            assertThat(pacer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            first.close();
            send(second, "1003|B\n");
            second.shutdownOutput();
            assertThat(gate.awaitFinished(2, 10, TimeUnit.SECONDS)).isTrue();

            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= sent.get(); i++) {
                expected.add("boot-1 " + i + "|B");
            }
            expected.addAll(List.of("boot-2 1001|B", "boot-2 1002|B", "boot-2 1003|B"));
            assertThat(lines()).isEqualTo(expected);
            assertSessionsInOrder("boot-1", "boot-2");
        } finally {
            pacer.shutdownNow();
        }
    }

    @Test
    void stoppingTheListenerCutsAPartialLastLineWithoutRejectingItAndClosesWaitingSourcesUnread() throws Exception {
        start(0, 4, 64);
        try (Socket current = connect(); Socket waiting = connect()) {
            send(current, "1|B\n80");
            send(waiting, "2|B\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> stats.linesRead() == 1 && gate.waitingCount() == 1);

            server.stopAccepting();
            assertThat(gate.awaitFinished(1, 30, TimeUnit.SECONDS)).as("every session over, none waiting").isTrue();
        }
        assertThat(stats.rejectedTotal()).isZero();
        assertThat(stats.linesRead()).isEqualTo(1);
        assertThat(lines()).containsExactly("boot-1 1|B");
        assertThat(gate.waitingCount()).isZero();
    }
}
