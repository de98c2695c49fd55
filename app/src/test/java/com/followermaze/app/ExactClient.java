package com.followermaze.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A user client as other test suites for this protocol write them: it sends its id with a
 * terminator of its choice and keeps every byte it receives, to be compared exactly (a
 * notification's terminator included). It never closes its socket on its own.
 */
final class ExactClient implements AutoCloseable {

    private final int userId;
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    ExactClient(InetSocketAddress server, int userId, String terminator) throws IOException {
        this.userId = userId;
        this.socket = new Socket();
        socket.connect(server, 30_000);
        socket.getOutputStream().write((userId + terminator).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread reader = new Thread(this::read, "exact-user-" + userId);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] chunk = new byte[4096];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                synchronized (received) {
                    received.write(chunk, 0, n);
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    int userId() {
        return userId;
    }

    /** Everything received so far, as text. */
    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.US_ASCII);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
