package com.followermaze.common.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.io.UncheckedIOException;

/**
 * Whether the TCP ports a launcher binds can be bound, checked before anything starts (so that
 * {@code follower-maze} says so before its embedded broker's start-up), and the same words
 * for a real bind that fails anyway (another process may take a port between the check and
 * the bind).
 */
public final class TcpPorts {

    /** How the launchers name the settings of the ports they bind. */
    public static final String BIND = "--bind / BIND_ADDRESS";
    public static final String EVENT_PORT = "--event-port / EVENT_PORT";
    public static final String USER_PORT = "--user-port / USER_PORT";
    public static final String HTTP_PORT = "--http-port / HTTP_PORT";

    /** A port to bind on the bind address, with the setting it comes from; 0 picks a free one. */
    public record Port(String setting, int port) {
    }

    private TcpPorts() {
    }

    /**
     * Checks that {@code bindAddress} is an address of this machine and that each port (but
     * those of 0) can be bound on it now, by binding and releasing it; all are held at once, so
     * one port given to two settings is found too.
     *
     * @throws PortUnavailableException naming the setting, the address and the port
     */
    public static void check(String bindAddress, List<Port> ports) {
        InetAddress address = localAddress(bindAddress);
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (Port port : ports) {
                if (port.port() == 0) {
                    continue;
                }
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                try {
                    socket.bind(new InetSocketAddress(address, port.port()));
                } catch (IOException e) {
                    throw unavailable(bindAddress, port, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a socket to check the ports", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // A socket that fails to close was never bound or is gone: nothing to release.
                }
            }
        }
    }

    /**
     * {@code failure} (from a server's bind, perhaps wrapped) said as {@link #check} says it,
     * or empty when it is no bind failure.
     */
    public static Optional<PortUnavailableException> explain(Throwable failure, String bindAddress, Port port) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PortUnavailableException known) {
                return Optional.of(known);
            }
            String message = t.getMessage() == null ? "" : t.getMessage();
            // Netty's native transport throws a plain IOException: "bind(..) failed with error(-98): ...".
            if (t instanceof BindException || message.startsWith("bind(")) {
                return Optional.of(unavailable(bindAddress, port, t));
            }
        }
        return Optional.empty();
    }

    private static PortUnavailableException unavailable(String bindAddress, Port port, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String where = bindAddress + ":" + port.port();
        if (reason.contains("already in use")) {
            return new PortUnavailableException(port.setting() + ": " + where + " is already in use", cause);
        }
        if (reason.contains("Cannot assign requested address")) {
            return new PortUnavailableException(BIND + ": " + bindAddress + " is not an address of this machine", cause);
        }
        String cleaned = reason.replaceFirst("^bind\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
        return new PortUnavailableException(port.setting() + ": " + where + " cannot be bound (" + cleaned + ")", cause);
    }

    private static InetAddress localAddress(String bindAddress) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new PortUnavailableException(BIND + ": " + bindAddress
                    + " (expected an IP address of this machine, or 0.0.0.0 for every interface: unknown host)", e);
        }
        try {
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress()
                    && NetworkInterface.getByInetAddress(address) == null) {
                throw new PortUnavailableException(BIND + ": " + bindAddress + " is not an address of this machine", null);
            }
        } catch (SocketException e) {
            // The interfaces cannot be listed: the bind itself will tell.
        }
        return address;
    }
}
