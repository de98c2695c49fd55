package com.followermaze.loadgen.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event source's connections over real sockets: what each one carries, and when each one ends. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventSourceTest {

    /** A bound on waits for progress: generous, for a slow, shared machine. */
    private static final int READ_BOUND_MILLIS = 20_000;
    /** Long enough to tell an open, silent connection from a closed one, which ends at once. */
    private static final int SILENCE_MILLIS = 300;

    private static ServerSocket server() throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server.setSoTimeout(READ_BOUND_MILLIS);
        return server;
    }

    private static Endpoint endpointOf(ServerSocket server) {
        return new Endpoint("127.0.0.1", server.getLocalPort());
    }

    private static Socket accept(ServerSocket server) throws IOException {
        Socket socket = server.accept();
        socket.setSoTimeout(READ_BOUND_MILLIS);
        return socket;
    }

    private static void write(EventSource source, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        source.write(bytes, bytes.length);
    }

    private static byte[] readToEnd(Socket socket) throws IOException {
        return socket.getInputStream().readAllBytes();
    }

    @Test
    void reconnectingSendsTheRestOnTheNewConnectionAndEndsTheOldOne() throws Exception {
        try (ServerSocket server = server();
             EventSource source = EventSource.open(endpointOf(server), Duration.ofMillis(READ_BOUND_MILLIS), false)) {
            Socket first = accept(server);
            write(source, "1|B\n");

            source.reconnect();
            Socket second = accept(server);
            write(source, "2|B\n");
            source.finish();

            assertThat(readToEnd(first)).containsExactly("1|B\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(second)).containsExactly("2|B\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(source.connections()).isEqualTo(2);
            first.close();
            second.close();
        }
    }

    @Test
    void leavingOpenKeepsTheOldConnectionOpenAndSilentUntilClose() throws Exception {
        try (ServerSocket server = server();
             EventSource source = EventSource.open(endpointOf(server), Duration.ofMillis(READ_BOUND_MILLIS), true)) {
            Socket first = accept(server);
            write(source, "1|B\n");
            source.reconnect();
            Socket second = accept(server);
            write(source, "2|B\n");
            source.finish();

            assertThat(readToEnd(second)).containsExactly("2|B\n".getBytes(StandardCharsets.US_ASCII));
            InputStream old = first.getInputStream();
            assertThat(old.readNBytes(4)).containsExactly("1|B\n".getBytes(StandardCharsets.US_ASCII));
            first.setSoTimeout(SILENCE_MILLIS);
            assertThatExceptionOfType(SocketTimeoutException.class).as("still open, and silent").isThrownBy(old::read);

            source.close();
            first.setSoTimeout(READ_BOUND_MILLIS);
            assertThat(old.read()).as("closed when the run ends").isEqualTo(-1);
            first.close();
            second.close();
        }
    }

    @Test
    void aReconnectionThatCannotConnectFails() throws Exception {
        ServerSocket server = server();
        try (EventSource source = EventSource.open(endpointOf(server), Duration.ofMillis(READ_BOUND_MILLIS), false)) {
            accept(server).close();
            server.close();
            assertThatExceptionOfType(IOException.class).isThrownBy(source::reconnect);
        }
    }
}
