package com.followermaze.processor.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;

import io.netty.buffer.ByteBufAllocator;

/**
 * The notifier against a real user server on 127.0.0.1, with its real event loops and the
 * production rest between rounds: the test thread plays the engine, flushing when a loop asks.
 */
@Timeout(60)
class ChannelNotifierSocketTest {

    private static final int CLIENTS = 200;
    private static final int EVENTS = 3_000;

    private final UserRegistry registry = new UserRegistry();
    private final DeliveryStats stats = new DeliveryStats();
    private final List<Socket> sockets = new ArrayList<>();
    private UserServer server;

    @AfterEach
    void close() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyClientReceivesEveryNotificationInOrderAndFinishDeliversTheLast() throws Exception {
        server = new UserServer(new UserChannelInitializer(registry, stats, Duration.ofSeconds(5), 32,
                new UserConnectionLimit(1000)), 2, 1 << 20);
        InetSocketAddress address = server.bind("127.0.0.1", 0);
        for (int user = 1; user <= CLIENTS; user++) {
            Socket socket = new Socket();
            socket.connect(address, 30_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((user + "\n").getBytes(US_ASCII));
            sockets.add(socket);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == CLIENTS);

        AtomicBoolean flushAsked = new AtomicBoolean();
        ChannelNotifier notifier = new ChannelNotifier(registry, LineTerminator.LF,
                new DisconnectSlowClients(stats, Duration.ofSeconds(5), 4 << 20), stats, ByteBufAllocator.DEFAULT);
        notifier.wakeEngineWith(() -> flushAsked.set(true));
        List<List<String>> expected = new ArrayList<>();
        for (int user = 0; user <= CLIENTS; user++) {
            expected.add(new ArrayList<>());
        }
        for (int seq = 1; seq <= EVENTS; seq++) {
            if (seq % 10 == 0) {
                notifier.notifyAllUsers(event(seq + "|B"));
                for (int user = 1; user <= CLIENTS; user++) {
                    expected.get(user).add(seq + "|B");
                }
            } else {
                int to = 1 + seq % CLIENTS;
                notifier.notifyUser(to, event(seq + "|P|999|" + to));
                expected.get(to).add(seq + "|P|999|" + to);
            }
            if (seq % 7 == 0 || flushAsked.getAndSet(false)) {
                notifier.flush();
            }
        }
        notifier.finish(Duration.ofSeconds(10));

        // The clients are read only now: the last rounds wait in the socket buffers (200 KB each at most).
        for (int user = 1; user <= CLIENTS; user++) {
            BufferedReader in = new BufferedReader(new InputStreamReader(sockets.get(user - 1).getInputStream(), US_ASCII));
            for (String line : expected.get(user)) {
                assertThat(in.readLine()).as("user %d", user).isEqualTo(line);
            }
        }
        assertThat(stats.notifications()).isEqualTo(EVENTS / 10 * CLIENTS + (EVENTS - EVENTS / 10));
        assertThat(stats.slowClientDisconnects()).isZero();
    }

    private static Event event(String line) {
        return (Event) EventParser.parse(line);
    }
}
