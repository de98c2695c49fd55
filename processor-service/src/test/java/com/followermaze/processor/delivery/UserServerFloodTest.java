package com.followermaze.processor.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection floods on the user port, over real sockets on 127.0.0.1: 10,000 connections opened
 * and closed, registering, sending garbage or saying nothing, leave nothing behind; and the
 * connection limit holds on a real server.
 */
@Timeout(60)
class UserServerFloodTest {

    private static final int FLOOD = 10_000;
    /** Connections the flood keeps open at once, so that registration and closing overlap. */
    private static final int OPEN_AT_ONCE = 50;
    /** File descriptors that may come and go meanwhile (the JVM's own: jars, selectors). */
    private static final int FD_TOLERANCE = 20;

    private final UserRegistry registry = new UserRegistry();
    private final DeliveryStats stats = new DeliveryStats();
    private UserConnectionLimit limit;
    private UserServer server;
    private InetSocketAddress address;

    private void start(int maxConnections) throws InterruptedException {
        limit = new UserConnectionLimit(maxConnections);
        server = new UserServer(new UserChannelInitializer(registry, stats, Duration.ofSeconds(5), 32, limit), 1, 64 * 1024);
        address = server.bind("127.0.0.1", 0);
    }

    @BeforeEach
    void noServerYet() {
        server = null;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 30_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void tenThousandConnectionsOpenedAndClosedLeaveNoUserNoConnectionAndNoFileDescriptorBehind() throws Exception {
        start(20_000);
        // Warm up (the event loops' selectors and the classes), so the baseline is steady.
        try (Socket warmUp = connect()) {
            warmUp.getOutputStream().write("1\n".getBytes(US_ASCII));
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.size() == 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> limit.open() == 0);
        long fdsBefore = openFileDescriptors();

        Deque<Socket> open = new ArrayDeque<>();
        for (int i = 0; i < FLOOD; i++) {
            Socket socket = connect();
            OutputStream out = socket.getOutputStream();
            switch (i % 4) {
                case 0 -> out.write((i + "\n").getBytes(US_ASCII));         // registers
                case 1 -> out.write("not a user\n".getBytes(US_ASCII));    // garbage: the server closes it
                case 2 -> out.write(new byte[] {(byte) 0xff, 0, '\n'});     // binary junk
                default -> { }                                              // says nothing
            }
            if (i % 8 == 7) {
                socket.setSoLinger(true, 0); // some end with a reset instead of a FIN
            }
            open.addLast(socket);
            if (open.size() > OPEN_AT_ONCE) {
                open.removeFirst().close();
            }
        }
        while (!open.isEmpty()) {
            open.removeFirst().close();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(registry.size()).as("registered users").isZero();
            assertThat(limit.open()).as("open user connections (the gauge)").isZero();
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(openFileDescriptors()).as("file descriptors").isLessThanOrEqualTo(fdsBefore + FD_TOLERANCE));
        assertThat(stats.userConnectionsRefused()).isZero();
        assertThat(stats.usersRejected()).as("garbage and junk ids").isGreaterThanOrEqualTo(FLOOD / 4);
    }

    @Test
    void onARealServerConnectionsBeyondTheLimitAreClosedAtOnceAndLaterOnesAdmittedAgain() throws Exception {
        start(3);
        try (Socket registered = connect(); Socket silent = connect(); Socket another = connect()) {
            registered.getOutputStream().write("1\n".getBytes(US_ASCII));
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.size() == 1 && limit.open() == 3);

            try (Socket beyond = connect()) {
                assertThat(beyond.getInputStream().read()).as("closed at once").isEqualTo(-1);
            }
            assertThat(stats.userConnectionsRefused()).isEqualTo(1);
            assertThat(silent.isClosed()).isFalse();

            another.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> limit.open() == 2);
            try (Socket next = connect()) {
                next.getOutputStream().write("2\n".getBytes(US_ASCII));
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.get(2) != null);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> limit.open() == 0 && registry.size() == 0);
        assertThat(stats.userConnectionsRefused()).isEqualTo(1);
    }
}
