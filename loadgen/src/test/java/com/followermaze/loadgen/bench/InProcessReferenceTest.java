package com.followermaze.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InProcessReferenceTest {

    /** Two ports bound on 127.0.0.1 with port 0 and read back, then freed for the server to bind. */
    private static int[] freePorts() throws IOException {
        try (ServerSocket one = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket two = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] {one.getLocalPort(), two.getLocalPort()};
        }
    }

    /** Whether a listening socket can be bound on {@code port} of 127.0.0.1 now. */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aClosedReferenceServerHasFreedBothItsPorts() throws Exception {
        int[] ports = freePorts();
        InProcessReference server = InProcessReference.start(ports[0], ports[1]);
        try (Socket source = new Socket("127.0.0.1", ports[0]); Socket user = new Socket("127.0.0.1", ports[1])) {
            server.close();
        }
        assertThat(bindable(ports[0])).as("event port %d", ports[0]).isTrue();
        assertThat(bindable(ports[1])).as("user port %d", ports[1]).isTrue();
    }

    @Test
    void aPortInUseIsASetupErrorNamingItAndThePortBoundBeforeItIsFreedAgain() throws Exception {
        int[] ports = freePorts();
        String message;
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", ports[1]));
            message = catchThrowableOfType(BenchSetupException.class,
                    () -> InProcessReference.start(ports[0], ports[1])).getMessage();
        }
        assertThat(message).startsWith("the reference server could not bind 127.0.0.1:" + ports[1]
                + ": Address already in use; another process may have taken it");
        assertThat(bindable(ports[0])).as("event port %d, bound before the user port failed", ports[0]).isTrue();
    }
}
