package com.followermaze.processor.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A user client over a real socket: sends its id, then collects every line it receives. */
final class UserClient implements AutoCloseable {

    private final int userId;
    private final Socket socket;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    UserClient(InetSocketAddress server, int userId) throws IOException {
        this.userId = userId;
        this.socket = new Socket();
        socket.connect(server, 5_000);
        OutputStream out = socket.getOutputStream();
        out.write((userId + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        reader = new Thread(this::read, "user-" + userId);
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

    int userId() {
        return userId;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    void clear() {
        lines.clear();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
