package com.followermaze.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.config.TcpPorts.Port;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TcpPortsTest {

    private static ServerSocket occupied() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    @Test
    void aPortInUseIsNamedBySettingAddressAndPort() throws IOException {
        try (ServerSocket taken = occupied()) {
            assertThatThrownBy(() -> TcpPorts.check("127.0.0.1", List.of(new Port(TcpPorts.EVENT_PORT, taken.getLocalPort()))))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessage("--event-port / EVENT_PORT: 127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void freePortsAndPortZeroPassAndAreReleased() throws IOException {
        int free;
        try (ServerSocket probe = occupied()) {
            free = probe.getLocalPort();
        }
        TcpPorts.check("127.0.0.1", List.of(new Port(TcpPorts.USER_PORT, free), new Port(TcpPorts.HTTP_PORT, 0)));
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", free));
        }
    }

    @Test
    void onePortGivenToTwoSettingsIsInUseForTheSecond() throws IOException {
        int free;
        try (ServerSocket probe = occupied()) {
            free = probe.getLocalPort();
        }
        int port = free;
        assertThatThrownBy(() -> TcpPorts.check("127.0.0.1",
                List.of(new Port(TcpPorts.EVENT_PORT, port), new Port(TcpPorts.USER_PORT, port))))
                .hasMessage("--user-port / USER_PORT: 127.0.0.1:" + port + " is already in use");
    }

    @Test
    void anAddressThisMachineDoesNotHaveIsNamedAsSuch() {
        // 192.0.2.0/24 is reserved for documentation: no machine has it.
        assertThatThrownBy(() -> TcpPorts.check("192.0.2.1", List.of(new Port(TcpPorts.EVENT_PORT, 9090))))
                .isInstanceOf(PortUnavailableException.class)
                .hasMessage("--bind / BIND_ADDRESS: 192.0.2.1 is not an address of this machine");
    }

    @Test
    void anUnknownHostIsABadBindAddress() {
        assertThatThrownBy(() -> TcpPorts.check("no-such-host.invalid", List.of()))
                .hasMessageStartingWith("--bind / BIND_ADDRESS: no-such-host.invalid (expected an IP address of this machine");
    }

    @Test
    void aRealBindThatFailsAfterTheCheckIsSaidTheSameWay() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ServerSocket taken = occupied()) {
            Throwable failure = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .bind("127.0.0.1", taken.getLocalPort()).await().cause();

            assertThat(TcpPorts.explain(failure, "127.0.0.1", new Port(TcpPorts.EVENT_PORT, taken.getLocalPort())))
                    .hasValueSatisfying(e -> assertThat(e).hasMessage(
                            "--event-port / EVENT_PORT: 127.0.0.1:" + taken.getLocalPort() + " is already in use"));
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await();
        }
    }

    @Test
    void aFailureThatIsNoBindIsNotExplained() {
        assertThat(TcpPorts.explain(new IOException("connection reset"), "127.0.0.1", new Port(TcpPorts.EVENT_PORT, 1)))
                .isEmpty();
    }

    @Test
    void theNativeTransportsBindFailureIsSaidTheSameWay() {
        // What Netty's epoll transport throws, as a plain IOException.
        IOException nativeFailure = new IOException("bind(..) failed with error(-98): Address already in use");

        assertThat(TcpPorts.explain(nativeFailure, "0.0.0.0", new Port(TcpPorts.USER_PORT, 9099)))
                .hasValueSatisfying(e -> assertThat(e).hasMessage("--user-port / USER_PORT: 0.0.0.0:9099 is already in use"));
    }
}
