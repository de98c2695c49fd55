package com.followermaze.processor.delivery;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connected users, by id. I/O threads register and unregister connections; the engine
 * thread looks them up. A user id has at most one connection: registering a second one
 * replaces the first, which the caller then closes (the newest connection wins, so a client
 * that reconnects after a network failure is not locked out by its own stale connection).
 */
public final class UserRegistry {

    private final ConcurrentHashMap<Integer, UserConnection> connections = new ConcurrentHashMap<>();

    /** Enters {@code connection}; returns the connection it replaces, or {@code null}. */
    public UserConnection register(UserConnection connection) {
        return connections.put(connection.userId(), connection);
    }

    /** Removes {@code connection}, unless its id already belongs to a newer connection. */
    public void unregister(UserConnection connection) {
        connections.remove(connection.userId(), connection);
    }

    /** The connection of {@code userId}, or {@code null} when the user is not connected. */
    public UserConnection get(int userId) {
        return connections.get(userId);
    }

    /** A live view of the connected users. */
    public Collection<UserConnection> all() {
        return connections.values();
    }

    public int size() {
        return connections.size();
    }
}
