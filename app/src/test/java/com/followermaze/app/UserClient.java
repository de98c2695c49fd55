package com.followermaze.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A user client over a real socket on 127.0.0.1: sends its id, then collects every line it receives. */
final class UserClient implements AutoCloseable {

    final int user;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Socket socket;

    UserClient(int port, int user) throws IOException {
        this.user = user;
        this.socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write((user + "\n").getBytes(StandardCharsets.US_ASCII));
        Thread reader = new Thread(this::read, "user-" + user);
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
