package com.followermaze.common.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A user client over a real socket: sends its id (ended with CRLF, which the user port must
 * accept like LF), then collects every line it receives.
 */
public final class UserClient implements AutoCloseable {

    private final int userId;
    private final Socket socket;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** A user on 127.0.0.1:{@code port}. */
    public UserClient(int port, int userId) throws IOException {
        this(new InetSocketAddress("127.0.0.1", port), userId);
    }

    public UserClient(InetSocketAddress server, int userId) throws IOException {
        this.userId = userId;
        this.socket = new Socket();
        socket.connect(server, 5_000);
        OutputStream out = socket.getOutputStream();
        out.write((userId + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread reader = new Thread(this::read, "user-" + userId);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    public int userId() {
        return userId;
    }

    /** The lines received so far, a copy. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
