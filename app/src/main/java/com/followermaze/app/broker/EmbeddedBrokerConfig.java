package com.followermaze.app.broker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the {@link EmbeddedBroker}.
 *
 * @param bindHost      the address to listen on: an IP address or host name, {@code "*"} for all
 * @param port          the TCP port, or 0 for one the system picks (then kept across restarts)
 * @param username      the one user the broker accepts
 * @param password      that user's password
 * @param dataDirectory where the broker keeps its store (durable exchanges and queues with their
 *                      settings, and the persistent messages on them), kept after the broker
 *                      closes, so that a broker started later on it finds them again. Empty:
 *                      the store is in memory, lost when the broker stops.
 */
public record EmbeddedBrokerConfig(String bindHost, int port, String username, String password,
                                   Optional<Path> dataDirectory) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final String DEFAULT_USERNAME = "guest";
    public static final String DEFAULT_PASSWORD = "guest";

    public EmbeddedBrokerConfig {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost: \"" + bindHost + "\" (expected an address, or * for all)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected 0..65535)");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username: \"" + username + "\" (expected a name)");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /** On loopback, user {@value #DEFAULT_USERNAME}, an in-memory store. */
    public static EmbeddedBrokerConfig onLoopback(int port) {
        return new EmbeddedBrokerConfig(LOOPBACK, port, DEFAULT_USERNAME, DEFAULT_PASSWORD, Optional.empty());
    }

    /** This configuration with its store kept in {@code directory}. */
    public EmbeddedBrokerConfig withDataDirectory(Path directory) {
        return new EmbeddedBrokerConfig(bindHost, port, username, password, Optional.of(directory));
    }

    @Override
    public String toString() {
        // The password stays out of logs and failure messages.
        return "EmbeddedBrokerConfig[bindHost=" + bindHost + ", port=" + port + ", username=" + username
                + ", dataDirectory=" + dataDirectory.map(Path::toString).orElse("(in memory)") + "]";
    }
}
