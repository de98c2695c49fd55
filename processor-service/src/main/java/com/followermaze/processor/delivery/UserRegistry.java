package com.followermaze.processor.delivery;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

import org.jctools.maps.NonBlockingHashMapLong;

/**
 * The connected users, by id. I/O threads register and unregister connections; the engine
 * thread looks them up. A user id has at most one connection: registering a second one
 * replaces the first, which the caller then closes (the newest connection wins, so a client
 * that reconnects after a network failure is not locked out by its own stale connection).
 * The ids are primitive keys: the engine's lookup, once per notification, allocates nothing.
 */
public final class UserRegistry {

    private final NonBlockingHashMapLong<UserConnection> connections = new NonBlockingHashMapLong<>();
    private final AtomicLong version = new AtomicLong();

    /** Enters {@code connection}; returns the connection it replaces, or {@code null}. */
    public UserConnection register(UserConnection connection) {
        UserConnection replaced = connections.put(connection.userId(), connection);
        version.incrementAndGet();
        return replaced;
    }

    /** Removes {@code connection}, unless its id already belongs to a newer connection. */
    public void unregister(UserConnection connection) {
        if (connections.remove(connection.userId(), connection)) {
            version.incrementAndGet();
        }
    }

    /**
     * Changes with every registration and removal, after the change is made: a reader that saw
     * a version and then read {@link #all()} has every change up to that version.
     */
    public long version() {
        return version.get();
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
