package com.followermaze.processor.delivery;

import java.util.concurrent.atomic.LongAdder;

/**
 * The user side's counters: notifications written, user connections rejected, replaced,
 * refused, failed and slow. Written by the users' event loops (and the engine thread, for
 * what it hands them); every value is safe to read from any thread at any time.
 */
public final class DeliveryStats {

    private final LongAdder notifications = new LongAdder();
    private final LongAdder userWrites = new LongAdder();
    private final LongAdder usersRejected = new LongAdder();
    private final LongAdder usersReplaced = new LongAdder();
    private final LongAdder userConnectionsRefused = new LongAdder();
    private final LongAdder tlsHandshakesFailed = new LongAdder();
    private final LongAdder slowClientDisconnects = new LongAdder();
    private final LongAdder slowClientDrops = new LongAdder();

    /** {@code count} notifications handed to user connections in {@code writes} writes (one per user per round). */
    void notificationsWritten(int count, int writes) {
        notifications.add(count);
        userWrites.add(writes);
    }

    void userRejected() {
        usersRejected.increment();
    }

    void userReplaced() {
        usersReplaced.increment();
    }

    /** A user connection closed at once: the connection limit was reached. */
    void userConnectionRefused() {
        userConnectionsRefused.increment();
    }

    void tlsHandshakeFailed() {
        tlsHandshakesFailed.increment();
    }

    void slowClientDisconnected() {
        slowClientDisconnects.increment();
    }

    void slowClientDropped(int notificationsDropped) {
        slowClientDrops.add(notificationsDropped);
    }

    /** Writes to user connections; each carries one or more notifications. */
    public long userWrites() {
        return userWrites.sum();
    }

    public long notifications() {
        return notifications.sum();
    }

    public long usersRejected() {
        return usersRejected.sum();
    }

    public long usersReplaced() {
        return usersReplaced.sum();
    }

    /** User connections closed at once because {@code --max-user-connections} were open. */
    public long userConnectionsRefused() {
        return userConnectionsRefused.sum();
    }

    /** User connections closed because their TLS handshake failed (with {@code --user-tls}). */
    public long tlsHandshakesFailed() {
        return tlsHandshakesFailed.sum();
    }

    public long slowClientDisconnects() {
        return slowClientDisconnects.sum();
    }

    public long slowClientDrops() {
        return slowClientDrops.sum();
    }
}
