package com.followermaze.loadgen.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A server that reads and discards everything, for measuring how fast the loadgen itself can
 * push events (run the loadgen with {@code --clients 0} against it: it notifies nobody).
 * A thread per connection: only ever a handful. Not used by the tests.
 *
 * <pre>java -cp loadgen/target/test-classes com.followermaze.loadgen.server.DiscardServer [eventPort] [userPort]</pre>
 */
public final class DiscardServer {

    private DiscardServer() {
    }

    public static void main(String[] args) throws IOException {
        int eventPort = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
        int userPort = args.length > 1 ? Integer.parseInt(args[1]) : 9099;
        for (int port : new int[] {eventPort, userPort}) {
            ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
            Thread acceptor = new Thread(() -> acceptForever(server), "discard-accept-" + port);
            acceptor.start();
        }
        System.err.println("discarding on 127.0.0.1:" + eventPort + " and 127.0.0.1:" + userPort);
    }

    private static void acceptForever(ServerSocketChannel server) {
        try {
            while (true) {
                SocketChannel connection = server.accept();
                new Thread(() -> discard(connection), "discard-read").start();
            }
        } catch (IOException e) {
            throw new IllegalStateException("accept failed", e);
        }
    }

    private static void discard(SocketChannel connection) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long total = 0;
        try (connection) {
            int read;
            while ((read = connection.read(buffer)) >= 0) {
                total += read;
                buffer.clear();
            }
        } catch (IOException e) {
            System.err.println("connection ended: " + e.getMessage());
        }
        System.err.println("discarded " + total + " bytes");
    }
}
